/**
 * `npm run bench`: the gateway under load, one command, results printed as a table and written to
 * bench/results.json (numbers for README.md "Benchmarks"; not a test). Everything on 127.0.0.1 with
 * ports picked at run time; the gateway is the compiled build in its own process, run as the
 * container image runs it (processes.ts); the Relay is bench/benchRelay.ts in another process.
 *
 * Phases (BENCH_PHASES=ingest,serve,burst,clients,restart selects some):
 * - ingest: 300,000 flows as fast as the gateway takes them: flows per CPU-second of the gateway,
 *   resident memory with 100,000 buffered, query latency on the full buffer, and in this process
 *   the raw protobuf decode rate of the same messages.
 * - serve: Relay at 50,000 flows/s while 20 clients query /api/v1/flows?limit=100 and the service map
 *   in a loop for 60 s: latencies, gateway CPU, and no flow lost (received = sent = buffered + evicted).
 * - burst: 50,000 flows/s with 10 s at 10x: memory, lag (newest flow age), time to catch up.
 * - clients: 200 connections asking for 10,000 flows that never read (the case that once took 3 GB),
 *   then 200 that read slowly, not at all or hang up mid-answer, while a probe client queries.
 * - restart: Relay killed (SIGKILL) and restarted at 50,000 flows/s with 10 clients querying:
 *   every flow of the sequence received exactly once, the buffer one contiguous run.
 */
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { hubbleTypes } from '../src/proto';
import { locateResponse, scanFlow } from '../src/flowScan';
import { newStore, silentSink } from '../test/helpers';
import { benchMessages } from './messages';
import { Latencies, loopClients, rawClient } from './clients';
import {
  cpuSeconds,
  metrics,
  rssMb,
  sleep,
  startGateway,
  startRelay,
  stop,
  type BenchRelay,
  type GatewayProcess,
} from './processes';

const PHASES = (process.env.BENCH_PHASES ?? 'ingest,serve,burst,clients,restart').split(',');
const RATE = 50_000;
const BUFFER = 100_000;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

type Row = { phase: string; measure: string; result: string; target?: string; met?: boolean };
const rows: Row[] = [];
const results: Record<string, unknown> = {};
const row = (phase: string, measure: string, result: string, target?: string, met?: boolean) =>
  rows.push({ phase, measure, result, target, met });

const nowUs = () => Date.now() * 1000;

/** Polls `check` every 200 ms until true; throws after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) {
      return;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const received = async (url: string) => (await metrics(url)).get('hubble_gateway_flows_received_total') ?? 0;

/** Samples RSS and the newest flow's age every 250 ms until stopped. */
function sampler(gw: GatewayProcess) {
  const samples: Array<{ t: number; rss: number; age: number; received: number; pending: number }> = [];
  let running = true;
  const done = (async () => {
    while (running) {
      try {
        const m = await metrics(gw.url);
        samples.push({
          t: Date.now(),
          rss: rssMb(gw.pid),
          age: m.get('hubble_gateway_newest_flow_age_seconds') ?? NaN,
          received: m.get('hubble_gateway_flows_received_total') ?? 0,
          pending: m.get('hubble_gateway_http_stream_pending_bytes') ?? 0,
        });
      } catch {
        /* the gateway is busy or gone: skip this sample */
      }
      await sleep(250);
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await done;
    },
  };
}

async function phaseIngest(): Promise<void> {
  const COUNT = 300_000;
  const relay = await startRelay({ t0Us: nowUs() - COUNT, segments: [[0, COUNT / 1e6, 1e6]], fast: true });
  const gw = await startGateway(relay.port, ['--buffer-size', String(BUFFER)]);
  try {
    const rssIdle = rssMb(gw.pid);
    let n0 = 0;
    await until('first flows', async () => (n0 = await received(gw.url)) > 0, 60_000);
    const t0 = performance.now();
    const c0 = cpuSeconds(gw.pid);
    let n1 = n0;
    await until('all flows', async () => (n1 = await received(gw.url)) >= COUNT, 300_000);
    const wallS = (performance.now() - t0) / 1000;
    const cpuS = cpuSeconds(gw.pid) - c0;
    const perCpu = Math.round((n1 - n0) / cpuS);
    await sleep(2000);
    const rss = rssMb(gw.pid);
    const queries: Record<string, ReturnType<Latencies['summary']>> = {};
    // Gateway CPU per answer (user + system from /proc, 10 ms ticks over hundreds of answers): what
    // an answer costs whatever else runs on the machine.
    const cpuPerAnswer: Record<string, number> = {};
    for (const [name, p, n] of [
      ['service map', '/api/v1/service-map', 300],
      ['service map, one namespace', '/api/v1/service-map?namespace=bookinfo', 300],
      ['flows limit=100', '/api/v1/flows?limit=100', 200],
      ['flows limit=100, filtered', '/api/v1/flows?namespace=kube-system&protocol=dns&limit=100', 200],
    ] as const) {
      const l = new Latencies();
      const c = cpuSeconds(gw.pid);
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        const res = await fetch(gw.url + p);
        await res.arrayBuffer();
        l.add(performance.now() - t);
      }
      queries[name] = l.summary();
      cpuPerAnswer[name] = ((cpuSeconds(gw.pid) - c) / n) * 1000;
    }
    results.ingest = {
      flows: n1 - n0,
      wall_s: wallS,
      cpu_s: cpuS,
      flows_per_cpu_s: perCpu,
      rss_mb: rss,
      rss_idle_mb: rssIdle,
      queries,
    };
    row(
      'ingest',
      'ingest from a local Relay, flows per CPU-second of the gateway',
      `${perCpu} (${Math.round((n1 - n0) / wallS)}/s wall)`,
      '>= 100000',
      perCpu >= 100_000
    );
    row(
      'ingest',
      `resident memory with ${BUFFER} flows buffered (idle ${rssIdle} MB)`,
      `${rss} MB`,
      '<= 160 MB',
      rss <= 160
    );
    for (const [name, q] of Object.entries(queries)) {
      row(
        'ingest',
        `${name}, full buffer, one client: p50 / p99; gateway CPU per answer`,
        `${q.p50} / ${q.p99} ms; ${cpuPerAnswer[name].toFixed(2)} ms`
      );
    }
  } finally {
    await stop(gw.child);
    await stop(relay.child);
  }
  // In this process: the raw protobuf decode rate of the same messages, and the gateway's own work.
  const messages = benchMessages(100_000, Date.now());
  const { GetFlowsResponse, flowWire } = hubbleTypes();
  const cpuRate = (fn: () => void): number => {
    let best = Infinity;
    for (let pass = 0; pass < 3; pass++) {
      gc();
      const c = process.cpuUsage();
      fn();
      const d = process.cpuUsage(c);
      best = Math.min(best, (d.user + d.system) / 1e6);
    }
    return Math.round(messages.length / best);
  };
  const raw = cpuRate(() => {
    for (const m of messages) {
      GetFlowsResponse.decode(m);
    }
  });
  const own = cpuRate(() => {
    const store = newStore(BUFFER);
    for (const m of messages) {
      const at = locateResponse(m);
      store.add(m, scanFlow(flowWire, m, at.flowStart, at.flowEnd, silentSink), silentSink);
    }
  });
  results.in_process = { raw_decode_per_cpu_s: raw, gateway_work_without_grpc_per_cpu_s: own };
  row('ingest', 'raw protobuf decode of the same messages (protobufjs), per CPU-second', String(raw));
  row('ingest', "the gateway's own work without gRPC (scan, intern, store, map), per CPU-second", String(own));
}

/**
 * Waits until the Relay has sent its whole schedule and the gateway has taken it (at most 120 s
 * more), then checks the counts: every flow sent was received once, and is buffered or evicted.
 */
async function checkNoLoss(phase: string, gw: GatewayProcess, relay: BenchRelay, end: number): Promise<void> {
  await until('the Relay sent every flow', () => relay.progress.done === end, 300_000);
  const sent = relay.progress.sent;
  await until('the gateway received every flow', async () => (await received(gw.url)) >= sent, 120_000).catch(() => {});
  await sleep(500);
  const m = await metrics(gw.url);
  const got = m.get('hubble_gateway_flows_received_total') ?? 0;
  const buffered = m.get('hubble_gateway_buffer_flows') ?? 0;
  const evicted = m.get('hubble_gateway_buffer_evicted_flows_total') ?? 0;
  const dup = m.get('hubble_gateway_duplicate_flows_total') ?? 0;
  const invalid = m.get('hubble_gateway_invalid_messages_total') ?? 0;
  const ok = got === end && got === buffered + evicted && invalid === 0;
  row(
    phase,
    'flows in the schedule = received = buffered + evicted',
    `${end} = ${got} = ${buffered} + ${evicted} (the last Relay wrote ${sent} messages, duplicates ${dup}, invalid ${invalid})`,
    'equal',
    ok
  );
}

async function phaseServe(): Promise<void> {
  const WARM = 5;
  const RUN = 60;
  // The schedule starts 3 s from now: the gateway is connected before the first flow exists.
  const segments: Array<[number, number, number]> = [[0, WARM + RUN + 3, RATE]];
  const relay = await startRelay({ t0Us: nowUs() + 3e6, segments });
  const gw = await startGateway(relay.port, ['--buffer-size', String(BUFFER)]);
  const s = sampler(gw);
  try {
    await sleep((3 + WARM) * 1000);
    const lat = new Map<string, Latencies>();
    const c0 = cpuSeconds(gw.pid);
    const t0 = performance.now();
    await loopClients(gw.url, ['/api/v1/flows?limit=100', '/api/v1/service-map'], 20, Date.now() + RUN * 1000, lat);
    const cpu = (cpuSeconds(gw.pid) - c0) / ((performance.now() - t0) / 1000);
    await checkNoLoss(
      'serve',
      gw,
      relay,
      segments.reduce((n, [a, b, r]) => n + Math.round((b - a) * r), 0)
    );
    await s.stop();
    const flows = lat.get('/api/v1/flows?limit=100')!.summary();
    const map = lat.get('/api/v1/service-map')!.summary();
    const rssMax = Math.max(...s.samples.map((x) => x.rss));
    const ages = s.samples.map((x) => x.age).filter((a) => !Number.isNaN(a));
    results.serve = {
      rate: RATE,
      seconds: RUN,
      clients: 20,
      flows,
      service_map: map,
      gateway_cpu: cpu,
      rss_max_mb: rssMax,
      age_max_s: Math.max(...ages),
    };
    row(
      'serve',
      `/api/v1/flows?limit=100, 20 clients, Relay at ${RATE}/s: p50 / p99 (${flows.n} answers, ${flows.errors} errors)`,
      `${flows.p50} / ${flows.p99} ms`,
      'p99 <= 50 ms',
      flows.p99 <= 50
    );
    row(
      'serve',
      `/api/v1/service-map, same clients: p50 / p99 (${map.n} answers, ${map.errors} errors)`,
      `${map.p50} / ${map.p99} ms`,
      'p99 <= 100 ms',
      map.p99 <= 100
    );
    row('serve', 'gateway CPU while serving (1.0 = one core; less means the machine gave it less)', cpu.toFixed(2));
    row('serve', 'gateway resident memory, max', `${rssMax} MB`);
    row('serve', 'newest flow age (ingest lag), max', `${Math.max(...ages).toFixed(2)} s`);
  } finally {
    await s.stop();
    await stop(gw.child);
    await stop(relay.child);
  }
}

async function phaseBurst(): Promise<void> {
  const segments: Array<[number, number, number]> = [
    [0, 10, RATE],
    [10, 20, RATE * 10],
    [20, 200, RATE],
  ];
  const t0 = nowUs() + 3e6;
  const relay = await startRelay({ t0Us: t0, segments });
  const gw = await startGateway(relay.port, ['--buffer-size', String(BUFFER)]);
  const s = sampler(gw);
  try {
    const burstEnd = t0 / 1000 + 20_000;
    await sleep(burstEnd - Date.now());
    let recoveredAt = NaN;
    await until(
      'the lag recovered after the burst',
      () => {
        const last = s.samples[s.samples.length - 1];
        if (last && last.t > burstEnd && last.age < 1) {
          recoveredAt = (last.t - burstEnd) / 1000;
          return true;
        }
        return false;
      },
      170_000
    ).catch(() => {});
    await s.stop();
    const rates = s.samples
      .slice(1)
      .map((x, i) => (x.received - s.samples[i].received) / ((x.t - s.samples[i].t) / 1000));
    const rssMax = Math.max(...s.samples.map((x) => x.rss));
    const ageMax = Math.max(...s.samples.map((x) => x.age).filter((a) => !Number.isNaN(a)));
    const alive = gw.child.exitCode === null;
    results.burst = {
      rate: RATE,
      burst_rate: RATE * 10,
      burst_seconds: 10,
      rss_max_mb: rssMax,
      age_max_s: ageMax,
      recovered_s_after_burst: recoveredAt,
      peak_ingest_per_s: Math.round(Math.max(...rates)),
      alive,
    };
    row(
      'burst',
      `resident memory, max (buffer ${BUFFER} flows)`,
      `${rssMax} MB`,
      '<= 256 MB (README bound)',
      rssMax <= 256
    );
    row('burst', 'ingest rate, peak (from hubble_gateway_flows_received_total)', `${Math.round(Math.max(...rates))}/s`);
    row('burst', 'newest flow age, max (hubble_gateway_newest_flow_age_seconds)', `${ageMax.toFixed(1)} s`);
    row(
      'burst',
      'lag back under 1 s, after the burst ended',
      Number.isNaN(recoveredAt) ? 'not within 170 s' : `${recoveredAt.toFixed(1)} s`,
      'recovers',
      !Number.isNaN(recoveredAt)
    );
    row('burst', 'gateway process alive', String(alive), 'alive', alive);
  } finally {
    await s.stop();
    await stop(gw.child);
    await stop(relay.child);
  }
}

async function phaseClients(): Promise<void> {
  const relay = await startRelay({ t0Us: nowUs() - 20e6, segments: [[0, 120, 5000]] });
  const gw = await startGateway(relay.port, ['--buffer-size', String(BUFFER), '--client-timeout', '10s']);
  const port = Number(new URL(gw.url).port);
  try {
    await until(
      'a full buffer',
      async () => (await metrics(gw.url)).get('hubble_gateway_buffer_flows') === BUFFER,
      120_000
    );
    const rssBefore = rssMb(gw.pid);
    const big = '/api/v1/flows?limit=10000';
    const runs: Array<[string, Array<[number, 'stalled' | 'slow' | 'abort']>]> = [
      ['200 connections ask for 10000 flows and never read', [[200, 'stalled']]],
      [
        '80 never read, 60 read 64 KiB/s, 60 hang up mid-answer and retry',
        [
          [80, 'stalled'],
          [60, 'slow'],
          [60, 'abort'],
        ],
      ],
    ];
    const out: Record<string, unknown> = {};
    for (const [name, mix] of runs) {
      const s = sampler(gw);
      const stopAt = Date.now() + 20_000;
      const closers = mix.flatMap(([n, mode]) => Array.from({ length: n }, () => rawClient(port, big, mode, stopAt)));
      const lat = new Map<string, Latencies>();
      await loopClients(gw.url, ['/api/v1/flows?limit=100', '/api/v1/service-map'], 1, stopAt, lat);
      closers.forEach((close) => close());
      await sleep(10_000);
      await s.stop();
      const probe = lat.get('/api/v1/flows?limit=100')!.summary();
      const rssMax = Math.max(...s.samples.map((x) => x.rss));
      const pendingMax = Math.max(...s.samples.map((x) => x.pending));
      const rssAfter = rssMb(gw.pid);
      out[name] = { probe, rss_max_mb: rssMax, rss_after_mb: rssAfter, pending_max_bytes: pendingMax };
      row(
        'clients',
        `${name}: a probe client's flows?limit=100 p50 / p99 / max`,
        `${probe.p50} / ${probe.p99} / ${probe.max} ms (${probe.errors} errors)`
      );
      row(
        'clients',
        `${name}: resident memory before / max / 10 s after they close`,
        `${rssBefore} / ${rssMax} / ${rssAfter} MB`,
        '<= 256 MB (README bound)',
        rssMax <= 256
      );
    }
    const m = await metrics(gw.url);
    out.client_timeouts = m.get('hubble_gateway_http_client_timeouts_total');
    results.clients = out;
    row(
      'clients',
      'connections cut off by --client-timeout (10 s here)',
      String(m.get('hubble_gateway_http_client_timeouts_total'))
    );
  } finally {
    await stop(gw.child);
    await stop(relay.child);
  }
}

async function phaseRestart(): Promise<void> {
  const CAPACITY = 200_000;
  const segments: Array<[number, number, number]> = [[0, 11, RATE]];
  const end = 11 * RATE;
  const opts = { t0Us: nowUs() + 3e6, segments };
  let relay = await startRelay(opts);
  const port = relay.port;
  const gw = await startGateway(port, [
    '--buffer-size',
    String(CAPACITY),
    '--backoff-initial',
    '200ms',
    '--backoff-max',
    '1s',
  ]);
  const lat = new Map<string, Latencies>();
  const clients = loopClients(gw.url, ['/api/v1/flows?limit=100', '/api/v1/service-map'], 10, Date.now() + 15_000, lat);
  try {
    await sleep(3000 + 8000);
    await stop(relay.child, 'SIGKILL');
    await sleep(2000);
    relay = await startRelay({ ...opts, port });
    await clients;
    await checkNoLoss('restart', gw, relay, end);
    // Page through the buffer: one contiguous run of the sequence, each flow once.
    const ks: number[] = [];
    let untilTime = '';
    for (;;) {
      const res = await fetch(
        `${gw.url}/api/v1/flows?limit=10000${untilTime ? `&until=${encodeURIComponent(untilTime)}` : ''}`
      );
      const page = ((await res.json()) as { flows: Array<{ uuid: string; time: string }> }).flows.filter(
        (f) => !ks.length || Number(f.uuid.slice(6)) < ks[ks.length - 1]
      );
      if (page.length === 0) {
        break;
      }
      ks.push(...page.map((f) => Number(f.uuid.slice(6))));
      untilTime = page[page.length - 1].time;
    }
    const sorted = [...ks].sort((a, b) => a - b);
    const contiguous = sorted.every((k, i) => i === 0 || k === sorted[i - 1] + 1);
    const unique = new Set(ks).size === ks.length;
    const expected = Math.min(CAPACITY, end);
    const ok = contiguous && unique && ks.length === expected && sorted[sorted.length - 1] === end - 1;
    const m = await metrics(gw.url);
    results.restart = {
      flows: end,
      buffered_checked: ks.length,
      contiguous,
      unique,
      reconnects: m.get('hubble_gateway_relay_reconnects_total'),
    };
    row(
      'restart',
      `buffer after kill -9 and restart (last ${expected} of ${end} flows): one run, each once`,
      `${ks.length} flows, contiguous ${contiguous}, unique ${unique}, newest bench-${sorted[sorted.length - 1]}`,
      'yes',
      ok
    );
    const f = lat.get('/api/v1/flows?limit=100')!.summary();
    row(
      'restart',
      `10 clients meanwhile: flows?limit=100 p50 / p99 (${f.n} answers, ${f.errors} errors)`,
      `${f.p50} / ${f.p99} ms`
    );
  } finally {
    await clients.catch(() => {});
    await stop(gw.child);
    await stop(relay.child);
  }
}

function printTable(): void {
  const head = ['phase', 'measure', 'result', 'target'];
  const lines = rows.map((r) => [
    r.phase,
    r.measure,
    r.result,
    r.target ? `${r.target}: ${r.met ? 'met' : 'MISSED'}` : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  console.log('\n' + fmt(head));
  console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |');
  for (const l of lines) {
    console.log(fmt(l));
  }
}

async function main(): Promise<void> {
  const load0 = os.loadavg()[0];
  const phases: Record<string, () => Promise<void>> = {
    ingest: phaseIngest,
    serve: phaseServe,
    burst: phaseBurst,
    clients: phaseClients,
    restart: phaseRestart,
  };
  for (const name of PHASES) {
    console.log(`--- ${name}`);
    await phases[name]();
  }
  Object.assign(results, {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    load_avg_1m: { start: load0, end: os.loadavg()[0] },
    table: rows,
  });
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  printTable();
  console.log(
    `\n${os.cpus().length} cores, ${os.cpus()[0]?.model}, Node ${process.version}; load average ${load0.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end (other jobs on the machine count too).`
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
