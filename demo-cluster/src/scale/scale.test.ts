/**
 * The large synthetic cluster and its TSDB block writer: the topology has the shape issue 11 asks
 * for, and a block written here is read back by the real Prometheus 2.42 with exactly the values,
 * labels and series count written.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { api, freePort, query, startPrometheus } from '../prometheus/runner';
import { buildLargeCluster } from './largeCluster';
import { writeLargeHistory } from './largeHistory';
import { BlockWriter } from './tsdbBlock';

const tmp = mkdtempSync(join(tmpdir(), 'demo-scale-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function prometheusOn(dataDir: string) {
  const configFile = join(tmp, 'prometheus.yml');
  writeFileSync(configFile, 'global:\n  scrape_interval: 15s\n');
  return startPrometheus({ configFile, dataDir, port: await freePort() });
}

test('the large cluster has N nodes of 16 CPUs and 30 pods on every worker', () => {
  const c = buildLargeCluster({ nodes: 40, createdMs: Date.UTC(2026, 0, 1) });
  assert.equal(c.nodes.length, 40);
  assert.ok(c.nodes.every((n) => n.cpuCores === 16));
  const perNode = new Map<string, number>();
  c.pods.forEach((p) => perNode.set(p.node, (perNode.get(p.node) ?? 0) + 1));
  assert.deepEqual(
    c.nodes
      .slice(1)
      .filter((n) => perNode.get(n.name) !== 30)
      .map((n) => n.name),
    []
  );
  assert.equal(new Set(c.pods.map((p) => `${p.namespace}/${p.name}`)).size, c.pods.length);
  assert.equal(
    new Set(c.pods.filter((p) => !p.workload.hostNetwork).map((p) => p.ip)).size,
    c.pods.filter((p) => !p.workload.hostNetwork).length
  );
  assert.ok(
    c.namespaces.some((ns) => ns.startsWith('podinfo-')) && c.namespaces.some((ns) => ns.startsWith('star-wars-'))
  );
  assert.throws(() => buildLargeCluster({ nodes: 1, createdMs: 0 }), /--nodes must be a whole number of at least 2/);
});

test('Prometheus reads a written block back exactly', async () => {
  const dataDir = join(tmp, 'block');
  const end = Math.floor(Date.now() / 15000) * 15000;
  const times = new Float64Array(250).map((_, i) => end - (249 - i) * 15000);
  const writer = new BlockWriter(dataDir, times);
  const counter = times.map((_, i) => i * 1.37 + 0.1);
  const gauge = times.map((_, i) => 2e9 + Math.sin(i / 7) * 1e6);
  writer.add(
    [
      ['__name__', 'scale_test_total'],
      ['pod', 'a'],
      ['job', 'x'],
    ],
    counter
  );
  writer.add(
    [
      ['__name__', 'scale_test_bytes'],
      ['pod', 'b'],
      ['job', 'x'],
    ],
    gauge
  );
  writer.add(
    [
      ['__name__', 'scale_test_bytes'],
      ['pod', 'a'],
      ['job', 'x'],
    ],
    new Float64Array(250).fill(1)
  );
  const stats = writer.finish();
  assert.deepEqual([stats.series, stats.samples, stats.chunks], [3, 750, 9]);
  const prom = await prometheusOn(dataDir);
  try {
    const { result: r } = await api<{
      result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
    }>(prom.url, '/api/v1/query_range', { query: '{job="x"}', start: times[0] / 1000, end: end / 1000, step: 15 });
    const byKey = new Map(r.map((s) => [`${s.metric.__name__}/${s.metric.pod}`, s.values.map((v) => Number(v[1]))]));
    assert.deepEqual(byKey.get('scale_test_total/a'), [...counter]);
    assert.deepEqual(byKey.get('scale_test_bytes/b'), [...gauge]);
    assert.deepEqual(byKey.get('scale_test_bytes/a'), new Array(250).fill(1));
    assert.deepEqual(await api(prom.url, '/api/v1/label/pod/values'), ['a', 'b']);
  } finally {
    await prom.stop();
  }
});

test('a 10-node history has every scrape job, real metric names, and answers the pages’ kinds of queries', async () => {
  const dataDir = join(tmp, 'history');
  const h = await writeLargeHistory({ nodes: 10, endMs: Date.now(), minutes: 65, dataDir });
  assert.deepEqual(Object.keys(h.seriesByJob).sort(), [
    'cilium-agent',
    'cilium-operator',
    'hubble-metrics',
    'kube-state-metrics',
    'kubelet',
    'node-exporter',
  ]);
  const prom = await prometheusOn(dataDir);
  try {
    const at = h.lastMs / 1000;
    const value = async (q: string) => Number((await query(prom.url, q, at)).result[0]?.value[1]);
    assert.equal(await value('count(kube_node_info)'), 10);
    assert.equal(await value('count(count by (cpu) (node_cpu_seconds_total{instance="10.0.0.3:9100"}))'), 16);
    assert.equal(await value('sum(kube_pod_status_phase{phase="Running"})'), h.pods);
    assert.ok((await value('sum(rate(container_cpu_usage_seconds_total{container!=""}[5m]))')) > 0);
    assert.ok((await value('sum(rate(hubble_flows_processed_total[5m]))')) > 0);
    assert.equal(await value('count(cilium_version{k8s_app="cilium"})'), 10);
  } finally {
    await prom.stop();
  }
});
