/**
 * `npm run bench:pages -- --nodes 1000 [--hubble-metrics docs|rich] [--cilium-dashboards DIR]
 * [--data-dir DIR] [--runs 3] [--pods-per-node 30] [--minutes 70] [--pages cluster,network]
 * [--cilium-default-range] [--slowest 6] [--json FILE] [--markdown FILE] [--no-recording-rules] [--prepare-only] [--keep]`
 *
 * A benchmark, not a test. Writes a synthetic cluster of that size (demo-cluster/src/scale/: the
 * demo's exporters over N nodes of 16 CPUs and 30 pods each) as a TSDB block (kept in `--data-dir`
 * and reused by later runs of the same shape, scripts/bench/benchData.ts), starts Prometheus 2.42 on
 * it (127.0.0.1, a free port), records what every page's default view sends (the live test's scenes,
 * `src/test/bench/`), and sends each request `--runs` times, interleaved with the queries of
 * Cilium's own dashboards read from DIR (at the pages' 1 h range unless `--cilium-default-range`),
 * taking Prometheus' own execution time. Then the same with the app's recording rules' series.
 * Prints a table per page: total (sum of per-request medians), slowest requests, ratio to the
 * Cilium counterpart, and the issue-11 targets; the load average of the machine with each run.
 * `--markdown FILE` writes the results as the tables README.md shows (bench/report.ts).
 * `--prepare-only` writes the synthetic cluster and the recorded series into `--data-dir` and stops.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RunningPrometheus, freePort, query, startPrometheus, waitFor } from '../demo-cluster/src/prometheus/runner';
import { writeLargeHistory } from '../demo-cluster/src/scale/largeHistory';
import { RECORDING_RULES } from '../src/queries/recordingRules';
import { cachedHistory, historyDir, linkBlocks, rulesBlocksDir, rulesHash } from './bench/benchData';
import { CiliumDashboard, loadCiliumDashboards } from './bench/ciliumDashboards';
import { loadRecordedSeries } from './bench/recordedSeries';
import { RULES_SUFFIX, Table, markdownReport, printReport } from './bench/report';
import { BenchRequest, Measured, measure } from './bench/requests';

const HOW_TO_GET_DASHBOARDS =
  "Cilium's dashboards are in its Helm chart (install/kubernetes/cilium/files/{cilium-agent,cilium-operator,hubble}/dashboards/*.json " +
  'in github.com/cilium/cilium, or files/ of `helm pull cilium/cilium --untar`): copy them into one folder and pass ' +
  '--cilium-dashboards DIR (see README "Large clusters").';
/** The pages' default range (catalogueScene's `now-1h`): Cilium's dashboards are compared over the same. */
const PAGE_RANGE_S = 3600;
const OPTIONS =
  '--nodes, --pods-per-node, --hubble-metrics, --cilium-dashboards, --cilium-default-range, --data-dir, --runs, --minutes, --pages, --slowest, --json, --markdown, --no-recording-rules, --prepare-only, --keep';

type Args = {
  nodes: number;
  podsPerNode: number;
  hubbleMetrics: 'docs' | 'rich';
  ciliumDashboards?: string;
  ciliumDefaultRange: boolean;
  dataDir?: string;
  runs: number;
  minutes: number;
  pages?: string[];
  slowest: number;
  json?: string;
  markdown?: string;
  keep: boolean;
  recordingRules: boolean;
  prepareOnly: boolean;
};

function parseArgs(argv: string[]): Args {
  const args: Args = {
    nodes: 1000,
    podsPerNode: 30,
    hubbleMetrics: 'docs',
    ciliumDefaultRange: false,
    runs: 3,
    minutes: 70,
    slowest: 6,
    keep: false,
    recordingRules: true,
    prepareOnly: false,
  };
  const number = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`${flag} needs a whole number of at least ${min}, got ${v ?? 'nothing'}`);
    }
    return n;
  };
  const text = (flag: string, v: string | undefined) => {
    if (!v || v.startsWith('--')) {
      throw new Error(`${flag} needs a value`);
    }
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    switch (a) {
      case '--nodes':
        args.nodes = number(a, v, 2);
        i++;
        break;
      case '--pods-per-node':
        args.podsPerNode = number(a, v, 5);
        i++;
        break;
      case '--runs':
        args.runs = number(a, v, 1);
        i++;
        break;
      case '--minutes':
        args.minutes = number(a, v, 65);
        i++;
        break;
      case '--slowest':
        args.slowest = number(a, v, 1);
        i++;
        break;
      case '--hubble-metrics':
        if (v !== 'docs' && v !== 'rich') {
          throw new Error(`--hubble-metrics is docs or rich, got ${v ?? 'nothing'}`);
        }
        args.hubbleMetrics = v;
        i++;
        break;
      case '--cilium-dashboards':
        args.ciliumDashboards = text(a, v);
        i++;
        break;
      case '--data-dir':
        args.dataDir = resolve(text(a, v));
        i++;
        break;
      case '--pages':
        args.pages = text(a, v).split(',');
        i++;
        break;
      case '--json':
        args.json = resolve(text(a, v));
        i++;
        break;
      case '--markdown':
        args.markdown = resolve(text(a, v));
        i++;
        break;
      case '--cilium-default-range':
        args.ciliumDefaultRange = true;
        break;
      case '--prepare-only':
        args.prepareOnly = true;
        break;
      case '--keep':
        args.keep = true;
        break;
      case '--no-recording-rules':
        args.recordingRules = false;
        break;
      default:
        throw new Error(`unknown option ${a} (options: ${OPTIONS})`);
    }
  }
  args.ciliumDashboards ??= process.env.CILIUM_DASHBOARDS_DIR;
  if (args.prepareOnly && !args.dataDir) {
    throw new Error('--prepare-only needs --data-dir DIR, where later runs find what it writes');
  }
  return args;
}

/** Runs the recording jest file against Prometheus; resolves with the pages' requests. */
async function recordPageRequests(url: string, nowMs: number, dir: string, args: Args) {
  const out = join(dir, 'page-requests.json');
  const root = resolve(__dirname, '..');
  const child = spawn('npx', ['jest', '--ci', '--maxWorkers', '1', 'src/test/bench'], {
    cwd: root,
    env: {
      ...process.env,
      PROMETHEUS_URL: url,
      BENCH_QUERIES_OUT: out,
      BENCH_NOW_MS: String(nowMs),
      HUBBLE_METRICS: args.hubbleMetrics,
      ...(args.pages ? { BENCH_PAGES: args.pages.join(',') } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) {
    throw new Error(`recording the pages' requests failed (jest exit ${code}):\n${log.slice(-4000)}`);
  }
  type Recorded = { page: string; queries: Array<BenchRequest & { series: number; error?: string }> };
  return JSON.parse(readFileSync(out, 'utf8')) as Recorded[];
}

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const root = args.dataDir ?? mkdtempSync(join(tmpdir(), 'kubeobs-bench-'));
  const runDir = join(root, `run-${process.pid}`);
  let prometheus: RunningPrometheus | undefined;
  const started = Date.now();
  const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
  const stop = async () => {
    await prometheus?.stop();
    if (!args.keep) {
      rmSync(args.dataDir ? runDir : root, { recursive: true, force: true });
    }
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const shape = {
      nodes: args.nodes,
      podsPerNode: args.podsPerNode,
      hubbleMetrics: args.hubbleMetrics,
      minutes: args.minutes,
    };
    log(
      `synthetic cluster: ${args.nodes} nodes × ${args.podsPerNode} pods, Hubble metrics ${args.hubbleMetrics}, ${args.minutes} min at 15 s, in ${root}; ${load()}`
    );
    const { history, blocksDir } = await cachedHistory(
      root,
      shape,
      (dir) =>
        writeLargeHistory({
          nodes: args.nodes,
          podsPerNode: args.podsPerNode,
          hubbleMetrics: args.hubbleMetrics,
          endMs: Date.now(),
          minutes: args.minutes,
          dataDir: dir,
          onProgress: log,
        }),
      log
    );
    log(
      `block ${history.ulid}: ${history.series} series, ${history.samples} samples (${JSON.stringify(history.seriesByJob)})`
    );
    rmSync(runDir, { recursive: true, force: true });
    mkdirSync(runDir, { recursive: true });
    linkBlocks(blocksDir, runDir);
    const configFile = join(runDir, 'prometheus.yml');
    writeFileSync(configFile, 'global:\n  scrape_interval: 15s\n');
    const start = async () =>
      startPrometheus({ configFile, dataDir: runDir, port: await freePort(), readyTimeoutMs: 300_000 });
    prometheus = await start();
    const endS = history.lastMs / 1000;
    await waitFor(
      'the block to be queryable',
      async () => ((await query(prometheus!.url, 'count(up)', endS)).result.length ? true : undefined),
      300_000
    );
    log(`Prometheus ${prometheus.url} serves the block`);
    let dashboards: CiliumDashboard[] = [];
    if (args.ciliumDashboards) {
      dashboards = await loadCiliumDashboards(args.ciliumDashboards, endS, {
        rangeS: args.ciliumDefaultRange ? undefined : PAGE_RANGE_S,
        labelValues: async (label, selector, startS, endS2) => {
          const qs = new URLSearchParams({ start: String(startS), end: String(endS2) });
          if (selector) {
            qs.set('match[]', selector);
          }
          const r = await fetch(`${prometheus!.url}/api/v1/label/${encodeURIComponent(label)}/values?${qs}`);
          return ((await r.json()) as { data?: string[] }).data ?? [];
        },
      });
      log(
        `Cilium dashboards (${args.ciliumDefaultRange ? 'their default ranges' : `over the pages' ${PAGE_RANGE_S / 3600} h`}): ${dashboards.map((d) => `${d.file} (${d.requests.length})`).join(', ')}`
      );
    } else {
      log(`no --cilium-dashboards: timing this app's pages only. ${HOW_TO_GET_DASHBOARDS}`);
    }
    /** The 1-minute load average at the start of each run and the end of each pass. */
    const loads: string[] = [];
    const measureAll = async (suffix: string): Promise<Map<string, Table>> => {
      const pages = await recordPageRequests(prometheus!.url, history.lastMs, runDir, args);
      log(`recorded ${pages.reduce((n, p) => n + p.queries.length, 0)} requests of ${pages.length} pages${suffix}`);
      const tables: Table[] = [
        ...pages.map((p) => ({
          name: `${p.page}${suffix}`,
          rows: p.queries.map((q) => ({ request: q, runs: [] as Measured[] })),
        })),
        ...dashboards.map((d) => ({
          name: d.file,
          rows: d.requests.map((q) => ({ request: q, runs: [] as Measured[] })),
        })),
      ];
      for (let n = 1; n <= args.runs; n++) {
        loads.push(loadavg()[0].toFixed(1));
        log(`run ${n}/${args.runs}${suffix}: ${load()}`);
        for (const t of tables) {
          for (const row of t.rows) {
            row.runs.push(await measure(prometheus!.url, row.request));
          }
        }
      }
      loads.push(loadavg()[0].toFixed(1));
      log(`measured${suffix}; ${load()}`);
      return new Map(tables.map((t) => [t.name, t]));
    };
    if (args.prepareOnly && !args.recordingRules) {
      log(`prepared: the synthetic cluster is in ${historyDir(root, shape)}`);
      return;
    }
    const raw = args.prepareOnly ? new Map<string, Table>() : await measureAll('');
    let withRules = new Map<string, Table>();
    if (args.recordingRules) {
      const rules = rulesBlocksDir(historyDir(root, shape), rulesHash(RECORDING_RULES));
      prometheus = await loadRecordedSeries({
        prometheus,
        restart: start,
        runDir,
        rulesDir: rules.dir,
        complete: rules.complete,
        startS: history.firstMs / 1000 + 300,
        endS,
        log,
      });
      if (args.prepareOnly) {
        log(`prepared: the synthetic cluster and the recording rules' series are in ${historyDir(root, shape)}`);
        return;
      }
      withRules = await measureAll(RULES_SUFFIX);
    }
    console.log(
      `\n# Page benchmark: ${history.nodes} nodes, ${history.pods} pods, ${history.namespaces} namespaces, ${history.workloads} workloads, ` +
        `${history.series} series; Hubble metrics ${args.hubbleMetrics}; median of ${args.runs}; Prometheus execTotalTime (stats=all); ${load()}`
    );
    const byName = new Map([...raw, ...withRules]);
    const passes = args.recordingRules ? ['', RULES_SUFFIX] : [''];
    printReport(byName, passes, args.slowest);
    if (args.markdown) {
      const command = `npm run bench:pages -- ${process.argv.slice(2).join(' ')}`;
      writeFileSync(
        args.markdown,
        markdownReport(byName, {
          ...history,
          hubbleMetrics: args.hubbleMetrics,
          runs: args.runs,
          loads,
          command,
          passes,
        })
      );
      log(`results for README.md written to ${args.markdown}`);
    }
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({ history, args, tables: [...byName.values()] }, null, 1));
      log(`measurements written to ${args.json}`);
    }
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(`bench:pages failed: ${(e as Error).message}`);
  process.exit(1);
});
