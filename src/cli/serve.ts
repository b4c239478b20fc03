/**
 * `npm start` / `npm run serve`: serves the built app (`build/`) on 127.0.0.1, as a council's web
 * server should (see README, "Deploying"):
 * - every path that is not a file gets the app shell (`200.html`), because routing happens in
 *   the browser (`/` is `index.html`: the same shell with the first page's files preloaded);
 * - precompressed brotli and gzip files are sent when the browser accepts them;
 * - files under `/_app/immutable/` carry a content hash in their names, so they are cached for a
 *   year and never revalidated; everything else (the shell, the service worker, the manifest) is
 *   revalidated on every visit, so an update is seen at once.
 *
 * - with `HW_TEAM_SERVER=http://127.0.0.1:PORT`, `/couchdb/` is passed to that team server (a
 *   CouchDB or pouchdb-server on this machine), as a council's reverse proxy does, so the app
 *   reaches it on its own origin and the CSP stays `connect-src 'self'`. Loopback only.
 *
 * Usage: tsx src/cli/serve.ts [--port N] (default 4173, or HW_PORT).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import sirv from 'sirv';

const ROOT = join(import.meta.dirname, '..', '..');
const BUILD = join(ROOT, 'build');
const IMMUTABLE = '/_app/immutable/';

const portArg = process.argv.indexOf('--port');
const port = Number(portArg > 0 ? process.argv[portArg + 1] : (process.env.HW_PORT ?? 4173));
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
	console.error(`serve: the port must be a whole number from 1 to 65535, not "${String(port)}".`);
	process.exit(64);
}
if (!existsSync(join(BUILD, '200.html'))) {
	console.error('serve: there is no build to serve. Run `npm run build` first.');
	process.exit(66);
}

const files = sirv(BUILD, {
	single: '200.html',
	gzip: true,
	brotli: true,
	etag: true,
	setHeaders(res, pathname) {
		res.setHeader(
			'Cache-Control',
			pathname.startsWith(IMMUTABLE) ? 'public, max-age=31536000, immutable' : 'no-cache'
		);
	}
});

const TEAM_PATH = '/couchdb/';
const teamServer = process.env.HW_TEAM_SERVER ? new URL(process.env.HW_TEAM_SERVER) : null;
if (teamServer && !['127.0.0.1', 'localhost', '[::1]'].includes(teamServer.hostname)) {
	console.error('serve: HW_TEAM_SERVER must be on this machine (127.0.0.1), for tests only.');
	process.exit(64);
}

/** Passes a request under /couchdb/ to the team server, cookies and all, and streams the reply. */
function proxyTeam(target: URL, req: IncomingMessage, res: ServerResponse): void {
	const path = (req.url ?? '/').slice(TEAM_PATH.length - 1);
	const headers = { ...req.headers, host: target.host };
	const upstream = request(
		{ hostname: target.hostname, port: target.port, path, method: req.method, headers },
		(reply) => {
			res.writeHead(reply.statusCode ?? 502, reply.headers);
			reply.pipe(res);
			// The team server gone mid-reply (stopped, crashed): the browser's request fails too, as
			// behind nginx, rather than waiting for ever on a long poll that will never answer.
			reply.on('close', () => {
				if (!reply.complete) res.destroy();
			});
		}
	);
	upstream.on('error', () => {
		if (!res.headersSent)
			res
				.writeHead(502, { 'Content-Type': 'application/json' })
				.end(JSON.stringify({ error: 'bad_gateway', reason: 'The team server is not answering.' }));
		else res.destroy();
	});
	req.pipe(upstream);
}

/** A hashed file this build does not have: a 404, never the shell cached for a year under its name. */
function missingImmutable(url: string | undefined): boolean {
	const path = decodeURIComponent(new URL(url ?? '/', 'http://x').pathname);
	if (!path.startsWith(IMMUTABLE)) return false;
	const file = join(BUILD, path);
	return !file.startsWith(BUILD + sep) || !existsSync(file);
}

createServer((req, res) => {
	if (teamServer && req.url?.startsWith(TEAM_PATH)) {
		proxyTeam(teamServer, req, res);
		return;
	}
	try {
		if (missingImmutable(req.url)) {
			res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
			return;
		}
	} catch {
		res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request');
		return;
	}
	files(req, res);
})
	.on('error', (e: NodeJS.ErrnoException) => {
		console.error(
			e.code === 'EADDRINUSE'
				? `serve: port ${port} is already in use. Stop what is using it, or choose another with --port.`
				: `serve: the server could not start: ${e.message}`
		);
		process.exit(69);
	})
	.listen(port, '127.0.0.1', () => {
		console.log(`Homeward is being served on http://127.0.0.1:${port}/ (Ctrl+C stops it)`);
	});
