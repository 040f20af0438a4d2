import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MetricsServer, startMetricsServer } from './server';
import { Simulation } from './sim/simulation';

let server: MetricsServer;
let sim: Simulation;

before(async () => {
  sim = new Simulation({ seed: 1, fixturesDir: null, epochMs: Date.now() - 60_000 });
  server = await startMetricsServer({ sim, port: 0 });
});
after(() => server.close());

test('/ lists every target path and /targets.json gives their labels', async () => {
  const html = await (await fetch(`${server.url}/`)).text();
  for (const t of sim.targets) {
    assert.ok(html.includes(`href="${t.path}"`), t.path);
  }
  const json = (await (await fetch(`${server.url}/targets.json`)).json()) as Array<{
    path: string;
    job: string;
    labels: Record<string, string>;
  }>;
  assert.equal(json.length, 22);
  const hubble = json.find((t) => t.path === '/targets/hubble/kind-worker2/metrics');
  assert.deepEqual(Object.keys(hubble?.labels ?? {}).sort(), ['cluster', 'instance', 'namespace', 'node', 'pod']);
  assert.equal(hubble?.labels.instance, '172.18.0.4:9965');
  assert.equal(json.find((t) => t.path === '/targets/kube-state-metrics/metrics')?.job, 'kube-state-metrics');
});

test('every target answers in the text format; Hubble answers OpenMetrics when asked', async () => {
  for (const t of sim.targets) {
    const r = await fetch(`${server.url}${t.path}`);
    assert.equal(r.status, 200, t.path);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const body = await r.text();
    assert.match(body, /^# HELP /);
    assert.doesNotMatch(body, /# EOF/);
  }
  const accept =
    'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
  const om = await fetch(`${server.url}/targets/hubble/kind-worker/metrics`, { headers: { accept } });
  assert.match(om.headers.get('content-type') ?? '', /^application\/openmetrics-text; version=1\.0\.0/);
  const text = await om.text();
  assert.match(text, /# EOF\n$/);
  assert.match(text, /^# TYPE hubble_flows_processed counter$/m);
  const ksm = await fetch(`${server.url}/targets/kube-state-metrics/metrics`, { headers: { accept } });
  assert.match(ksm.headers.get('content-type') ?? '', /^text\/plain/, 'kube-state-metrics stays on the text format');
  assert.equal((await fetch(`${server.url}/targets/nope/metrics`)).status, 404);
});
