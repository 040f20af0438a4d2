import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFlowTime } from '../time';
import { capturesMissing, defaultFixturesDir } from './captures';
import { createFlowHub } from './hub';
import { FlowJson } from './types';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
type F = FlowJson & Record<string, any>;

function collect(seed: number, fromMs: number, toMs: number, fixturesDir?: string | null): F[] {
  const hub = createFlowHub({ seed, epochMs: fromMs, fixturesDir: fixturesDir === undefined ? null : fixturesDir });
  const out: F[] = [];
  hub.subscribe((f) => out.push(f as F));
  hub.advanceTo(toMs);
  return out;
}

test('same seed, same flows; the flows of an instant do not depend on when the hub started or how it is advanced', () => {
  const fixtures = defaultFixturesDir() ?? null;
  const a = collect(7, T0, T0 + 120_000, fixtures);
  const hub = createFlowHub({ seed: 7, epochMs: T0 - 30_000, fixturesDir: fixtures });
  const b: F[] = [];
  hub.subscribe((f) => b.push(f as F));
  for (let t = T0 - 30_000; t <= T0 + 120_000; t += 333) {
    hub.advanceTo(t);
  }
  hub.advanceTo(T0 + 120_000);
  // Events that started before T0 may still have flows after it: compare from T0 + 10 s on.
  const after = (fs: F[]) =>
    fs.filter((f) => parseFlowTime(f.time)!.us >= (T0 + 10_000) * 1000).map((f) => JSON.stringify(f));
  assert.ok(after(a).length > 1000);
  assert.deepEqual(after(b), after(a));
  const c = collect(8, T0, T0 + 120_000, fixtures);
  assert.notDeepEqual(after(c).slice(0, 50), after(a).slice(0, 50));
});

test('flows come in time order, with unique uuids, and only from the epoch on', () => {
  const flows = collect(3, T0, T0 + 300_000, defaultFixturesDir() ?? null);
  let prev = -Infinity;
  for (const f of flows) {
    const t = parseFlowTime(f.time)!;
    const v = t.us * 1000 + t.ns;
    assert.ok(v >= prev, `out of order at ${f.time}`);
    prev = v;
    assert.ok(t.us >= T0 * 1000);
  }
  assert.equal(new Set(flows.map((f) => f.uuid)).size, flows.length);
});

test('the generated traffic has the features the app reads', () => {
  const flows = collect(1, T0, T0 + 600_000, null);
  const has = (what: string, pred: (f: F) => boolean) => assert.ok(flows.some(pred), what);
  has('TCP SYN', (f) => f.l4?.TCP?.flags?.SYN && !f.l4.TCP.flags.ACK);
  has('TCP SYN-ACK reply', (f) => f.l4?.TCP?.flags?.SYN && f.l4.TCP.flags.ACK && f.is_reply === true);
  has(
    'TCP RST from the crash-looping cache',
    (f) => f.l4?.TCP?.flags?.RST && f.source?.pod_name?.startsWith('podinfo-cache')
  );
  has('DNS NXDOMAIN', (f) => f.l7?.type === 'RESPONSE' && f.l7.dns?.rcode === 3);
  has(
    'DNS answer with IPs',
    (f) => f.l7?.type === 'RESPONSE' && f.l7.dns?.ips?.length > 0 && f.l7.dns.rrtypes?.[0] === 'A'
  );
  has(
    'HTTP 5xx from the backend',
    (f) => f.l7?.type === 'RESPONSE' && f.l7.http?.code === 500 && f.source?.workloads?.[0]?.name === 'podinfo-backend'
  );
  has('ICMP echo request and reply', (f) => f.l4?.ICMPv4?.type === 8);
  has('ICMP echo reply', (f) => f.l4?.ICMPv4 && !f.l4.ICMPv4.type && f.is_reply);
  has(
    'egress policy verdict with egress_allowed_by',
    (f) => f.event_type?.type === 5 && f.egress_allowed_by?.[0]?.kind === 'CiliumNetworkPolicy'
  );
  has('ingress_allowed_by', (f) => f.ingress_allowed_by?.[0]?.name === 'rule1');
  has('DNS SERVFAIL for the webhook', (f) => f.l7?.dns?.rcode === 2 && f.l7.dns.query === 'hooks.ops.internal.');
  // No allow rule: POLICY_DENIED at the deathstar's ingress, without *_denied_by (as real Cilium).
  const drops = flows.filter((f) => f.verdict === 'DROPPED' && f.drop_reason_desc === 'POLICY_DENIED');
  assert.ok(drops.length > 0);
  for (const d of drops) {
    assert.equal(d.source.workloads[0].name, 'xwing');
    assert.equal(d.destination.workloads[0].name, 'deathstar');
    assert.equal(d.ingress_denied_by, undefined);
    assert.equal(d.traffic_direction, 'INGRESS');
    assert.ok(d.destination.ID > 0, 'observed at the deathstar (local endpoint)');
    assert.ok([1, 5].includes(d.event_type.type));
  }
  // An explicit deny rule: POLICY_DENY at the client's egress, with egress_denied_by.
  const denies = flows.filter((f) => f.verdict === 'DROPPED' && f.drop_reason_desc === 'POLICY_DENY');
  assert.ok(denies.length > 0);
  for (const d of denies) {
    assert.equal(d.source.workloads[0].name, 'podinfo-client');
    assert.equal(d.destination.workloads[0].name, 'podinfo-backend');
    assert.equal(d.egress_denied_by[0].name, 'deny-client-to-backend');
    assert.equal(d.traffic_direction, 'EGRESS');
    assert.ok(d.source.ID > 0, 'observed at the client (local endpoint)');
  }
  const http = flows.filter(
    (f) => f.l7?.http && f.source?.namespace === 'podinfo' && f.destination?.namespace === 'podinfo'
  );
  assert.ok(http.length > 100);
  for (const f of http) {
    assert.match(f.trace_context.parent.trace_id, /^[0-9a-f]{32}$/);
    assert.equal(f.event_type.type, 129);
    assert.ok(['INGRESS', 'EGRESS'].includes(f.traffic_direction));
    if (f.l7.type === 'RESPONSE') {
      assert.match(f.l7.latency_ns, /^\d+$/, 'latency_ns is a uint64 string');
      assert.ok(Number(f.l7.latency_ns) > 0);
    }
  }
  // One trace covers client -> frontend -> backend: a trace id seen on a frontend -> backend call
  // is also on a client -> frontend request.
  const backendTraces = new Set(
    http
      .filter((f) => f.destination.workloads?.[0]?.name === 'podinfo-backend')
      .map((f) => f.trace_context.parent.trace_id)
  );
  assert.ok(
    http.some(
      (f) => f.source.workloads?.[0]?.name === 'podinfo-client' && backendTraces.has(f.trace_context.parent.trace_id)
    )
  );
});

test('node_name is the node of the observing (local) endpoint', () => {
  const hub = createFlowHub({ seed: 2, epochMs: T0, fixturesDir: defaultFixturesDir() ?? null });
  const podNode = new Map(hub.cluster.pods.map((p) => [`${p.namespace}/${p.name}`, p.node]));
  const nodes = new Set(hub.cluster.nodes.map((n) => n.name));
  let checked = 0;
  hub.subscribe((f) => {
    const g = f as F;
    assert.ok(nodes.has(g.node_name), `unknown node ${g.node_name}`);
    for (const ep of [g.source, g.destination]) {
      if (ep?.pod_name && ep.ID !== undefined) {
        assert.equal(
          podNode.get(`${ep.namespace}/${ep.pod_name}`),
          g.node_name,
          `${ep.pod_name} is local to ${g.node_name}`
        );
        checked++;
      }
    }
  });
  hub.advanceTo(T0 + 180_000);
  assert.ok(checked > 1000);
});

const skip = capturesMissing(); // for the tests that need the real captures, not just use them when present

test('captured pods exist in the cluster, and looped captures keep their pods and nodes', { skip }, () => {
  const hub = createFlowHub({ seed: 1, epochMs: T0, fixturesDir: defaultFixturesDir(), ratePerSecond: 0 });
  const pods = new Set(hub.cluster.pods.map((p) => `${p.namespace}/${p.name}`));
  for (const p of [
    'bookinfo/reviews-v1-545db77b95-s6jb8',
    'istio-system/prometheus-6655946b9f-hx9ln',
    'kube-system/node-local-dns-88zrp',
    'jaeger/jaeger-default-6f5845c4b7-7r5r6',
  ]) {
    assert.ok(pods.has(p), p);
  }
  const ips = new Map(hub.cluster.pods.map((p) => [`${p.namespace}/${p.name}`, p.ip]));
  const seen: F[] = [];
  hub.subscribe((f) => seen.push(f as F));
  hub.advanceTo(T0 + 130_000);
  assert.ok(seen.length > 100);
  const bookinfo = seen.filter((f) => f.source?.namespace === 'bookinfo' && f.source.pod_name);
  assert.ok(bookinfo.length > 0);
  for (const f of bookinfo) {
    assert.equal(f.IP.source, ips.get(`bookinfo/${f.source.pod_name}`), 'source IP is the pod IP in this cluster');
    assert.ok(f.source.labels.includes('k8s:io.cilium.k8s.policy.cluster=kind-kubeobs'));
  }
});
