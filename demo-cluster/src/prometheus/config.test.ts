import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { run, findBinary } from './runner';
import { committedConfigs } from './committed';

const dir = join(__dirname, '..', '..', 'prometheus');

test('the committed scrape configs are generated from the targets (npm run prometheus-config) and valid', async () => {
  for (const [file, text] of Object.entries(committedConfigs())) {
    assert.equal(
      readFileSync(join(dir, file), 'utf8'),
      text,
      `prometheus/${file} is stale: run npm run prometheus-config`
    );
    await run(findBinary('promtool'), ['check', 'config', join(dir, file)]);
  }
  const yml = readFileSync(join(dir, 'prometheus.yml'), 'utf8');
  for (const job of [
    'cilium-agent',
    'hubble-metrics',
    'cilium-operator',
    'kube-state-metrics',
    'node-exporter',
    'kubelet',
  ]) {
    assert.match(yml, new RegExp(`job_name: "${job}"`));
  }
  assert.match(yml, /job_name: "kube-state-metrics"\n    honor_labels: true/);
  assert.match(yml, /job_name: "cilium-agent"\n    honor_labels: false/);
  assert.match(readFileSync(join(dir, 'prometheus.docker.yml'), 'utf8'), /targets: \["demo-cluster:9400"\]/);
});
