import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the built plugin in the browser host (tests/browser/README.md). Run with
 * `npm run test:browser`, which starts the host's stack and sets BROWSER_HOST_URL. Debian's
 * Chromium, no browser download; one worker, since the tests share the host's settings and the
 * machine is shared.
 */
export default defineConfig({
  testDir: './specs',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  outputDir: '../../node_modules/.cache/browser-test-results',
  use: {
    baseURL: process.env.BROWSER_HOST_URL,
    viewport: { width: 1440, height: 900 },
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
