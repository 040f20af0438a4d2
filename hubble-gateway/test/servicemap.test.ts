/**
 * The service map of a known capture (basic-sample-348-http-flows.json replayed by the demo Relay
 * over gRPC), checked edge by edge and node by node against an independent computation from the
 * raw JSON lines in this file.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createGateway, type Gateway } from '../src/server';
import { FIXTURES, capturesMissing, fixtureFlows, get, ns, rfc, testConfig, waitFor } from './helpers';
import { killRelay, startRelayProcess, type RelayProcess } from './relayProcess';

type F = Record<string, any>;
const FILE = 'basic-sample-348-http-flows.json';

// Every test here reads the real captures: without them each is skipped, saying why.
const skip = capturesMissing();
let relay: RelayProcess;
let gw: Gateway;
let url: string;
const raw = skip ? [] : fixtureFlows(FILE);

/** Independent node naming: pods by workload (hash suffixes cut), others by reserved label. */
function nodeId(ep: F | undefined): { id: string; namespace: string } {
  if (ep?.pod_name) {
    const parts = String(ep.pod_name).split('-');
    const hash = (s: string, min: number, max: number) => s.length >= min && s.length <= max && /^[a-z0-9]+$/.test(s);
    if (parts.length > 2 && hash(parts[parts.length - 1], 5, 5) && hash(parts[parts.length - 2], 6, 10)) {
      parts.splice(-2);
    } else if (parts.length > 1 && hash(parts[parts.length - 1], 5, 5)) {
      parts.splice(-1);
    }
    return { id: `${ep.namespace}/${parts.join('-')}`, namespace: ep.namespace };
  }
  const reserved = (ep?.labels ?? []).find((l: string) => l.startsWith('reserved:'));
  return { id: reserved ?? 'unknown', namespace: '' };
}

function expectedMap(flows: F[], namespace?: string) {
  const edges = new Map<string, F>();
  for (const f of flows) {
    const reply = f.is_reply === true;
    const client = nodeId(reply ? f.destination : f.source);
    const server = nodeId(reply ? f.source : f.destination);
    if (namespace && client.namespace !== namespace && server.namespace !== namespace) {
      continue;
    }
    const id = `${client.id}->${server.id}`;
    const e = edges.get(id) ?? {
      id,
      source: client.id,
      target: server.id,
      ports: new Set<number>(),
      protocols: new Set<string>(),
      flows: 0,
      verdicts: {} as Record<string, number>,
      req: 0,
      resp: 0,
      err: 0,
      lat: [] as number[],
    };
    edges.set(id, e);
    e.flows++;
    e.verdicts[f.verdict] = (e.verdicts[f.verdict] ?? 0) + 1;
    const tcp = f.l4?.TCP;
    if (tcp) {
      e.ports.add(reply ? tcp.source_port : tcp.destination_port);
      e.protocols.add('TCP');
    }
    if (f.l7?.http) {
      e.protocols.add('HTTP');
      if (f.l7.type === 'REQUEST') {
        e.req++;
      }
      if (f.l7.type === 'RESPONSE') {
        e.resp++;
        if (f.l7.http.code >= 500) {
          e.err++;
        }
        if (f.l7.latency_ns) {
          e.lat.push(Number(f.l7.latency_ns));
        }
      }
    }
  }
  const q = (sorted: number[], p: number) =>
    Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] / 1e3) / 1e3;
  return [...edges.values()]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((e) => {
      const lat = [...e.lat].sort((a, b) => a - b);
      const out: F = {
        id: e.id,
        source: e.source,
        target: e.target,
        ports: [...e.ports].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' })),
        protocols: [...e.protocols].sort(),
        flows: e.flows,
        verdicts: e.verdicts,
      };
      if (e.req + e.resp > 0) {
        out.http = {
          requests: e.req,
          responses: e.resp,
          errors: e.err,
          latency_ms: lat.length ? { p50: q(lat, 0.5), p95: q(lat, 0.95), p99: q(lat, 0.99) } : null,
        };
      }
      return out;
    });
}

before(async () => {
  if (skip) {
    return;
  }
  relay = await startRelayProcess(['--flows-file', path.join(FIXTURES, FILE), '--listen', '127.0.0.1:0']);
  gw = createGateway(testConfig(relay.address));
  url = await gw.start();
  await waitFor('capture buffered', () => gw.store.size === raw.length);
});

after(async () => {
  await gw?.stop();
  if (relay) {
    await killRelay(relay, 'SIGTERM');
  }
});

test('every edge matches the independent computation', { skip }, async () => {
  const res = await get(`${url}/api/v1/service-map`);
  assert.equal(res.status, 200);
  const want = expectedMap(raw);
  assert.ok(want.length >= 5, `a real map (${want.length} edges)`);
  assert.equal(res.body.edges.length, want.length);
  for (let i = 0; i < want.length; i++) {
    assert.deepEqual(res.body.edges[i], want[i], want[i].id);
  }
  assert.ok(
    want.some((e) => e.http?.errors > 0),
    'the capture has 5xx answers'
  );
  assert.ok(
    want.some((e) => e.http?.latency_ms),
    'and latencies'
  );
});

test('nodes carry in/out/dropped counts over the edges', { skip }, async () => {
  const res = await get(`${url}/api/v1/service-map`);
  const want = new Map<string, { in: number; out: number; dropped: number }>();
  for (const e of expectedMap(raw)) {
    for (const id of [e.source, e.target]) {
      if (!want.has(id)) {
        want.set(id, { in: 0, out: 0, dropped: 0 });
      }
    }
    want.get(e.source)!.out += e.flows;
    want.get(e.target)!.in += e.flows;
  }
  assert.deepEqual(Object.fromEntries(res.body.nodes.map((n: F) => [n.id, n.flows])), Object.fromEntries(want));
  const prom = res.body.nodes.find((n: F) => n.id === 'istio-system/prometheus');
  assert.deepEqual(
    { type: prom.type, namespace: prom.namespace, name: prom.name },
    { type: 'workload', namespace: 'istio-system', name: 'prometheus' }
  );
  assert.equal(res.body.nodes.find((n: F) => n.id === 'reserved:world')?.type, 'reserved');
});

test('namespace keeps the edges with either end in it', { skip }, async () => {
  const res = await get(`${url}/api/v1/service-map?namespace=bookinfo`);
  const want = expectedMap(raw, 'bookinfo');
  assert.ok(want.length > 0 && want.length < expectedMap(raw).length);
  assert.deepEqual(res.body.edges, want);
});

test('since/until select time slots; the window is reported', { skip }, async () => {
  const o = gw.store.oldestTime!; // flows are re-timed by the relay, so take times from the buffer
  const bufferOldest = BigInt(o.sec) * 1_000_000_000n + BigInt(o.nanos);
  const empty = await get(`${url}/api/v1/service-map?until=${rfc(bufferOldest - 60_000_000_000n)}`);
  assert.deepEqual([empty.body.nodes, empty.body.edges, empty.body.window], [[], [], null]);
  const all = await get(`${url}/api/v1/service-map?since=1000d&until=${encodeURIComponent(new Date().toISOString())}`);
  assert.equal(
    all.body.edges.reduce((n: number, e: F) => n + e.flows, 0),
    raw.length
  );
  assert.ok(ns(all.body.window.since) <= bufferOldest, 'window widened to slot boundaries');
});
