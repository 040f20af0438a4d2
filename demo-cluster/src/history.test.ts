import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultFixturesDir } from './flows/captures';
import { mergeScrapeLabels, writeHistory } from './history';
import { backfill } from './prometheus/runner';
import { Simulation } from './sim/simulation';
import { Target } from './targets';

const dir = mkdtempSync(join(tmpdir(), 'demo-history-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const END = Date.UTC(2026, 10, 22, 10, 0, 0);

async function write(file: string, seed: number) {
  const sim = new Simulation({
    seed,
    epochMs: END - 600_000,
    hubbleMetrics: 'rich',
    fixturesDir: defaultFixturesDir() ?? null,
  });
  return writeHistory({ sim, startMs: END - 600_000, endMs: END, stepMs: 15_000, out: file });
}

test('history is OpenMetrics that promtool backfills, with the scrape labels on every sample', async () => {
  const file = join(dir, 'h.om');
  const r = await write(file, 3);
  assert.equal(r.steps, 41);
  const text = readFileSync(file, 'utf8');
  assert.ok(text.endsWith('# EOF\n'));
  const samples = text.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.equal(samples.length, r.samples);
  for (const l of samples.filter((_, i) => i % 97 === 0)) {
    assert.match(l, /cluster="kind-kubeobs"/);
    assert.match(l, /job="[a-z-]+"/);
    assert.match(l, /instance="[0-9.]+:\d+"/);
    assert.match(l, / \d+\.\d{3}$/, 'sample timestamp in seconds');
  }
  assert.match(
    text,
    /^hubble_drop_total\{[^}]*job="hubble-metrics"[^}]*namespace="kube-system",node="kind-worker[23]?",pod="cilium-[a-z0-9]{5}"/m
  );
  assert.match(
    text,
    /^hubble_http_request_duration_seconds_bucket\{[^}]*le="1\.0"\} /m,
    'Hubble buckets as its OpenMetrics endpoint writes them'
  );
  assert.match(
    text,
    /^cilium_agent_api_process_time_seconds_bucket\{[^}]*le="1"\} /m,
    'others as the text format writes them'
  );
  assert.match(text, /^kube_pod_info\{[^}]*job="kube-state-metrics"[^}]*namespace="podinfo"/m);
  assert.match(
    text,
    /^up\{cluster="kind-kubeobs",instance="172\.18\.0\.3:10250",job="kubelet",metrics_path="\/metrics\/cadvisor",node="kind-worker"\} 1\.0 /m
  );
  assert.doesNotMatch(text, /=""/, 'empty labels are dropped as Prometheus does');
  assert.match(text, /^# TYPE hubble_flows_processed counter$/m);
  const out = await backfill(file, join(dir, 'tsdb'));
  assert.match(out, /BLOCK ULID/);
});

test('the same seed writes the same history byte for byte; another seed does not', async () => {
  const digest = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
  await write(join(dir, 'a.om'), 9);
  await write(join(dir, 'b.om'), 9);
  await write(join(dir, 'c.om'), 10);
  assert.equal(digest(join(dir, 'a.om')), digest(join(dir, 'b.om')));
  assert.notEqual(digest(join(dir, 'a.om')), digest(join(dir, 'c.om')));
});

test('target and series labels merge as in a scrape (honor_labels, exported_ prefix, empty labels dropped)', () => {
  const t: Target = {
    kind: 'cilium-agent',
    job: 'cilium-agent',
    path: '/x',
    labels: { cluster: 'c', namespace: 'kube-system', instance: 'i:1' },
    openMetrics: false,
    honorLabels: false,
  };
  assert.deepEqual(
    mergeScrapeLabels(t, [
      ['namespace', 'podinfo'],
      ['a', ''],
      ['b', 'x'],
    ]),
    [
      ['b', 'x'],
      ['cluster', 'c'],
      ['exported_namespace', 'podinfo'],
      ['instance', 'i:1'],
      ['job', 'cilium-agent'],
      ['namespace', 'kube-system'],
    ]
  );
  assert.deepEqual(
    mergeScrapeLabels({ ...t, honorLabels: true }, [
      ['namespace', 'podinfo'],
      ['instance', ''],
    ]),
    [
      ['cluster', 'c'],
      ['instance', 'i:1'],
      ['job', 'cilium-agent'],
      ['namespace', 'podinfo'],
    ]
  );
});
