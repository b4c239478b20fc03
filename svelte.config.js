import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** sha256 of the style attribute on SvelteKit's route announcer (see `csp` below). */
export const ROUTE_ANNOUNCER_STYLE = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		// The whole app runs in the browser: every route falls back to one shell page,
		// and gzip/brotli copies are written beside the assets for `npm start` to serve.
		adapter: adapter({ fallback: '200.html', precompress: true, strict: true }),
		// The prerendered first page carries its stylesheet inline (its hash goes into style-src), so
		// it is drawn without waiting for a second request (issue 14: Lighthouse, render-blocking).
		inlineStyleThreshold: 200_000,
		alias: {
			$rules: 'rules'
		},
		// The app registers its worker itself, once the first page is idle (app-update.svelte.ts),
		// so that precaching the build does not compete with the first page's own requests.
		serviceWorker: { register: false },
		// Absolute asset paths in every page, the prerendered first page included, so that a server
		// that answers every path with index.html (a common SPA setting) still works.
		paths: { relative: false },
		// A strict Content-Security-Policy, written into the page as a <meta http-equiv> tag (a
		// static site sets no headers). SvelteKit adds the hash of its own inline start-up script
		// to script-src, so no other inline script can run. Everything loads from this origin;
		// nothing is ever sent anywhere (connect-src 'self' is only the app's own files).
		// style-src needs no 'unsafe-inline': the prerendered first page's inline stylesheet is
		// allowed by its hash, which SvelteKit adds; no component writes a style="…" attribute (the one
		// in app.html was removed), and chart.js sizes its canvas through element.style, which
		// CSP does not restrict. The one style attribute left is SvelteKit's own: its route
		// announcer (the live region that tells screen-reader users the page has changed) is
		// hidden with an inline style. style-src-attr allows exactly that value by its hash
		// ('unsafe-hashes' lets a hash match an attribute; it allows nothing else), so every other
		// inline style stays blocked. ROUTE_ANNOUNCER_STYLE is checked against SvelteKit's source
		// by tests/browser/privacy.spec.ts, so an upgrade that changes it fails there.
		// frame-ancestors cannot be set from a <meta> tag; see README.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-hashes', ROUTE_ANNOUNCER_STYLE],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
