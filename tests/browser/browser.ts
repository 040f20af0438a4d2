import { Browser, chromium } from 'playwright-core';

/** Debian's Chromium as the browser tests launch it (no Playwright browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
  });
}

/** The host's URL, set by tests/browser/run.ts; a clear error when run outside it. */
export function hostUrl(): string {
  const url = process.env.BROWSER_HOST_URL;
  if (!url) {
    throw new Error(
      'BROWSER_HOST_URL is not set: run through tests/browser/run.ts (npm run screenshots / bench:browser)'
    );
  }
  return url;
}
