/**
 * `npm run bench:pages -- --nodes 1000 [--hubble-metrics docs|rich] [--cilium-dashboards DIR]
 * [--runs 3] [--pods-per-node 30] [--minutes 70] [--no-recording-rules] [--keep]`
 *
 * A benchmark, not a test. Writes a synthetic cluster of that size (demo-cluster/src/scale/: the
 * demo's exporters over N nodes of 16 CPUs and 30 pods each) as a TSDB block, starts Prometheus
 * 2.42 on it (127.0.0.1, a free port, a temp dir removed at the end), records what every page's
 * default view sends (the live test's scenes, `src/test/bench/`), and sends each request `--runs`
 * times, interleaved with the queries of Cilium's own dashboards read from DIR, taking Prometheus'
 * own execution time. Prints a table per page: total (sum of per-request medians), slowest
 * requests, ratio to the Cilium counterpart, and the issue-11 targets.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import {
  RunningPrometheus,
  findBinary,
  freePort,
  query,
  run,
  startPrometheus,
  waitFor,
} from '../demo-cluster/src/prometheus/runner';
import { RECORDING_RULES, RECORDING_RULE_GROUP } from '../src/queries/recordingRules';
import { writeLargeHistory } from '../demo-cluster/src/scale/largeHistory';
import { CiliumDashboard, loadCiliumDashboards } from './bench/ciliumDashboards';
import { BenchRequest, Measured, measure, median } from './bench/requests';

const HOW_TO_GET_DASHBOARDS =
  "Cilium's dashboards are in its Helm chart (install/kubernetes/cilium/files/{cilium-agent,cilium-operator,hubble}/dashboards/*.json " +
  'in github.com/cilium/cilium, or files/ of `helm pull cilium/cilium --untar`): copy them into one folder and pass ' +
  '--cilium-dashboards DIR (see README "Large clusters").';

/** Our page ↔ the Cilium dashboard it is compared with (issue 11: Cilium and Network ≤ 1.0×). */
const COUNTERPARTS: Record<string, string> = {
  cilium: 'cilium-dashboard.json',
  'cilium/operator': 'cilium-operator-dashboard.json',
  network: 'hubble-dashboard.json',
};
/** Suffix of the tables measured after the recording rules' series were written. */
const RULES_SUFFIX = ' [recording rules]';
const DRILLDOWNS = [
  'cluster/namespace/:namespace',
  'cluster/namespace/:namespace/workload/:kind/:workload',
  'cluster/namespace/:namespace/pod/:pod',
  'cluster/node/:node',
];

type Args = {
  nodes: number;
  podsPerNode: number;
  hubbleMetrics: 'docs' | 'rich';
  ciliumDashboards?: string;
  runs: number;
  minutes: number;
  keep: boolean;
  recordingRules: boolean;
};

function parseArgs(argv: string[]): Args {
  const args: Args = {
    nodes: 1000,
    podsPerNode: 30,
    hubbleMetrics: 'docs',
    runs: 3,
    minutes: 70,
    keep: false,
    recordingRules: true,
  };
  const number = (flag: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      throw new Error(`${flag} needs a whole number of at least ${min}, got ${v ?? 'nothing'}`);
    }
    return n;
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
      case '--hubble-metrics':
        if (v !== 'docs' && v !== 'rich') {
          throw new Error(`--hubble-metrics is docs or rich, got ${v ?? 'nothing'}`);
        }
        args.hubbleMetrics = v;
        i++;
        break;
      case '--cilium-dashboards':
        args.ciliumDashboards = v;
        i++;
        break;
      case '--keep':
        args.keep = true;
        break;
      case '--no-recording-rules':
        args.recordingRules = false;
        break;
      default:
        throw new Error(
          `unknown option ${a} (options: --nodes, --pods-per-node, --hubble-metrics, --cilium-dashboards, --runs, --minutes, --no-recording-rules, --keep)`
        );
    }
  }
  args.ciliumDashboards ??= process.env.CILIUM_DASHBOARDS_DIR;
  return args;
}

/** Runs the recording jest file against Prometheus; resolves with the pages' requests. */
async function recordPageRequests(url: string, nowMs: number, dir: string, mode: string) {
  const out = join(dir, 'page-requests.json');
  const root = resolve(__dirname, '..');
  const child = spawn('npx', ['jest', '--ci', '--maxWorkers', '1', 'src/test/bench'], {
    cwd: root,
    env: {
      ...process.env,
      PROMETHEUS_URL: url,
      BENCH_QUERIES_OUT: out,
      BENCH_NOW_MS: String(nowMs),
      HUBBLE_METRICS: mode,
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

/**
 * Writes the recorded series of the app's recording rules for the benchmark's time range with
 * `promtool tsdb create-blocks-from rules` against the running Prometheus, in passes so that rules
 * reading other recorded series (promtool evaluates each rule alone) run after those are loaded;
 * Prometheus is restarted after each pass to load the new blocks.
 */
async function backfillRecordingRules(
  prometheus: RunningPrometheus,
  configFile: string,
  dataDir: string,
  dir: string,
  startS: number,
  endS: number,
  log: (m: string) => void
): Promise<RunningPrometheus> {
  let running = prometheus;
  const done = new Set<string>();
  for (let pass = 1; done.size < RECORDING_RULES.length; pass++) {
    const ready = RECORDING_RULES.filter(
      (r) =>
        !done.has(r.record) && RECORDING_RULES.every((o) => o === r || !r.expr.includes(o.record) || done.has(o.record))
    );
    if (ready.length === 0) {
      throw new Error('recording rules depend on each other in a cycle');
    }
    const file = join(dir, `recording-pass-${pass}.rules.yaml`);
    writeFileSync(
      file,
      stringify({
        groups: [
          { name: RECORDING_RULE_GROUP, interval: '1m', rules: ready.map((r) => ({ record: r.record, expr: r.expr })) },
        ],
      })
    );
    await run(
      findBinary('promtool'),
      [
        'tsdb',
        'create-blocks-from',
        'rules',
        `--start=${Math.ceil(startS)}`,
        `--end=${Math.floor(endS)}`,
        `--url=${running.url}`,
        `--output-dir=${dataDir}`,
        '--eval-interval=1m',
        file,
      ],
      1_800_000
    );
    ready.forEach((r) => done.add(r.record));
    await running.stop();
    running = await startPrometheus({ configFile, dataDir, port: await freePort(), readyTimeoutMs: 300_000 });
    log(`recording rules pass ${pass}: ${ready.map((r) => r.record).join(', ')}`);
  }
  return running;
}

type Row = { request: BenchRequest; runs: Measured[] };
type Table = { name: string; rows: Row[] };

function total(t: Table): number {
  return t.rows.reduce((s, r) => s + median(r.runs.map((m) => m.seconds)), 0);
}

function describe(r: Row): string {
  const what = r.request.kind === 'labels' ? `label_values(${r.request.expr}, ${r.request.label})` : r.request.expr;
  return `${r.request.kind.padEnd(7)} ${r.request.source.slice(0, 32).padEnd(32)} ${what.replace(/\s+/g, ' ').slice(0, 110)}`;
}

function printTable(t: Table, counterpart?: Table): void {
  const secs = total(t);
  const ratio = counterpart
    ? ` | ${counterpart.name}: ${total(counterpart).toFixed(3)} s, ratio ${(secs / total(counterpart)).toFixed(2)}×`
    : '';
  console.log(`\n## ${t.name}: ${secs.toFixed(3)} s Prometheus time, ${t.rows.length} requests${ratio}`);
  const errors = t.rows.filter((r) => r.runs.some((m) => m.error));
  const empty = t.rows.filter((r) => r.request.kind !== 'labels' && r.runs.every((m) => !m.error && m.results === 0));
  if (empty.length) {
    console.log(`  ${empty.length} of ${t.rows.length} requests returned no series`);
  }
  const slowest = [...t.rows].sort(
    (a, b) => median(b.runs.map((m) => m.seconds)) - median(a.runs.map((m) => m.seconds))
  );
  for (const r of slowest.slice(0, 6)) {
    const s = median(r.runs.map((m) => m.seconds));
    const samples = median(r.runs.map((m) => m.samples));
    console.log(`  ${(s * 1000).toFixed(0).padStart(6)} ms ${String(samples).padStart(11)} samples  ${describe(r)}`);
  }
  for (const r of errors) {
    console.log(`  ERROR ${r.runs.find((m) => m.error)?.error}: ${describe(r)}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'kubeobs-bench-'));
  const dataDir = join(dir, 'data');
  let prometheus: RunningPrometheus | undefined;
  const started = Date.now();
  const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
  const stop = async () => {
    await prometheus?.stop();
    if (!args.keep) {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    let dashboards: CiliumDashboard[] = [];
    log(
      `synthetic cluster: ${args.nodes} nodes × ${args.podsPerNode} pods, Hubble metrics ${args.hubbleMetrics}, ${args.minutes} min at 15 s → ${dataDir}`
    );
    const history = await writeLargeHistory({
      nodes: args.nodes,
      podsPerNode: args.podsPerNode,
      hubbleMetrics: args.hubbleMetrics,
      endMs: Date.now(),
      minutes: args.minutes,
      dataDir,
      onProgress: log,
    });
    log(
      `block ${history.ulid}: ${history.series} series, ${history.samples} samples (${JSON.stringify(history.seriesByJob)})`
    );
    const configFile = join(dir, 'prometheus.yml');
    writeFileSync(configFile, 'global:\n  scrape_interval: 15s\n');
    prometheus = await startPrometheus({ configFile, dataDir, port: await freePort(), readyTimeoutMs: 300_000 });
    const endS = history.lastMs / 1000;
    await waitFor(
      'the block to be queryable',
      async () => ((await query(prometheus!.url, 'count(up)', endS)).result.length ? true : undefined),
      300_000
    );
    log(`Prometheus ${prometheus.url} serves the block`);
    if (args.ciliumDashboards) {
      dashboards = loadCiliumDashboards(args.ciliumDashboards, endS);
      log(`Cilium dashboards: ${dashboards.map((d) => `${d.file} (${d.requests.length})`).join(', ')}`);
    } else {
      log(`no --cilium-dashboards: timing this app's pages only. ${HOW_TO_GET_DASHBOARDS}`);
    }
    const measureAll = async (suffix: string): Promise<Map<string, Table>> => {
      const pages = await recordPageRequests(prometheus!.url, history.lastMs, dir, args.hubbleMetrics);
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
        for (const t of tables) {
          for (const row of t.rows) {
            row.runs.push(await measure(prometheus!.url, row.request));
          }
        }
        log(`run ${n}/${args.runs}${suffix} done`);
      }
      return new Map(tables.map((t) => [t.name, t]));
    };
    const raw = await measureAll('');
    let withRules = new Map<string, Table>();
    if (args.recordingRules) {
      prometheus = await backfillRecordingRules(
        prometheus,
        configFile,
        dataDir,
        dir,
        history.firstMs / 1000 + 300,
        endS,
        log
      );
      withRules = await measureAll(RULES_SUFFIX);
    }
    console.log(
      `\n# Page benchmark: ${history.nodes} nodes, ${history.pods} pods, ${history.namespaces} namespaces, ${history.workloads} workloads, ` +
        `${history.series} series; Hubble metrics ${args.hubbleMetrics}; median of ${args.runs}; Prometheus execTotalTime (stats=all)`
    );
    const byName = new Map([...raw, ...withRules]);
    for (const t of byName.values()) {
      const base = t.name.replace(RULES_SUFFIX, '');
      printTable(t, COUNTERPARTS[base] ? byName.get(COUNTERPARTS[base]) : undefined);
    }
    for (const suffix of args.recordingRules ? ['', RULES_SUFFIX] : ['']) {
      console.log(`\n# Targets (issue 11)${suffix || ' [raw queries]'}`);
      const check = (label: string, ok: boolean, detail: string) =>
        console.log(`  ${ok ? 'MET ' : 'MISS'} ${label}: ${detail}`);
      const cluster = byName.get(`cluster${suffix}`);
      if (cluster) {
        check('Cluster page ≤ 3 s', total(cluster) <= 3, `${total(cluster).toFixed(3)} s`);
      }
      for (const d of DRILLDOWNS) {
        const t = byName.get(`${d}${suffix}`);
        if (t) {
          check(`${d} ≤ 1 s`, total(t) <= 1, `${total(t).toFixed(3)} s`);
        }
      }
      for (const page of ['cilium', 'network']) {
        const ours = byName.get(`${page}${suffix}`);
        const theirs = byName.get(COUNTERPARTS[page]);
        if (ours && theirs) {
          const ratio = total(ours) / total(theirs);
          check(`${page} ≤ 1.0× ${COUNTERPARTS[page]}`, ratio <= 1, `${ratio.toFixed(2)}×`);
        } else {
          console.log(`  n/a  ${page} ≤ 1.0× ${COUNTERPARTS[page]}: Cilium's dashboard not given`);
        }
      }
    }
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(`bench:pages failed: ${(e as Error).message}`);
  process.exit(1);
});
