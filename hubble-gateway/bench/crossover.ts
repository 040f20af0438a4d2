/**
 * `npm run bench:crossover`: at which flow rate following every flow costs the gateway more CPU
 * than answering requests with one Relay query each (query mode), on its one JS thread. A benchmark,
 * not a test; prints a table and writes bench/crossover.json.
 *
 * - Follow: the compiled gateway (--mode follow, as the image runs it) takes 300,000 flows from the
 *   bench Relay as fast as it can: F flows per CPU-second. Following R flows/s costs R / F of a core,
 *   whether or not anyone asks; each answer from the buffer then costs b seconds of CPU.
 * - Query: the same gateway with --mode query and no cache answers each request type 200 times,
 *   each from a one-shot GetFlows to the bench Relay (which sends the last `number` flows): q
 *   seconds of CPU per request.
 * - Crossover for a load of n requests/s of one type: R* = F × n × (q − b). Below R*, following
 *   is cheaper for the gateway; above it, query mode is.
 * Gateway CPU is read from /proc (user + system of its process).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuSeconds, metrics, sleep, startGateway, startRelay, stop } from './processes';

const FLOWS = 300_000;
const REQUESTS = 200;
/** The requests the app sends most (Flows page, live service map, a filtered Flows page). */
const TYPES: Array<[string, string]> = [
  ['flows limit=100', '/api/v1/flows?limit=100'],
  ['flows limit=100, namespace + verdict', '/api/v1/flows?namespace=kube-system&verdict=FORWARDED&limit=100'],
  ['flows limit=1000', '/api/v1/flows?limit=1000'],
  ['service map', '/api/v1/service-map'],
];
/** Request rates the crossover is given for (requests per second of one type). */
const LOADS = [0.1, 1, 10];

const nowUs = () => Date.now() * 1000;

async function waitUntil(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) {
      return;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Gateway CPU-seconds per request of each type (sequential requests, bodies read). */
async function cpuPerRequest(url: string, pid: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, p] of TYPES) {
    const c = cpuSeconds(pid);
    for (let i = 0; i < REQUESTS; i++) {
      const res = await fetch(url + p);
      if (res.status !== 200) {
        throw new Error(`${p}: HTTP ${res.status}: ${await res.text()}`);
      }
      await res.arrayBuffer();
    }
    out[name] = (cpuSeconds(pid) - c) / REQUESTS;
  }
  return out;
}

async function follow(): Promise<{ perCpuS: number; answer: Record<string, number> }> {
  const relay = await startRelay({ t0Us: nowUs() - FLOWS, segments: [[0, FLOWS / 1e6, 1e6]], fast: true });
  const gw = await startGateway(relay.port, ['--mode', 'follow', '--buffer-size', '100000']);
  try {
    const received = async () => (await metrics(gw.url)).get('hubble_gateway_flows_received_total') ?? 0;
    let n0 = 0;
    await waitUntil('first flows', async () => (n0 = await received()) > 0, 60_000);
    const c0 = cpuSeconds(gw.pid);
    let n1 = n0;
    await waitUntil('all flows', async () => (n1 = await received()) >= FLOWS, 300_000);
    const perCpuS = (n1 - n0) / (cpuSeconds(gw.pid) - c0);
    return { perCpuS, answer: await cpuPerRequest(gw.url, gw.pid) };
  } finally {
    await stop(gw.child);
    await stop(relay.child);
  }
}

async function query(): Promise<Record<string, number>> {
  // 1,000 flows/s for the last 10 minutes: every request finds as many flows as it asks for.
  const relay = await startRelay({ t0Us: nowUs() - 600e6, segments: [[0, 3600, 1000]] });
  const gw = await startGateway(relay.port, ['--mode', 'query', '--query-cache-ttl', '0']);
  try {
    await cpuPerRequest(gw.url, gw.pid); // warm-up (JIT), not counted
    return await cpuPerRequest(gw.url, gw.pid);
  } finally {
    await stop(gw.child);
    await stop(relay.child);
  }
}

async function main(): Promise<void> {
  const load0 = os.loadavg()[0];
  const f = await follow();
  const q = await query();
  const rows = TYPES.map(([name]) => {
    const extra = q[name] - f.answer[name];
    return {
      request: name,
      follow_answer_ms: f.answer[name] * 1000,
      query_answer_ms: q[name] * 1000,
      crossover_flows_per_s: Object.fromEntries(LOADS.map((n) => [n, Math.round(f.perCpuS * n * extra)])),
    };
  });
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    load_avg_1m: { start: load0, end: os.loadavg()[0] },
    follow_flows_per_cpu_s: Math.round(f.perCpuS),
    rows,
  };
  fs.writeFileSync(path.join(__dirname, 'crossover.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`following: ${Math.round(f.perCpuS).toLocaleString('en-US')} flows per CPU-second of the gateway\n`);
  console.log(
    `| request | CPU per answer, follow mode (ms) | CPU per answer, query mode (ms) | ${LOADS.map((n) => `crossover at ${n} req/s (flows/s)`).join(' | ')} |`
  );
  console.log(`| --- | --- | --- | ${LOADS.map(() => '---').join(' | ')} |`);
  for (const r of rows) {
    console.log(
      `| ${r.request} | ${r.follow_answer_ms.toFixed(2)} | ${r.query_answer_ms.toFixed(2)} | ${LOADS.map((n) =>
        r.crossover_flows_per_s[n].toLocaleString('en-US')
      ).join(' | ')} |`
    );
  }
  console.log(
    `\n${os.cpus().length} cores, ${os.cpus()[0]?.model}, Node ${process.version}; load average ${load0.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end.`
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
