/**
 * `npm run team:setup -- --url URL --db NAME --admin-user NAME [--team-admin NAME…] [--print]`
 *
 * Prepares a CouchDB database for a Homeward team: creates it if needed, sets its `_security`
 * (members: the practitioner and manager roles; admins: the named team administrators) and
 * installs or updates `_design/homeward`, whose `validate_doc_update` enforces the team rules on
 * the server. Safe to run again: after upgrading Homeward, run it again to install the current
 * record schema. The admin password is read from the HOMEWARD_ADMIN_PASSWORD environment variable
 * (never from the command line, where other users of the machine could see it).
 *
 * Exits 0 when done, 1 when the server refused or could not be reached, 2 for a wrong command
 * line, 70 for a fault in Homeward. Messages are sentences, never stack traces.
 */
import { TEAM_ROLES } from '../lib/domain/team-rules.ts';
import { DESIGN_DOC_ID } from '../lib/storage/team/team-document.ts';
import { buildDesignDocument, type DesignDocument } from './team-design.ts';
import { CliError } from './rules-files.ts';
import { readArgs, type SetupArgs } from './team-setup-args.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** What the database's `_security` becomes. */
function securityObject(teamAdmins: readonly string[]) {
	return {
		admins: { names: [...teamAdmins], roles: [] },
		members: { names: [], roles: [TEAM_ROLES.practitioner, TEAM_ROLES.manager] }
	};
}

interface Reply {
	status: number;
	body: Record<string, unknown>;
}

function client(args: SetupArgs) {
	const auth = `Basic ${Buffer.from(`${args.adminUser}:${args.password}`).toString('base64')}`;
	return async (method: string, path: string, body?: unknown): Promise<Reply> => {
		let response: Response;
		try {
			response = await fetch(`${args.url}${path}`, {
				method,
				headers: {
					authorization: auth,
					accept: 'application/json',
					...(body === undefined ? {} : { 'content-type': 'application/json' })
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(30_000)
			});
		} catch (e) {
			const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name;
			throw new CliError(
				`Could not reach the team server at ${args.url} (${cause}). Check the address and that the server is running.`
			);
		}
		const text = await response.text();
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = {};
		}
		return {
			status: response.status,
			body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {}
		};
	};
}

const said = (r: Reply): string =>
	typeof r.body.reason === 'string'
		? `: ${r.body.reason.replace(/\.+$/, '')}`
		: ` (HTTP ${r.status})`;

async function setup(
	args: SetupArgs,
	design: DesignDocument,
	log: (line: string) => void
): Promise<void> {
	const call = client(args);
	const dbPath = `/${encodeURIComponent(args.db)}`;

	const welcome = await call('GET', '/');
	if (welcome.status === 401)
		throw new CliError(
			`The server did not accept the user name and password for "${args.adminUser}"${said(welcome)}. Check HOMEWARD_ADMIN_PASSWORD.`
		);
	if (welcome.status !== 200 || !('couchdb' in welcome.body || 'express-pouchdb' in welcome.body))
		throw new CliError(`${args.url} does not answer as a CouchDB server${said(welcome)}.`);

	const session = await call('GET', '/_session');
	const roles = (session.body.userCtx as { roles?: unknown } | undefined)?.roles;
	if (session.status === 401 || !Array.isArray(roles) || roles.length === 0)
		throw new CliError(
			`The server did not accept the user name and password for "${args.adminUser}"${said(session)}. Check HOMEWARD_ADMIN_PASSWORD.`
		);
	if (!roles.includes('_admin'))
		throw new CliError(
			`"${args.adminUser}" is not a server admin on ${args.url}: team setup needs one (CouchDB's [admins] section).`
		);

	const created = await call('PUT', dbPath);
	if (created.status === 201 || created.status === 202) log(`Created the database "${args.db}".`);
	else if (created.status === 412) log(`The database "${args.db}" already exists: updating it.`);
	else throw new CliError(`The server would not create the database "${args.db}"${said(created)}.`);

	const security = securityObject(args.teamAdmins);
	const secured = await call('PUT', `${dbPath}/_security`, security);
	if (secured.status !== 200)
		throw new CliError(`The server would not set the database's members${said(secured)}.`);
	log(
		`Members: users with the role ${TEAM_ROLES.practitioner} or ${TEAM_ROLES.manager}; team administrators: ${
			args.teamAdmins.length > 0 ? args.teamAdmins.join(', ') : 'server admins only'
		}.`
	);

	const ddocPath = `${dbPath}/${DESIGN_DOC_ID}`;
	const existing = await call('GET', ddocPath);
	const rev = existing.status === 200 ? existing.body._rev : undefined;
	const current = (existing.body.homeward as { validateHash?: unknown } | undefined)?.validateHash;
	if (current === design.homeward.validateHash) {
		log(
			`The design document ${DESIGN_DOC_ID} is already current (record version ${design.homeward.recordSchemaVersion}).`
		);
		return;
	}
	const installed = await call('PUT', ddocPath, {
		...design,
		...(typeof rev === 'string' ? { _rev: rev } : {})
	});
	if (installed.status !== 201 && installed.status !== 202)
		throw new CliError(`The server would not install ${DESIGN_DOC_ID}${said(installed)}.`);
	log(
		`${typeof rev === 'string' ? 'Updated' : 'Installed'} ${DESIGN_DOC_ID}: writes are checked against record version ${design.homeward.recordSchemaVersion} and the team rules (${Math.round(design.validate_doc_update.length / 1024)} KB function).`
	);
}

async function main(): Promise<void> {
	const { print, args } = readArgs(process.argv.slice(2), process.env);
	const design = await buildDesignDocument();
	if (print || args === undefined) {
		process.stdout.write(`${JSON.stringify(design, null, 2)}\n`);
		return;
	}
	if (args.url.startsWith('http://') && !LOOPBACK.has(new URL(args.url).hostname))
		process.stderr.write(
			'Warning: this address is not https://, so the admin password crosses the network in the clear. Use https:// for any server but this machine.\n'
		);
	await setup(args, design, (line) => process.stdout.write(`${line}\n`));
	process.stdout.write(`Team database "${args.db}" is ready at ${args.url}/${args.db}.\n`);
}

main().catch((e: unknown) => {
	if (e instanceof CliError) {
		process.stderr.write(`${e.message}\n${e.details.map((d) => `${d}\n`).join('')}`);
		process.exitCode = e.exitCode;
		return;
	}
	process.stderr.write(
		`Internal error in team setup: ${(e as Error)?.message ?? String(e)}. Please report this.\n`
	);
	process.exitCode = 70;
});
