/**
 * `npm run bench:browser:scale` (a benchmark, not a test): the Flows page with 10,000 flows and the
 * service map with 500 nodes and 2,000 edges in the browser host (see scale/largeAnswers.ts for
 * where the answers come from). Prints, for each: time from navigation to the rows shown, frame
 * intervals (requestAnimationFrame) while scrolling and paging, and the time folding the flows'
 * observations takes in Node (median of 5; the rest of the app's code needs a browser).
 */
import { Page } from 'playwright-core';
import { testIds } from '../../src/components/testIds';
import { PLUGIN_BASE_URL, ROUTES } from '../../src/constants';
import { foldObservations } from '../../src/pages/Flows/observations';
import { waitForPanels } from '../pages/panels';
import { hostUrl, launchChromium } from './browser';
import { answerGateway, demoFlows, recordFrames, replicateFlows, syntheticServiceMap } from './scale/largeAnswers';

const FLOWS = 10_000;
const MAP = { nodes: 500, edges: 2000 };
const RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ms = (n: number) => `${n.toFixed(1)} ms`;
function frameStats(frames: number[]): string {
  return `${frames.length} frames, median ${ms(median(frames))}, p95 ${ms(pct(frames, 0.95))}, max ${ms(Math.max(...frames))}, over 50 ms: ${frames.filter((f) => f > 50).length}`;
}

function timeIt(fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function scrollOver(page: Page, target: string, steps: number) {
  await page.getByTestId(target).hover();
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(50);
  }
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(50);
  }
}

async function flowsBench(base: string, browser: Awaited<ReturnType<typeof launchChromium>>) {
  const real = await demoFlows(base);
  const flows = replicateFlows(real, FLOWS);
  console.log(`Flows: ${flows.length} flows (${real.length} real demo flows through the gateway, copied)`);
  console.log(`  folding in Node (observations.ts alone): ${ms(timeIt(() => foldObservations(flows)))}`);
  const renders: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await answerGateway(page, '/api/v1/flows', { flows });
    const start = Date.now();
    await page.goto(`${base}${PLUGIN_BASE_URL}/${ROUTES.Flows}?limit=${FLOWS}`);
    const count = page.getByTestId(testIds.flows.count);
    await count.getByText(`${FLOWS} flows shown`, { exact: false }).waitFor({ timeout: 120_000 });
    await page.locator('[data-testid^="data-testid flows-row-"]').first().waitFor();
    renders.push(Date.now() - start);
    if (run === RUNS - 1) {
      console.log(`  ${(await count.textContent())?.trim()}`);
      const scroll = await recordFrames(page);
      await scrollOver(page, testIds.flows.table, 15);
      console.log(`  scrolling the table (50 rows a page): ${frameStats(await scroll.stop())}`);
      const paging = await recordFrames(page);
      const pageTimes: number[] = [];
      for (let i = 0; i < 10; i++) {
        const first = await page.locator('[data-testid^="data-testid flows-row-"]').first().getAttribute('data-testid');
        const t = Date.now();
        await page.getByRole('button', { name: 'next page' }).click();
        await page.waitForFunction(
          `document.querySelector('[data-testid^="data-testid flows-row-"]')?.getAttribute('data-testid') !== ${JSON.stringify(first)}`
        );
        pageTimes.push(Date.now() - t);
      }
      console.log(
        `  next page: median ${median(pageTimes)} ms, max ${Math.max(...pageTimes)} ms; ${frameStats(await paging.stop())}`
      );
      const t = Date.now();
      await page
        .getByTestId(testIds.flows.filters)
        .getByRole('switch', { name: 'Fold observations' })
        .click({ force: true });
      await page.waitForFunction(`!document.body.textContent.includes('observations of the same packets folded')`);
      console.log(`  unfold all ${FLOWS}: ${Date.now() - t} ms`);
    }
    await context.close();
  }
  console.log(`  navigation to rows shown: median ${median(renders)} ms of ${RUNS} (${renders.join(', ')})`);
}

async function mapBench(base: string, browser: Awaited<ReturnType<typeof launchChromium>>) {
  const map = syntheticServiceMap(MAP.nodes, MAP.edges);
  console.log(`Service map: ${map.nodes.length} nodes, ${map.edges.length} edges (synthetic gateway answer)`);
  const renders: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await answerGateway(page, '/api/v1/service-map', map);
    const start = Date.now();
    await page.goto(`${base}${PLUGIN_BASE_URL}/${ROUTES.ServiceMap}`);
    await page.getByText(`nodes (${MAP.nodes})`).waitFor({ timeout: 120_000 });
    await waitForPanels(page, 120_000);
    renders.push(Date.now() - start);
    if (run === RUNS - 1) {
      const frames = await recordFrames(page);
      await page.getByText('Stand-in for Grafana', { exact: false }).first().hover();
      for (let i = 0; i < 15; i++) {
        await page.mouse.wheel(0, 300);
        await page.waitForTimeout(50);
      }
      console.log(`  scrolling the node graph stand-in's table: ${frameStats(await frames.stop())}`);
    }
    await context.close();
  }
  console.log(
    `  navigation to the panel loaded (stand-in): median ${median(renders)} ms of ${RUNS} (${renders.join(', ')})`
  );
}

async function main() {
  const base = hostUrl();
  const browser = await launchChromium();
  try {
    // `npm run bench:browser:scale -- map`: only the part named
    const only = process.argv.slice(2);
    if (!only.length || only.includes('flows')) {
      await flowsBench(base, browser);
    }
    if (!only.length || only.includes('map')) {
      await mapBench(base, browser);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: Error) => {
  console.error(`[bench] ${e.message}`);
  process.exit(1);
});
