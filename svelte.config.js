import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		// The whole app runs in the browser: every route falls back to one shell page,
		// and gzip/brotli copies are written beside the assets for `npm start` to serve.
		adapter: adapter({ fallback: 'index.html', precompress: true, strict: true }),
		alias: {
			$rules: 'rules'
		}
	}
};

export default config;
