/**
 * `npm run bench`: the gateway's throughput, memory and query latency (not a test; numbers go into
 * README.md "Benchmarks"). Everything on 127.0.0.1.
 *
 * 1. Ingest: a Relay process (bench/benchRelay.ts) streams COUNT flows to the gateway, run as its
 *    own process from the compiled build (`node dist/main.js`, as in the container image). Rate =
 *    flows counted by its /metrics over the ingest window, per wall second and per CPU-second of the
 *    gateway process (utime + stime from /proc; one JS thread, i.e. one core). It runs with
 *    MALLOC_ARENA_MAX=2, as the container image does.
 * 2. Resident memory (VmRSS) of that process with a full buffer of BUFFER flows.
 * 3. Latency of GET /api/v1/service-map (all, and one namespace) and of two flow queries over HTTP.
 * 4. In this process, CPU time, best of 3: the raw protobuf decode rate of the same messages
 *    (GetFlowsResponse.decode), and the gateway's own per-flow work on them without gRPC (split,
 *    scan, buffer, service map).
 * Environment: BENCH_COUNT (default 300000), BENCH_BUFFER (default 100000).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { hubbleTypes } from '../src/proto';
import { locateResponse, scanFlow } from '../src/flowScan';
import { newStore, silentSink } from '../test/helpers';
import { benchMessages } from './messages';

const COUNT = Number(process.env.BENCH_COUNT ?? 300_000);
const BUFFER = Number(process.env.BENCH_BUFFER ?? 100_000);
const ROOT = path.resolve(__dirname, '..');
const TICK = 100; // USER_HZ of /proc/<pid>/stat on Linux

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK; // utime, stime
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m![1]) / 1024);
}

function waitForLine(child: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (d: Buffer) => {
      out += d.toString();
      const m = re.exec(out);
      if (m) {
        resolve(m);
      }
    };
    child.stdout!.on('data', on);
    child.stderr?.on('data', on);
    child.on('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
  });
}

async function received(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^hubble_gateway_flows_received_total (\d+)/m.exec(text)?.[1] ?? 0);
}

async function latency(url: string, n: number): Promise<{ p50: number; p99: number; max: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) {
      throw new Error(`${url}: ${res.status}`);
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => Math.round(times[Math.max(0, Math.ceil(p * n) - 1)] * 100) / 100;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

async function main(): Promise<void> {
  const endMs = Date.now();
  const relay = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'benchRelay.ts'), String(COUNT), String(endMs)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  const relayPort = (await waitForLine(relay, /bench relay on (\d+)/))[1];
  const gwPort = 18000 + Math.floor(Math.random() * 2000);
  const gateway = spawn(
    process.execPath,
    [
      path.join(ROOT, 'dist/main.js'),
      '--relay-address',
      `127.0.0.1:${relayPort}`,
      '--listen',
      `127.0.0.1:${gwPort}`,
      '--buffer-size',
      String(BUFFER),
      '--log-level',
      'info',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MALLOC_ARENA_MAX: '2' } }
  );
  const stop = () => {
    gateway.kill('SIGTERM');
    relay.kill('SIGTERM');
  };
  try {
    await waitForLine(gateway, /hubble gateway listening/);
    const url = `http://127.0.0.1:${gwPort}`;
    const rssIdle = rssMb(gateway.pid!);
    let n0 = 0;
    while ((n0 = await received(url)) === 0) {
      await sleep(5);
    }
    const t0 = process.hrtime.bigint();
    const c0 = cpuSeconds(gateway.pid!);
    let n1 = n0;
    while ((n1 = await received(url)) < COUNT) {
      await sleep(50);
    }
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpuS = cpuSeconds(gateway.pid!) - c0;
    const flows = n1 - n0;
    const ingest = {
      flows,
      wall_s: +wallS.toFixed(2),
      cpu_s: +cpuS.toFixed(2),
      flows_per_s: Math.round(flows / wallS),
      flows_per_cpu_s: Math.round(flows / cpuS),
    };
    await sleep(1000);
    const memory = { buffered_flows: BUFFER, rss_mb: rssMb(gateway.pid!), rss_idle_mb: rssIdle };
    const queries = {
      service_map_ms: await latency(`${url}/api/v1/service-map`, 300),
      service_map_namespace_ms: await latency(`${url}/api/v1/service-map?namespace=bookinfo`, 300),
      flows_limit_100_ms: await latency(`${url}/api/v1/flows?limit=100`, 100),
      flows_filtered_ms: await latency(`${url}/api/v1/flows?namespace=kube-system&protocol=dns&limit=100`, 100),
    };
    memory.rss_mb = Math.max(memory.rss_mb, rssMb(gateway.pid!));
    stop();

    const messages = benchMessages(COUNT, endMs);
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
    const rawDecode = {
      flows_per_cpu_s: cpuRate(() => {
        for (const m of messages) {
          GetFlowsResponse.decode(m);
        }
      }),
      mean_message_bytes: Math.round(messages.reduce((s, m) => s + m.length, 0) / messages.length),
    };
    const withoutGrpc = {
      flows_per_cpu_s: cpuRate(() => {
        const store = newStore(BUFFER);
        for (const m of messages) {
          const at = locateResponse(m);
          store.add(m, scanFlow(flowWire, m, at.flowStart, at.flowEnd, silentSink), silentSink);
        }
      }),
    };
    const results = {
      date: new Date().toISOString(),
      node: process.version,
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      load_avg_1m: os.loadavg()[0],
      ingest,
      raw_decode: rawDecode,
      gateway_work_without_grpc: withoutGrpc,
      ingest_vs_raw_decode: +(ingest.flows_per_cpu_s / rawDecode.flows_per_cpu_s).toFixed(2),
      memory,
      queries,
    };
    fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    console.log(JSON.stringify(results, null, 2));
    const ok = (b: boolean) => (b ? 'met' : 'MISSED');
    console.log(
      `\ningest ${ingest.flows_per_s} flows/s wall, ${ingest.flows_per_cpu_s} per CPU-second of the gateway (target >= 50000: ${ok(ingest.flows_per_cpu_s >= 50_000)})`
    );
    console.log(
      `raw decode ${rawDecode.flows_per_cpu_s}/CPU-s; gateway work without gRPC ${withoutGrpc.flows_per_cpu_s}/CPU-s; ingest/raw ${results.ingest_vs_raw_decode} (target >= 0.5: ${ok(results.ingest_vs_raw_decode >= 0.5)})`
    );
    console.log(`RSS ${memory.rss_mb} MB with ${BUFFER} flows (target <= 300: ${ok(memory.rss_mb <= 300)})`);
    console.log(
      `service map p50 ${queries.service_map_ms.p50} ms, p99 ${queries.service_map_ms.p99} ms (target p99 < 50: ${ok(queries.service_map_ms.p99 < 50)})`
    );
    console.log(
      `load average during the run: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${os.cpus().length} cores`
    );
  } finally {
    stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
