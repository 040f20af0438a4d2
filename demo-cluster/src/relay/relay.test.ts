/**
 * The demo Relay over real gRPC on 127.0.0.1, with a tiny in-test FlowHub over fixture flows and a
 * grpc-js client built from the same protos: GetFlows (number, first, since/until, filters,
 * follow), ServerStatus, GetNodes, GetNamespaces, and the replay hub's re-timing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { FlowHub, FlowJson, FlowListener } from '../flows/types';
import { observerProtos, protobufRoot } from './protos';
import { flowsRate, startRelay, type RelayHandle } from './server';
import { ReplayHub } from './replayHub';
import { loadFlowsFile as loadFile } from '../flows/file';
import { nsToTime, timeToNs } from './flowToProto';
import { capturesDir, capturesMissing } from '../flows/captures';

// Every test here replays real captures; without them each is skipped with the reason.
const skip = capturesMissing();
const FIXTURES = capturesDir();
const loadFlowsFile = (f: string) => (skip ? [] : loadFile(f, () => {}).flows);
const tcp = loadFlowsFile(path.join(FIXTURES, 'basic-sample-400-tcp-flows.json'));
const http = loadFlowsFile(path.join(FIXTURES, 'basic-sample-348-http-flows.json'));
const dns = loadFlowsFile(path.join(FIXTURES, 'basic-sample-330-dns-flows.json'));
const flows = [...tcp, ...http, ...dns].sort((a, b) => (timeToNs(a.time) < timeToNs(b.time) ? -1 : 1));

/** A FlowHub for tests: a list of flows plus `emit` for new ones. */
class ListHub implements FlowHub {
  listeners = new Set<FlowListener>();
  constructor(public items: FlowJson[]) {}
  subscribe(l: FlowListener) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  recent(max: number) {
    return this.items.slice(-max);
  }
  emit(f: FlowJson) {
    this.items.push(f);
    for (const l of this.listeners) {
      l(f);
    }
  }
}

const hub = new ListHub(flows.slice());
let relay: RelayHandle;
let client: any;

before(async () => {
  relay = await startRelay({ hub, listen: '127.0.0.1:0' });
  const Observer = (observerProtos().grpcObject.observer as any).Observer;
  client = new Observer(relay.address, grpc.credentials.createInsecure());
});
after(async () => {
  client.close();
  await relay.stop();
});

function getFlows(req: Record<string, unknown>): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const out: any[] = [];
    const call = client.GetFlows(req);
    call.on('data', (r: any) => out.push(r));
    call.on('error', reject);
    call.on('end', () => resolve(out));
  });
}

const eps = (f: any) => [f.source ?? {}, f.destination ?? {}];

const nodeOf = (f: any) => f.node_name ?? '';
const nodes = [...new Set(flows.map(nodeOf))];
const tsOf = (ns: bigint) => ({ seconds: Number(ns / 1_000_000_000n), nanos: Number(ns % 1_000_000_000n) });
const byTime = (a: FlowJson, b: FlowJson) => {
  const d = timeToNs(a.time) - timeToNs(b.time);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
/** Per node, `pick` over the node's flows (oldest first); all nodes merged in time order. */
const perNode = (pick: (nodeFlows: FlowJson[]) => FlowJson[]) =>
  nodes.flatMap((n) => pick(flows.filter((f) => nodeOf(f) === n))).sort(byTime);

test('GetFlows without follow: number counts per node (last N of each), first N, all', { skip }, async () => {
  assert.ok(nodes.length > 1, 'the captures come from several nodes');
  const last = await getFlows({ number: 10 });
  assert.equal(last.length, 10 * nodes.length, 'up to N per node, as `hubble observe --last N` through Relay');
  assert.deepEqual(
    last.map((r) => r.flow.Summary),
    perNode((fs) => fs.slice(-10)).map((f) => f.Summary)
  );
  assert.equal(last[0].response_types, 'flow');
  const first = await getFlows({ number: 3, first: true });
  assert.deepEqual(
    first.map((r) => r.flow.Summary),
    perNode((fs) => fs.slice(0, 3)).map((f) => f.Summary)
  );
  assert.equal((await getFlows({})).length, flows.length);
});

test('with since, number takes the first N from since on (per node); until ends the answer', { skip }, async () => {
  const t = flows.map((f) => timeToNs(f.time));
  const since = t[300];
  const got = await getFlows({ number: 5, since: tsOf(since) });
  const want = perNode((fs) => fs.filter((f) => timeToNs(f.time) >= since).slice(0, 5));
  assert.ok(want.length > 5);
  assert.deepEqual(
    got.map((r) => r.flow.Summary),
    want.map((f) => f.Summary)
  );
  // No since, until in the past: each node rewinds N flows from its newest, then stops at until.
  const until = t[t.length - 40];
  const late = await getFlows({ number: 20, until: tsOf(until) });
  const wantLate = perNode((fs) => fs.slice(-20).filter((f) => timeToNs(f.time) <= until));
  assert.deepEqual(
    late.map((r) => r.flow.Summary),
    wantLate.map((f) => f.Summary)
  );
});

test('the wire carries the flow faithfully (time, enums, wrappers, 64-bit)', { skip }, async () => {
  const got = await getFlows({ number: 1, whitelist: [{ http_status_code: ['503'] }] });
  const r = got[got.length - 1]; // the newest: merged in time order
  const src = [...flows].reverse().find((f: any) => f.l7?.http?.code === 503) as any;
  const t = timeToNs(src.time);
  assert.equal(BigInt(r.flow.time.seconds) * 1_000_000_000n + BigInt(r.flow.time.nanos), t);
  assert.equal(r.node_name, src.node_name);
  assert.equal(r.flow.verdict, src.verdict);
  assert.equal(r.flow.is_reply.value, src.is_reply);
  assert.equal(String(r.flow.l7.latency_ns), src.l7.latency_ns);
  assert.equal(r.flow.source.pod_name, src.source.pod_name ?? '');
});

test('since/until are inclusive bounds on flow time', { skip }, async () => {
  const t = flows.map((f) => timeToNs(f.time));
  const ts = (ns: bigint) => ({ seconds: Number(ns / 1_000_000_000n), nanos: Number(ns % 1_000_000_000n) });
  const got = await getFlows({ since: ts(t[100]), until: ts(t[200]) });
  assert.equal(got.length, t.filter((x) => x >= t[100] && x <= t[200]).length);
});

const filterCases: Array<
  [string, Array<Record<string, unknown>>, Array<Record<string, unknown>>, (f: any) => boolean]
> = [
  ['source_pod namespace', [{ source_pod: ['kube-system/'] }], [], (f) => f.source?.namespace === 'kube-system'],
  [
    'source OR destination pod prefix',
    [{ source_pod: ['bookinfo/reviews-'] }, { destination_pod: ['bookinfo/reviews-'] }],
    [],
    (f) => eps(f).some((e) => e.namespace === 'bookinfo' && String(e.pod_name ?? '').startsWith('reviews-')),
  ],
  [
    'verdict AND protocol',
    [{ verdict: ['FORWARDED'], protocol: ['http'] }],
    [],
    (f) => f.verdict === 'FORWARDED' && f.l7?.http,
  ],
  ['verdict list', [{ verdict: ['REDIRECTED', 'DROPPED'] }], [], (f) => f.verdict === 'REDIRECTED'],
  ['http_status_code 5+', [{ http_status_code: ['5+'] }], [], (f) => f.l7?.http?.code >= 500],
  ['dns_query regex', [{ dns_query: ['^istio-'] }], [], (f) => f.l7?.dns && /^istio-/.test(f.l7.dns.query)],
  ['traffic_direction', [{ traffic_direction: ['INGRESS'] }], [], (f) => f.traffic_direction === 'INGRESS'],
  ['source_ip CIDR', [{ source_ip: ['10.156.2.0/24'] }], [], (f) => String(f.IP?.source).startsWith('10.156.2.')],
  [
    'destination_label',
    [{ destination_label: ['app=productpage'] }],
    [],
    (f) => (f.destination?.labels ?? []).includes('k8s:app=productpage'),
  ],
  ['event_type', [{ event_type: [{ type: 129 }] }], [], (f) => f.event_type?.type === 129],
  ['blacklist', [], [{ protocol: ['http'] }], (f) => !f.l7?.http],
];
for (const [name, whitelist, blacklist, predicate] of filterCases) {
  test(`filter: ${name}`, { skip }, async () => {
    const got = await getFlows({ whitelist, blacklist });
    const want = flows.filter(predicate);
    assert.ok(want.length > 0 && want.length < flows.length, `${name} narrows (${want.length})`);
    assert.equal(got.length, want.length);
    assert.deepEqual(
      got.map((r) => r.flow.Summary),
      want.map((f) => f.Summary)
    );
  });
}

test('filters this Relay cannot evaluate are refused, not ignored', { skip }, async () => {
  await assert.rejects(
    getFlows({ whitelist: [{ http_method: ['GET'] }] }),
    (e: any) => e.code === grpc.status.UNIMPLEMENTED
  );
});

test('follow: the last N, then each new flow that matches', { skip }, async () => {
  const got: any[] = [];
  const call = client.GetFlows({
    number: 2,
    follow: true,
    whitelist: [{ verdict: ['DROPPED'] }, { protocol: ['dns'] }],
  });
  call.on('data', (r: any) => got.push(r));
  call.on('error', () => {});
  await new Promise((r) => setTimeout(r, 200));
  const backlog = perNode((fs) => fs.filter((f: any) => f.verdict === 'DROPPED' || f.l7?.dns !== undefined).slice(-2));
  assert.equal(got.length, backlog.length, 'the last 2 matching flows of each node');
  const dropped = {
    ...http[0],
    verdict: 'DROPPED',
    drop_reason_desc: 'POLICY_DENIED',
    time: new Date().toISOString(),
    l7: undefined,
  };
  hub.emit({ ...http[0], time: new Date().toISOString() } as FlowJson); // FORWARDED HTTP: filtered out
  hub.emit(dropped as FlowJson);
  await new Promise((r) => setTimeout(r, 200));
  call.cancel();
  assert.equal(got.length, backlog.length + 1);
  assert.equal(got[backlog.length].flow.verdict, 'DROPPED');
  assert.equal(got[backlog.length].flow.drop_reason_desc, 'POLICY_DENIED');
  hub.items.splice(flows.length); // back to the fixture flows
});

test(
  'follow with a backlog larger than the write window: every flow, in order, then the live ones',
  { skip },
  async () => {
    const base = Date.parse('2025-05-01T10:00:00Z');
    const many = Array.from({ length: 12_000 }, (_, i) => ({
      ...flows[i % flows.length],
      time: new Date(base + i).toISOString(),
    })) as FlowJson[];
    const big = new ListHub(many.slice());
    const r = await startRelay({ hub: big, listen: '127.0.0.1:0', maxFlows: 20_000 });
    const Observer = (observerProtos().grpcObject.observer as any).Observer;
    const c = new Observer(r.address, grpc.credentials.createInsecure());
    const got: any[] = [];
    const call = c.GetFlows({ number: 12_000, follow: true });
    call.on('data', (m: any) => got.push(m));
    call.on('error', () => {});
    const deadline = Date.now() + 20_000;
    while (got.length === 0 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 5));
    }
    assert.ok(got.length < 12_000, 'the backlog is still being sent');
    big.emit({ ...flows[0], time: new Date(base + 20_000).toISOString() } as FlowJson); // a live flow meanwhile
    while (got.length < 12_001 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 50));
    }
    call.cancel();
    c.close();
    await r.stop();
    assert.equal(got.filter((m) => m.lost_events).length, 0, 'nothing lost');
    assert.equal(got.length, 12_001);
    const ms = got.map((m) => Number(m.flow.time.seconds) * 1000 + Math.round(m.flow.time.nanos / 1e6));
    const want = Array.from({ length: 12_000 }, (_, k) => base + k);
    assert.deepEqual(ms, [...want, base + 20_000]);
  }
);

test('ServerStatus, GetNodes (4 demo nodes), GetNamespaces', { skip }, async () => {
  const call = (m: string) =>
    new Promise<any>((res, rej) => client[m]({}, (e: Error, r: unknown) => (e ? rej(e) : res(r))));
  const status = await call('ServerStatus');
  assert.equal(status.num_flows, flows.length);
  assert.equal(status.num_connected_nodes.value, 4);
  const nodes = await call('GetNodes');
  assert.deepEqual(
    nodes.nodes.map((n: any) => [n.name, n.state]),
    [
      ['kind-control-plane', 'NODE_CONNECTED'],
      ['kind-worker', 'NODE_CONNECTED'],
      ['kind-worker2', 'NODE_CONNECTED'],
      ['kind-worker3', 'NODE_CONNECTED'],
    ]
  );
  const ns = await call('GetNamespaces');
  const want = [...new Set(flows.flatMap((f) => eps(f).map((e: any) => e.namespace)).filter(Boolean))].sort();
  assert.deepEqual(
    ns.namespaces.map((n: any) => n.namespace),
    want
  );
});

test(
  'ReplayHub: every flow in order, re-timed so the newest is at the anchor; live flows follow deterministically',
  { skip },
  () => {
    const anchor = 1_800_000_000_000_000_000n;
    let now = anchor + 50_000_000n; // 50 ms after the anchor
    const hubA = new ReplayHub(http, { anchorNs: anchor, rate: 100, nowNs: () => now });
    const rec = hubA.recent(10_000);
    assert.equal(rec.length, http.length + 5, 'history plus the 5 live flows of the first 50 ms');
    const shift = anchor - timeToNs(http[http.length - 1].time);
    rec.slice(0, http.length).forEach((f, i) => assert.equal(timeToNs(f.time), timeToNs(http[i].time) + shift));
    assert.deepEqual(
      rec.slice(http.length).map((f) => f.uuid),
      [1, 2, 3, 4, 5].map((k) => `replay-${anchor}-${k}`)
    );
    now += 1_000_000_000n;
    const hubB = new ReplayHub(http, { anchorNs: anchor, rate: 100, nowNs: () => now });
    assert.deepEqual(
      hubB.recent(10_000).slice(0, rec.length),
      rec,
      'a restart with the same anchor holds the same flows'
    );
    hubA.close();
    hubB.close();
    assert.ok(fs.existsSync(path.join(FIXTURES, 'basic-sample-348-http-flows.json')));
  }
);

test('every key of a flow is carried: Kafka, trace_reason, Any, unknown fields; a key the protos lack is reported', async () => {
  const warnings: string[] = [];
  const flow = {
    time: '2024-05-01T10:00:00.5Z',
    verdict: 'FORWARDED',
    node_name: 'kind-worker',
    trace_reason: 'ESTABLISHED',
    l7: { type: 'REQUEST', kafka: { api_key: 'produce', correlation_id: 12, topic: 'empire-announce' } },
    is_reply: false,
    extensions: { '@type': 'type.googleapis.com/flow.FileInfo', name: 'bpf_lxc.c', line: 77 },
    future_field: 'from a newer Cilium',
    '@unknown_fields': [{ number: 4242, wire_type: 2, value: Buffer.from('kept').toString('base64') }],
  } as unknown as FlowJson;
  const one = new ListHub([flow]);
  const r = await startRelay({ hub: one, listen: '127.0.0.1:0', warn: (m) => warnings.push(m) });
  const raw = new grpc.Client(r.address, grpc.credentials.createInsecure());
  try {
    const messages = await new Promise<Buffer[]>((resolve, reject) => {
      const out: Buffer[] = [];
      const call = raw.makeServerStreamRequest<Buffer, Buffer>(
        '/observer.Observer/GetFlows',
        (b) => b,
        (b) => b,
        Buffer.alloc(0),
        new grpc.Metadata(),
        {}
      );
      call.on('data', (b: Buffer) => out.push(b));
      call.on('error', reject);
      call.on('end', () => resolve(out));
    });
    assert.equal(messages.length, 1);
    const decoded = protobufRoot().lookupType('observer.GetFlowsResponse').decode(messages[0]) as any;
    assert.equal(decoded.flow.l7.kafka.topic, 'empire-announce');
    assert.equal(decoded.flow.trace_reason, 2);
    assert.equal(decoded.flow.extensions.type_url, 'type.googleapis.com/flow.FileInfo');
    // Field 4242, length-delimited, "kept": its raw bytes are in the flow.
    const unknownField = Buffer.concat([Buffer.from([0x92, 0x89, 0x02, 0x04]), Buffer.from('kept')]);
    assert.ok(messages[0].includes(unknownField), 'the unknown field is sent as it came');
    assert.deepEqual(warnings, ['demo relay: flow.future_field not sent: flow.Flow declares no field "future_field"']);
  } finally {
    raw.close();
    await r.stop();
  }
});

test('flows_rate: per node, the last minute per second (or over a shorter buffer), summed', () => {
  const now = 1_800_000_000_000_000_000n;
  const at = (node: string, agoMs: number) =>
    ({ time: nsToTime(now - BigInt(agoMs) * 1_000_000n), node_name: node }) as FlowJson;
  const a = Array.from({ length: 131 }, (_, k) => at('a', (130 - k) * 500)); // 2/s for 65 s
  const b = Array.from({ length: 31 }, (_, k) => at('b', (30 - k) * 333)); // 3/s, only the last 10 s buffered
  const rate = flowsRate([...a, ...b], now);
  assert.ok(Math.abs(rate - (121 / 60 + 31 / 9.99)) < 0.01, `rate ${rate}`);
  assert.equal(flowsRate([], now), 0);
});

test('every GetFlows request is reported as received (only the fields set)', { skip }, async () => {
  const seen: Array<Record<string, unknown>> = [];
  const r = await startRelay({ hub, listen: '127.0.0.1:0', onGetFlows: (q) => seen.push(q) });
  const Observer = (observerProtos().grpcObject.observer as any).Observer;
  const c = new Observer(r.address, grpc.credentials.createInsecure());
  try {
    await new Promise<void>((resolve, reject) => {
      const call = c.GetFlows({
        number: 7,
        since: { seconds: 1714557600, nanos: 5 },
        whitelist: [{ source_pod: ['bookinfo/'], verdict: ['DROPPED'] }, { destination_pod: ['bookinfo/'] }],
      });
      call.on('data', () => {});
      call.on('error', reject);
      call.on('end', resolve);
    });
    assert.deepEqual(seen, [
      {
        number: 7,
        since: '2024-05-01T10:00:00.000000005Z',
        whitelist: [{ source_pod: ['bookinfo/'], verdict: ['DROPPED'] }, { destination_pod: ['bookinfo/'] }],
      },
    ]);
  } finally {
    c.close();
    await r.stop();
  }
});

test('ReplayHub.setRate: produces at the new rate from then on, numbering continues', { skip }, () => {
  const anchor = 1_800_000_000_000_000_000n;
  let now = anchor;
  const replay = new ReplayHub(http, { anchorNs: anchor, rate: 10, nowNs: () => now });
  const live: FlowJson[] = [];
  replay.subscribe((f) => live.push(f));
  now += 1_000_000_000n;
  replay.setRate(100); // catches up the first second at 10/s, then 100/s
  assert.equal(live.length, 10);
  now += 500_000_000n;
  (replay as unknown as { catchUp(emit: boolean): void }).catchUp(true);
  assert.equal(live.length, 10 + 50);
  assert.equal(live[live.length - 1].uuid, `replay-${anchor}-60`);
  replay.setRate(0);
  now += 1_000_000_000n;
  (replay as unknown as { catchUp(emit: boolean): void }).catchUp(true);
  assert.equal(live.length, 60, 'rate 0 produces nothing');
  replay.close();
});
