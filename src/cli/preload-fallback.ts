/**
 * Run after `vite build` (`npm run build`): the fallback page (build/200.html) is the shell every
 * deep link opens with, an assessment above all. As SvelteKit writes it, it preloads only the app
 * and the root layout, so a cold visit to /assessment/ID fetches the wizard's files in a second
 * wave, after the app has started and worked out the route (issue 14: the cold first question).
 * This adds `modulepreload` links for the assessment route's files (and the root error page's,
 * which the client loads at start), so they arrive with the first wave. Other deep links fetch
 * those files too, and need most of them soon after (the store, the rules, the form parts).
 * Then it writes the .br and .gz copies again, as the adapter's `precompress` did.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BUILD, BuildFiles } from './build-files.ts';

const FALLBACK = join(BUILD, '200.html');
const ROUTE = '/assessment/[id]';
const MARK = '<!-- homeward: wizard preloads -->';

try {
	const html = readFileSync(FALLBACK, 'utf8');
	if (html.includes(MARK)) {
		console.log('preload-fallback: 200.html already has the wizard preloads');
		process.exit(0);
	}
	const { js, css } = new BuildFiles().firstLoad(ROUTE, [1]);
	const missing = js.filter((f) => !html.includes(`/${f.file}"`));
	const missingCss = css.filter((f) => !html.includes(`/${f}"`));
	const links = [
		MARK,
		...missing.map((f) => `<link href="/${f.file}" rel="modulepreload">`),
		...missingCss.map((f) => `<link href="/${f}" rel="stylesheet">`)
	].join('\n\t\t');
	if (!html.includes('</head>')) throw new Error('200.html has no </head>');
	const patched = html.replace('</head>', `\t${links}\n\t</head>`);
	writeFileSync(FALLBACK, patched);
	writeFileSync(
		`${FALLBACK}.br`,
		brotliCompressSync(patched, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
	);
	writeFileSync(`${FALLBACK}.gz`, gzipSync(patched, { level: 9 }));
	console.log(
		`preload-fallback: 200.html now preloads ${missing.length} more files for ${ROUTE} (and ${missingCss.length} stylesheets)`
	);
} catch (e) {
	console.error(`preload-fallback: ${(e as Error).message}`);
	process.exit(1);
}
