/**
 * The demo against the real Prometheus (Debian's 2.42): both Hubble metric configurations, exact
 * label names, counters increasing, Hubble and agent drop counters agreeing with the DROPPED flows
 * the hub emitted, exemplars, and a backfilled history that the live scrape continues.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultFixturesDir } from '../flows/captures';
import { FlowJson } from '../flows/types';
import { writeHistory } from '../history';
import { HubbleMetricsMode } from '../hubble/options';
import { startMetricsServer } from '../server';
import { Simulation } from '../sim/simulation';
import { scrapeConfigYaml } from './config';
import {
  RunningPrometheus,
  api,
  backfill,
  freePort,
  query,
  startPrometheus,
  waitFor,
  waitForTargetsUp,
} from './runner';

const tmp = mkdtempSync(join(tmpdir(), 'demo-prom-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

type Series = Array<Record<string, string>>;
const TARGET_LABELS = ['__name__', 'cluster', 'instance', 'job'];
const AGENT_LABELS = [...TARGET_LABELS, 'namespace', 'node', 'pod'];

async function labelNames(url: string, metric: string): Promise<{ union: string[]; series: Series }> {
  const series = await api<Series>(url, '/api/v1/series', { 'match[]': metric });
  return { union: [...new Set(series.flatMap((s) => Object.keys(s)))].sort(), series };
}

async function setup(mode: HubbleMetricsMode, epochMs: number, dataDir?: string) {
  let frozen: number | undefined;
  const sim = new Simulation({ seed: 11, hubbleMetrics: mode, epochMs, fixturesDir: defaultFixturesDir() ?? null });
  const server = await startMetricsServer({ sim, port: 0, clock: () => frozen ?? Date.now() });
  const dir = mkdtempSync(join(tmp, `${mode}-`));
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(
    configFile,
    scrapeConfigYaml({ targets: sim.targets, address: server.url.replace('http://', ''), scrapeInterval: '1s' })
  );
  return {
    sim,
    server,
    freeze: () => {
      frozen = Date.now();
      sim.advanceTo(frozen);
      return frozen;
    },
    startProm: async (): Promise<RunningPrometheus> =>
      startPrometheus({ configFile, dataDir: dataDir ?? join(dir, 'data'), port: await freePort() }),
  };
}

for (const mode of ['docs', 'rich'] as const) {
  test(`Prometheus scrapes every target (${mode}): label names, increasing counters, drops agree with the flows, exemplars`, async () => {
    const s = await setup(mode, Date.now() - 90_000);
    const drops = new Map<string, number>();
    const agentDrops = new Map<string, number>();
    const traceIds = new Set<string>();
    const nodes = new Set(s.sim.cluster.nodes.map((n) => n.name));
    s.sim.hub.subscribe((f: FlowJson) => {
      const g = f as FlowJson & Record<string, any>;
      if (g.verdict === 'DROPPED' && nodes.has(g.node_name)) {
        const k = `${g.node_name}/${g.drop_reason_desc}`;
        drops.set(k, (drops.get(k) ?? 0) + 1);
        if (g.event_type?.type === 1 && g.drop_reason_desc === 'POLICY_DENIED') {
          agentDrops.set(g.node_name, (agentDrops.get(g.node_name) ?? 0) + 1);
        }
      }
      const id = g.trace_context?.parent?.trace_id;
      if (id) {
        traceIds.add(id);
      }
    });
    const prom = await s.startProm();
    try {
      assert.equal(await waitForTargetsUp(prom.url, 22, 60_000), 22);
      const u = prom.url;
      await waitFor(
        'Hubble drops and HTTP series',
        async () => {
          const r = await query(u, 'count(hubble_drop_total) and count(hubble_http_requests_total)');
          return r.result.length > 0 ? true : undefined;
        },
        60_000
      );

      const ctx = mode === 'rich' ? ['destination', 'destination_namespace', 'source', 'source_namespace'] : [];
      assert.deepEqual(
        (await labelNames(u, 'hubble_drop_total')).union,
        [...AGENT_LABELS, 'protocol', 'reason', ...ctx].sort()
      );
      assert.deepEqual(
        (await labelNames(u, 'hubble_flows_processed_total')).union,
        [...AGENT_LABELS, 'protocol', 'subtype', 'type', 'verdict', ...ctx].sort()
      );
      assert.deepEqual(
        (await labelNames(u, 'hubble_http_requests_total')).union,
        [
          ...AGENT_LABELS,
          'destination_ip',
          'destination_namespace',
          'destination_workload',
          'method',
          'protocol',
          'reporter',
          'source_ip',
          'source_namespace',
          'source_workload',
          'status',
          'traffic_direction',
        ].sort()
      );
      assert.deepEqual(
        (await labelNames(u, 'hubble_dns_responses_total')).union,
        [...AGENT_LABELS, 'ips_returned', 'qtypes', 'rcode', ...(mode === 'rich' ? [...ctx, 'query'] : [])].sort()
      );
      const policy = await labelNames(u, 'hubble_policy_verdicts_total');
      if (mode === 'rich') {
        assert.deepEqual(policy.union, [...AGENT_LABELS, 'action', 'direction', 'match', ...ctx].sort());
      } else {
        assert.equal(policy.series.length, 0, 'the documented example has no policy metric');
      }
      assert.deepEqual(
        (await labelNames(u, 'kube_pod_info')).union,
        [
          ...TARGET_LABELS,
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
        ].sort()
      );
      assert.deepEqual(
        (await labelNames(u, 'cilium_drop_count_total')).union,
        [...AGENT_LABELS, 'direction', 'reason'].sort()
      );
      assert.deepEqual(
        (await labelNames(u, 'node_uname_info')).union,
        [...TARGET_LABELS, 'domainname', 'machine', 'nodename', 'release', 'sysname', 'version'].sort()
      );
      assert.deepEqual(
        (await labelNames(u, 'container_cpu_usage_seconds_total')).union,
        [...TARGET_LABELS, 'container', 'cpu', 'id', 'image', 'metrics_path', 'name', 'namespace', 'node', 'pod'].sort()
      );
      await waitFor(
        'DNS answers with rcode "No Error" and "Non-Existent Domain"',
        async () => {
          const rcodes = (await labelNames(u, 'hubble_dns_responses_total')).series.map((x) => x.rcode);
          return rcodes.includes('Non-Existent Domain') && rcodes.includes('No Error') ? true : undefined;
        },
        60_000
      );
      const podLevel = await query(u, 'count(container_memory_working_set_bytes{container="",pod!=""})');
      assert.ok(Number(podLevel.result[0]?.value[1]) > 10, 'pod-level cAdvisor series');
      const pods = await query(u, 'max(kube_node_status_capacity{resource="pods",unit="integer"})');
      assert.equal(pods.result[0]?.value[1], '110');

      // Counters increase between scrapes.
      const total = async () => Number((await query(u, 'sum(hubble_flows_processed_total)')).result[0]?.value[1] ?? 0);
      const t1 = await total();
      await waitFor(
        'hubble_flows_processed_total to increase',
        async () => ((await total()) > t1 ? true : undefined),
        30_000,
        500
      );

      // Exemplars carry the trace ids of the flows.
      const now = Date.now() / 1000;
      const ex = await api<
        Array<{ seriesLabels: Record<string, string>; exemplars: Array<{ labels: Record<string, string> }> }>
      >(u, '/api/v1/query_exemplars', {
        query: 'hubble_http_request_duration_seconds_bucket',
        start: now - 120,
        end: now + 10,
      });
      const ids = ex.flatMap((e) => e.exemplars.map((x) => x.labels.traceID));
      assert.ok(ids.length > 0, 'exemplars stored');
      assert.ok(
        ids.every((id) => /^[0-9a-f]{32}$/.test(id) && traceIds.has(id)),
        'exemplar trace ids are trace ids of emitted flows'
      );

      // Freeze the simulation; after the next scrapes Prometheus holds the final counts.
      const frozenAt = s.freeze() / 1000;
      for (const m of ['hubble_drop_total', 'cilium_drop_count_total']) {
        await waitFor(
          `${m} scraped after the freeze`,
          async () => {
            const r = await query(u, `min(timestamp(${m}))`);
            return Number(r.result[0]?.value[1]) > frozenAt + 0.2 ? true : undefined;
          },
          30_000,
          250
        );
      }
      const got = await query(u, 'sum by (node, reason) (hubble_drop_total)');
      const fromProm = new Map(got.result.map((r) => [`${r.metric.node}/${r.metric.reason}`, Number(r.value[1])]));
      assert.ok(drops.size > 0, 'the hub emitted DROPPED flows');
      assert.deepEqual(fromProm, drops);
      const agent = await query(
        u,
        'sum by (node) (cilium_drop_count_total{reason="Policy denied",direction="INGRESS"})'
      );
      assert.deepEqual(new Map(agent.result.map((r) => [r.metric.node, Number(r.value[1])])), agentDrops);
    } finally {
      await prom.stop();
      await s.server.close();
    }
  });
}

test('a backfilled history is queryable and the live scrape continues it without counter resets or label changes', async () => {
  const end = Date.now();
  const start = end - 12 * 60_000;
  const dataDir = join(tmp, 'backfilled');
  const s = await setup('rich', start, dataDir);
  const file = join(tmp, 'history.om');
  const h = await writeHistory({ sim: s.sim, startMs: start, endMs: end, stepMs: 15_000, out: file });
  await backfill(file, dataDir);
  const prom = await s.startProm();
  try {
    await waitForTargetsUp(prom.url, 22, 60_000);
    const u = prom.url;
    const histEnd = h.lastMs / 1000;
    const r = await query(u, 'sum(rate(hubble_flows_processed_total[2m]))', histEnd - 180);
    assert.ok(Number(r.result[0]?.value[1]) > 1, 'rate() over the backfilled range');
    const liveStart = Date.now() / 1000;
    await waitFor(
      'three live scrapes',
      async () =>
        (await query(u, 'count_over_time(up{job="hubble-metrics"}[4s])')).result.length === 4 ? true : undefined,
      30_000
    );
    await new Promise((res) => setTimeout(res, 3000));
    const resets = await query(
      u,
      'max(resets(hubble_flows_processed_total[20m])) + max(resets(cilium_forward_count_total[20m])) + max(resets(node_cpu_seconds_total[20m]))'
    );
    assert.equal(resets.result[0]?.value[1], '0', 'no counter reset between history and live');
    // Every series of the history exists with identical labels in the live scrape.
    const match = '{__name__=~"hubble_.+|cilium_.+|node_.+|kube_node_.+|up"}';
    const key = (x: Record<string, string>) => JSON.stringify(Object.entries(x).sort());
    const hist = await api<Series>(u, '/api/v1/series', { 'match[]': match, start: start / 1000, end: histEnd });
    const live = new Set(
      (await api<Series>(u, '/api/v1/series', { 'match[]': match, start: liveStart, end: Date.now() / 1000 })).map(key)
    );
    assert.ok(hist.length > 1000);
    const missing = hist.map(key).filter((k) => !live.has(k));
    assert.deepEqual(missing.slice(0, 5), [], `${missing.length} backfilled series not continued live`);
  } finally {
    await prom.stop();
    await s.server.close();
  }
});
