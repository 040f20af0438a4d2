/**
 * `npm run bench:browser` (a benchmark, not a test): for each page of the app in the browser host,
 * the time from navigation to every panel loaded (no loading bar left; first load in a fresh
 * browser context, so nothing is cached, then the median of 3 loads), the bytes the page fetched
 * (JavaScript, CSS, API answers) and the size of the plugin's module.js and lazy chunks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { testIds } from '../../src/components/testIds';
import { drilldownUrl, PLUGIN_BASE_URL, PLUGIN_ID } from '../../src/constants';
import { NAV_ROUTES } from '../pages/routes';
import { waitForPanels } from '../pages/panels';
import { hostUrl, launchChromium } from './browser';
import { DEMO } from './specs/demo';

const DIST = path.resolve(__dirname, '../../dist');
const RUNS = 3;

const PAGES: Array<{ name: string; url: string; expect: string }> = [
  ...NAV_ROUTES.map((r) => ({ name: r.name, url: `${PLUGIN_BASE_URL}${r.path}`, expect: r.expect })),
  { name: 'namespace', url: drilldownUrl.namespace(DEMO.namespace), expect: 'panels' },
  { name: 'workload', url: drilldownUrl.workload(DEMO.namespace, DEMO.workloadKind, DEMO.workload), expect: 'panels' },
  { name: 'node', url: drilldownUrl.node(DEMO.node), expect: 'panels' },
  { name: 'config', url: `/plugins/${PLUGIN_ID}`, expect: 'config' },
];

async function loaded(page: Page, expect: string) {
  if (expect === 'panels') {
    await waitForPanels(page, 120_000);
  } else if (expect === 'flows') {
    await page.getByTestId(testIds.flows.table).locator('[data-testid^="data-testid flows-row-"]').first().waitFor();
  } else if (expect === 'no-datasource') {
    await page.getByTestId(testIds.missingData.splash).waitFor();
  } else if (expect === 'alerts') {
    await page.getByTestId('data-testid alerts-preview').waitFor();
  } else if (expect === 'troubleshoot') {
    await page.getByTestId(testIds.troubleshoot.droppedPair).first().waitFor();
  } else {
    await page.getByTestId(testIds.appConfig.gatewayUrl).waitFor();
  }
}

const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const base = hostUrl();
  const files = fs.readdirSync(DIST).filter((f) => f.endsWith('.js'));
  console.log('Plugin build (dist/):');
  for (const f of files) {
    console.log(`  ${f.padEnd(12)} ${kib(fs.statSync(path.join(DIST, f)).size)}`);
  }
  const browser = await launchChromium();
  const rows: string[] = [];
  try {
    for (const p of PAGES) {
      const times: number[] = [];
      let bytes = { plugin: 0, host: 0, api: 0, requests: 0 };
      for (let run = 0; run < RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const page = await context.newPage();
        const counted = { plugin: 0, host: 0, api: 0, requests: 0 };
        page.on('response', async (r) => {
          const size = (await r.body().catch(() => Buffer.alloc(0))).length;
          const u = new URL(r.url());
          counted.requests++;
          if (u.pathname.startsWith(`/public/plugins/${PLUGIN_ID}/`)) {
            counted.plugin += size;
          } else if (u.pathname.startsWith('/api/')) {
            counted.api += size;
          } else {
            counted.host += size;
          }
        });
        const start = Date.now();
        await page.goto(`${base}${p.url}`);
        await loaded(page, p.expect);
        times.push(Date.now() - start);
        await page.waitForTimeout(500);
        bytes = counted;
        await context.close();
      }
      rows.push(
        `| ${p.name.padEnd(16)} | ${String(median(times)).padStart(6)} ms | ${kib(bytes.plugin).padStart(9)} | ${kib(bytes.api).padStart(8)} | ${String(bytes.requests).padStart(4)} |`
      );
      console.log(rows[rows.length - 1]);
    }
  } finally {
    await browser.close();
  }
  console.log('\n| page | to all panels loaded (median of 3) | plugin JS loaded | API answers | requests |');
  console.log('| --- | --- | --- | --- | --- |');
  rows.forEach((r) => console.log(r));
  console.log('(host page bundle, fonts and icons, the same on every page, are not in "plugin JS loaded")');
}

main().catch((e: Error) => {
  console.error(`[bench] ${e.message}`);
  process.exit(1);
});
