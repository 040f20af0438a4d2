import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderText } from '../metrics/exposition';
import { Family } from '../metrics/model';
import { Simulation } from '../sim/simulation';
import { Target } from '../targets';

// 2026-11-22 10:00 UTC, and instants at chosen minutes of the fault cycles (sim/faults.ts).
const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);
const at = (minute: number) => T0 + minute * 60_000;

function sample(fams: Family[], name: string, match: Record<string, string> = {}): number[] {
  const out: number[] = [];
  for (const f of fams) {
    if (f.type === 'histogram' || f.name !== name) {
      continue;
    }
    for (const s of f.samples) {
      const labels = Object.fromEntries(s.labels);
      if (Object.entries(match).every(([k, v]) => labels[k] === v)) {
        out.push(s.value);
      }
    }
  }
  return out;
}

function labelNames(fams: Family[], name: string): string[] {
  const f = fams.find((x) => x.name === name);
  assert.ok(f, `family ${name}`);
  const first = f.type === 'histogram' ? f.points[0] : f.samples[0];
  return first.labels.map(([k]) => k).sort();
}

// Tests advance this simulation forward only, in the order they run.
const sim = new Simulation({ seed: 1, epochMs: T0, fixturesDir: null });
const target = (kind: Target['kind'], node?: string) =>
  sim.targets.find((t) => t.kind === kind && (!node || t.node === node)) as Target;
const collect = (kind: Target['kind'], t: number, node?: string) => {
  sim.advanceTo(t);
  return sim.collect(target(kind, node), t);
};

test('kube-state-metrics label sets are the v2 ones', () => {
  const ksm = collect('kube-state-metrics', at(1));
  assert.deepEqual(labelNames(ksm, 'kube_pod_info'), [
    'created_by_kind',
    'created_by_name',
    'host_ip',
    'host_network',
    'namespace',
    'node',
    'pod',
    'pod_ip',
    'priority_class',
    'uid',
  ]);
  assert.deepEqual(labelNames(ksm, 'kube_pod_owner'), [
    'namespace',
    'owner_is_controller',
    'owner_kind',
    'owner_name',
    'pod',
    'uid',
  ]);
  assert.deepEqual(labelNames(ksm, 'kube_node_status_condition'), ['condition', 'node', 'status']);
  assert.deepEqual(labelNames(ksm, 'kube_node_status_capacity'), ['node', 'resource', 'unit']);
  assert.deepEqual(labelNames(ksm, 'kube_pod_container_resource_requests'), [
    'container',
    'namespace',
    'node',
    'pod',
    'resource',
    'uid',
    'unit',
  ]);
  assert.deepEqual(
    sample(ksm, 'kube_node_status_capacity', { resource: 'pods', unit: 'integer' }),
    [110, 110, 110, 110]
  );
  // One series per phase, exactly one of them 1, for every pod.
  const pods = sample(ksm, 'kube_pod_info').length;
  assert.ok(pods > 30);
  assert.equal(sample(ksm, 'kube_pod_status_phase').length, pods * 5);
  assert.equal(
    sample(ksm, 'kube_pod_status_phase').reduce((a, b) => a + b, 0),
    pods
  );
});

test('faults: crash loop, unschedulable replica, memory pressure, map pressure, unreachable node', () => {
  // Crash loop: restarts rise, CrashLoopBackOff, not ready.
  const k1 = collect('kube-state-metrics', at(2));
  const k2 = collect('kube-state-metrics', at(25));
  const r1 = sample(k1, 'kube_pod_container_status_restarts_total', { container: 'redis' })[0];
  const r2 = sample(k2, 'kube_pod_container_status_restarts_total', { container: 'redis' })[0];
  assert.ok(r1 > 100 && r2 > r1, `restarts ${r1} -> ${r2}`);
  assert.ok(
    sample(k2, 'kube_pod_container_status_waiting_reason', { reason: 'CrashLoopBackOff', container: 'redis' })
      .length === 1 ||
      sample(k1, 'kube_pod_container_status_waiting_reason', { reason: 'CrashLoopBackOff', container: 'redis' })
        .length === 1
  );
  assert.deepEqual(sample(k2, 'kube_pod_container_status_ready', { container: 'redis' }), [0]);
  // Deployment with an unavailable replica (Pending, unschedulable).
  assert.deepEqual(sample(k2, 'kube_deployment_status_replicas_unavailable', { deployment: 'podinfo-backend' }), [1]);
  assert.deepEqual(sample(k2, 'kube_deployment_status_replicas_available', { deployment: 'podinfo-backend' }), [2]);
  assert.equal(sample(k2, 'kube_pod_status_unschedulable').length, 1);
  // Memory pressure on kind-worker3 in minutes 30-57 of the hour, not at minute 10.
  const cond = (fams: Family[], status: string) =>
    sample(fams, 'kube_node_status_condition', { node: 'kind-worker3', condition: 'MemoryPressure', status });
  assert.deepEqual(cond(k2, 'true'), [0]);
  const k3 = collect('kube-state-metrics', at(40));
  assert.deepEqual(cond(k3, 'true'), [1]);
  assert.deepEqual(cond(k3, 'false'), [0]);
  const ne = collect('node-exporter', at(40), 'kind-worker3');
  const avail = sample(ne, 'node_memory_MemAvailable_bytes')[0] / sample(ne, 'node_memory_MemTotal_bytes')[0];
  assert.ok(avail < 0.08, `available ${avail}`);
  const neOk = collect('node-exporter', at(40), 'kind-worker');
  assert.ok(sample(neOk, 'node_memory_MemAvailable_bytes')[0] / sample(neOk, 'node_memory_MemTotal_bytes')[0] > 0.3);
  // BPF map pressure of cilium_ct4_global on kind-worker2 above 0.9 near the end of its 45-minute cycle.
  const cycleEnd = Math.floor(at(60) / 2_700_000) * 2_700_000 + 2_690_000;
  const agent2 = collect('cilium-agent', cycleEnd, 'kind-worker2');
  assert.ok(sample(agent2, 'cilium_bpf_map_pressure', { map_name: 'cilium_ct4_global' })[0] > 0.9);
  assert.ok(
    sample(collect('cilium-agent', cycleEnd, 'kind-worker'), 'cilium_bpf_map_pressure', {
      map_name: 'cilium_ct4_global',
    })[0] < 0.5
  );
  // Unreachable node and failing controller: minutes 10-12 of every 30 minutes.
  const a1 = collect('cilium-agent', at(41), 'kind-worker');
  assert.deepEqual(sample(a1, 'cilium_unreachable_nodes'), [1]);
  assert.deepEqual(sample(collect('cilium-agent', at(41), 'kind-worker3'), 'cilium_controllers_failing'), [1]);
  assert.deepEqual(sample(collect('cilium-agent', at(50), 'kind-worker'), 'cilium_unreachable_nodes'), [0]);
});

test('counters only increase and gauges move', () => {
  const kinds: Array<Target['kind']> = [
    'cilium-agent',
    'node-exporter',
    'cadvisor',
    'kubelet',
    'cilium-operator',
    'hubble',
  ];
  for (const [i, kind] of kinds.entries()) {
    const node = kind === 'cilium-operator' ? undefined : 'kind-worker';
    const a = collect(kind, at(120 + 4 * i), node);
    const aText = renderText(a);
    const before = counts(a); // families share live series objects: read values before advancing
    const b = collect(kind, at(122 + 4 * i), node);
    function counts(fams: Family[]) {
      const m = new Map<string, number>();
      for (const f of fams) {
        if (f.type === 'counter') {
          f.samples.forEach((s) => m.set(`${f.name}{${s.key}}`, s.value));
        } else if (f.type === 'histogram') {
          f.points.forEach((p) => m.set(`${f.name}_count{${p.key}}`, p.count));
        }
      }
      return m;
    }
    let increased = 0;
    for (const [k, v] of counts(b)) {
      const v0 = before.get(k);
      if (v0 !== undefined) {
        assert.ok(v >= v0, `${kind}: ${k} went down ${v0} -> ${v}`);
        increased += v > v0 ? 1 : 0;
      }
    }
    assert.ok(increased > 0, `${kind}: some counter increased`);
    if (kind !== 'hubble' && kind !== 'cilium-operator') {
      assert.notEqual(
        renderText(b).replace(/_total[^\n]*/g, ''),
        aText.replace(/_total[^\n]*/g, ''),
        `${kind}: gauges moved`
      );
    }
  }
});

test('cAdvisor has container, pod-level (container="") and root series with the kubelet labels', () => {
  const c = collect('cadvisor', at(5), 'kind-worker');
  const ws = c.find((f) => f.name === 'container_memory_working_set_bytes');
  assert.ok(ws && ws.type === 'gauge');
  const labelSets = ws.samples.map((s) => Object.fromEntries(s.labels));
  assert.ok(
    labelSets.every(
      (l) => JSON.stringify(Object.keys(l).sort()) === '["container","id","image","name","namespace","pod"]'
    )
  );
  assert.ok(labelSets.some((l) => l.container === '' && l.pod !== '' && l.id.endsWith('.slice')));
  assert.ok(
    labelSets.some(
      (l) => l.container === 'podinfod' && l.image.startsWith('ghcr.io/stefanprodan/podinfo') && l.id.endsWith('.scope')
    )
  );
  assert.ok(labelSets.some((l) => l.id === '/'));
  const cpu = c.find((f) => f.name === 'container_cpu_usage_seconds_total');
  assert.ok(
    cpu && cpu.type === 'counter' && cpu.samples.every((s) => s.labels.some(([k, v]) => k === 'cpu' && v === 'total'))
  );
});
