import { expect, test as base } from '@playwright/test';
import { PLUGIN_BASE_URL } from '../../../src/constants';

/** What the browser-host specs get besides Playwright's page: app navigation and the console's errors. */
interface BrowserFixtures {
  /** Opens an app path (below `/a/<plugin id>`), as `gotoPage` of @grafana/plugin-e2e does on a real Grafana. */
  gotoPage: (path: string) => Promise<void>;
  /**
   * Console errors, uncaught exceptions and i18n's warning that `t()` ran before the plugin's
   * translations were initialised; the test fails when any was logged.
   */
  consoleErrors: string[];
}

export const test = base.extend<BrowserFixtures>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') {
          errors.push(`console.error: ${m.text()}`);
        } else if (m.text().includes('t() was called before i18n was initialized')) {
          errors.push(`console.${m.type()}: ${m.text()}`);
        }
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
      await use(errors);
      expect(errors, 'console errors and uncaught exceptions').toEqual([]);
    },
    { auto: true },
  ],
  gotoPage: async ({ page }, use) => {
    await use(async (path: string) => {
      await page.goto(`${PLUGIN_BASE_URL}${path}`);
    });
  },
});

export { expect };
