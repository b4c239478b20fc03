import { defineConfig } from '@playwright/test';

// Debian's Chromium, never Playwright's own download (it cannot be fetched on these machines).
// The flags keep Chromium off the network and working as root in CI.
export const chromiumLaunch = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run'
	]
};

// HW_PORT lets a second checkout run its browser tests alongside this one.
const PORT = Number(process.env.HW_PORT ?? 4173);
// The team server team.spec.ts starts (tests/team-server.ts), reached through the app's own origin
// at /couchdb/ as behind a council's reverse proxy.
const TEAM_SERVER = `http://127.0.0.1:${Number(process.env.HW_TEAM_PORT ?? 5991)}`;

export default defineConfig({
	testDir: 'browser',
	outputDir: '../test-results',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	reporter: [['list']],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		browserName: 'chromium',
		launchOptions: chromiumLaunch,
		trace: 'off'
	},
	// Serves the built app exactly as `npm start` does (SPA fallback, precompressed files).
	webServer: {
		command: `npx tsx src/cli/serve.ts --port ${PORT}`,
		url: `http://127.0.0.1:${PORT}/`,
		cwd: '..',
		env: { HW_TEAM_SERVER: TEAM_SERVER },
		reuseExistingServer: !process.env.CI,
		timeout: 30_000
	}
});
