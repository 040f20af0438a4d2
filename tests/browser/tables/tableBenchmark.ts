/**
 * `npm run bench:tables [-- --nodes 1000 --pods 30000 --runs 3]` (a benchmark, not a test): how the
 * app's largest tables behave in the browser host with the built plugin: the Cluster page's Nodes
 * table (one row per node) and the Namespace page's Pods table (one row per pod of the namespace;
 * here one namespace holds every pod). Prometheus 2.42 serves a cluster written for it
 * (tableCluster.ts); the host server and Chromium are those of the browser tests.
 *
 * For each table, median of `--runs` page loads, in Chromium on this machine:
 * - load: navigation until the table shows its first row (queries, frames, first render);
 * - sort: a click on a column header (ascending, then descending) until the new first row shows;
 * - filter: the header's filter button until its value list opens (one entry per distinct value),
 *   typing a value until the list shows only it, and applying it until the table holds one row;
 * - scroll: frame times (median, p95, max) while the table is scrolled 150 px per frame.
 * Times are Playwright round trips (a few ms each) on a shared machine: read them as orders of size.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { freePort, startPrometheus, RunningPrometheus } from '../../../demo-cluster/src/prometheus/runner';
import { drilldownUrl, PLUGIN_BASE_URL, ROUTES } from '../../../src/constants';
import { launchChromium } from '../browser';
import { startHostServer } from '../host/server/server';
import { TABLE_NAMESPACE, tableNodeName, writeTableCluster } from './tableCluster';

const REPO = path.resolve(__dirname, '../../..');

type Args = { nodes: number; pods: number; runs: number };

function parseArgs(argv: string[]): Args {
  const args: Args = { nodes: 1000, pods: 30_000, runs: 3 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '') as keyof Args;
    const n = Number(argv[i + 1]);
    if (!(key in args) || !Number.isInteger(n) || n < 1) {
      throw new Error(`options: --nodes N, --pods N, --runs N (whole numbers); got ${argv[i]} ${argv[i + 1] ?? ''}`);
    }
    args[key] = n;
  }
  return args;
}

/** A table the benchmark opens: where, which panel, the column it sorts and filters, a value to filter on. */
interface TableCase {
  name: string;
  url: string;
  panelKey: string;
  column: string;
  rows: number;
  /** First row's value in the column once sorted descending. */
  lastValue: string;
  /** A value to filter on. */
  pick: string;
}

const panel = (page: Page, key: string) => page.locator(`[data-viz-panel-key="${key}"]`);
const firstCell = (page: Page, key: string) =>
  panel(page, key).locator('[role="row"]:has([role="cell"])').first().locator('[role="cell"]');

/** Seconds since `t0`, after `wait` resolves. */
async function timed(wait: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await wait();
  return (performance.now() - t0) / 1000;
}

/** Polls `check` every 20 ms until it holds; throws naming `what` after `timeoutMs`. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The column's cell text in the first row. */
async function firstValue(page: Page, c: TableCase): Promise<string> {
  const headers = await panel(page, c.panelKey).locator('[role="columnheader"]').allInnerTexts();
  const index = headers.findIndex((h) => h.trim() === c.column);
  return (await firstCell(page, c.panelKey).nth(index).innerText()).trim();
}

/** Frame times (ms) while scrolling the table's scroll container by `px` per frame, `frames` times. */
async function scrollFrames(page: Page, key: string, frames = 120, px = 150): Promise<number[]> {
  return panel(page, key).evaluate(
    async (root, [n, step]) => {
      const scrollers = [...root.querySelectorAll<HTMLElement>('*')].filter(
        (el) => el.scrollHeight > el.clientHeight + 200 && getComputedStyle(el).overflowY !== 'visible'
      );
      const el = scrollers.sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
      if (!el) {
        throw new Error('no scrollable element in the table');
      }
      const times: number[] = [];
      let last = performance.now();
      for (let i = 0; i < n; i++) {
        el.scrollTop += step;
        el.dispatchEvent(new Event('scroll'));
        await new Promise(requestAnimationFrame);
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      return times;
    },
    [frames, px] as const
  );
}

async function measure(page: Page, base: string, c: TableCase) {
  const load = await timed(async () => {
    await page.goto(`${base}${c.url}`);
    await firstCell(page, c.panelKey).first().waitFor({ timeout: 300_000 });
  });
  const header = panel(page, c.panelKey).locator('[role="columnheader"]', { hasText: c.column }).first();
  const sortAsc = await timed(async () => {
    await header.locator('button').first().click();
    await header.locator('svg').first().waitFor();
  });
  const sortDesc = await timed(async () => {
    await header.locator('button').first().click();
    await until(`${c.lastValue} first`, async () => (await firstValue(page, c)) === c.lastValue);
  });
  const frames = await scrollFrames(page, c.panelKey);
  const filterButton = header.locator('button').nth(1);
  const search = page.getByPlaceholder('Filter values');
  const filterOpen = await timed(async () => {
    await filterButton.click();
    await search.waitFor({ timeout: 300_000 });
  });
  const filterType = await timed(async () => {
    await search.fill(c.pick);
    await page.getByRole('checkbox', { name: c.pick, exact: true }).waitFor({ timeout: 300_000 });
  });
  const filterApply = await timed(async () => {
    // Grafana's Checkbox draws its label over the input
    await page.getByRole('checkbox', { name: c.pick, exact: true }).check({ force: true });
    await page.getByRole('button', { name: 'Ok' }).click();
    await until(
      `only ${c.pick} left`,
      async () =>
        (await panel(page, c.panelKey).locator('[role="row"]:has([role="cell"])').count()) === 1 &&
        (await firstValue(page, c)) === c.pick
    );
  });
  return { load, sortAsc, sortDesc, filterOpen, filterType, filterApply, frames };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(REPO, 'dist', 'module.js'))) {
    console.log('dist/module.js is missing: npm run build');
    if (spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: 'inherit' }).status !== 0) {
      throw new Error('npm run build failed');
    }
  }
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'kubeobs-tables-'));
  let prometheus: RunningPrometheus | undefined;
  let stopHost: (() => Promise<void>) | undefined;
  try {
    const cluster = writeTableCluster({
      dataDir: dir,
      nodes: args.nodes,
      pods: args.pods,
      endMs: Date.now(),
      minutes: 65,
    });
    console.log(
      `cluster: ${cluster.nodes} nodes, ${cluster.pods} pods in namespace ${cluster.namespace}, ${cluster.series} series`
    );
    const configFile = path.join(dir, 'prometheus.yml');
    fs.writeFileSync(configFile, 'global:\n  scrape_interval: 15s\n');
    prometheus = await startPrometheus({ configFile, dataDir: dir, port: await freePort(), readyTimeoutMs: 120_000 });
    const provisioned = parseYaml(fs.readFileSync(path.join(REPO, 'provisioning/plugins/apps.yaml'), 'utf8'));
    const host = await startHostServer({
      distDir: path.join(REPO, 'dist'),
      datasources: [
        {
          uid: 'prometheus',
          name: 'Prometheus',
          type: 'prometheus',
          isDefault: true,
          url: prometheus.url,
          jsonData: { timeInterval: '15s' },
        },
      ],
      settings: { jsonData: provisioned.apps[0].jsonData, secureJsonData: {} },
      // the Cluster and Namespace pages never call the alerting API
      alertingUrl: 'http://127.0.0.1:9',
    });
    stopHost = () => host.stop();
    const cases: TableCase[] = [
      {
        name: `Nodes table, Cluster page (${args.nodes} rows)`,
        url: `${PLUGIN_BASE_URL}/${ROUTES.Cluster}`,
        panelKey: 'panel-nodes',
        column: 'node',
        rows: args.nodes,
        lastValue: tableNodeName(args.nodes - 1),
        pick: tableNodeName(Math.floor(args.nodes / 2)),
      },
      {
        name: `Pods table, Namespace page (${args.pods} rows)`,
        url: drilldownUrl.namespace(TABLE_NAMESPACE),
        panelKey: 'panel-pods',
        column: 'Pod',
        rows: args.pods,
        lastValue: '',
        pick: '',
      },
    ];
    // the pods' names as tableCluster writes them: the largest sorts last
    const podName = (p: number) => `app-${(p % 97).toString(36)}-${p.toString(36).padStart(5, '0')}`;
    const names = Array.from({ length: args.pods }, (_, p) => podName(p)).sort();
    cases[1].lastValue = names[names.length - 1];
    cases[1].pick = names[Math.floor(names.length / 2)];
    const browser = await launchChromium();
    try {
      console.log(
        `\n# Tables in the browser host: median of ${args.runs}, load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`
      );
      for (const c of cases) {
        const runs: Array<Awaited<ReturnType<typeof measure>>> = [];
        for (let r = 0; r < args.runs; r++) {
          const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
          const page = await context.newPage();
          page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
          runs.push(await measure(page, host.url, c));
          await context.close();
        }
        const m = (k: 'load' | 'sortAsc' | 'sortDesc' | 'filterOpen' | 'filterType' | 'filterApply') =>
          `${median(runs.map((x) => x[k])).toFixed(2)} s`;
        const frames = runs.flatMap((x) => x.frames);
        console.log(`\n## ${c.name}`);
        console.log(`  load to first row      ${m('load')}`);
        console.log(`  sort ascending         ${m('sortAsc')}`);
        console.log(`  sort descending        ${m('sortDesc')}`);
        console.log(`  filter: open list      ${m('filterOpen')}`);
        console.log(`  filter: type a value   ${m('filterType')}`);
        console.log(`  filter: apply          ${m('filterApply')}`);
        console.log(
          `  scroll frame time      median ${median(frames).toFixed(0)} ms, p95 ${pct(frames, 0.95).toFixed(0)} ms, max ${Math.max(...frames).toFixed(0)} ms (${frames.length} frames)`
        );
      }
    } finally {
      await browser.close();
    }
  } finally {
    await stopHost?.();
    await prometheus?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench:tables failed: ${(e as Error).message}`);
  process.exit(1);
});
