import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const SCRIPT = join(__dirname, 'with-prometheus.ts');

function runScript(
  args: string[],
  env: NodeJS.ProcessEnv = process.env
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

// The child checks what the live and alert-rule tests will rely on, then exits 7.
const CHILD = `
const u = process.env.PROMETHEUS_URL;
const q = async (e, t) => (await (await fetch(u + '/api/v1/query?query=' + encodeURIComponent(e) + (t ? '&time=' + t : ''))).json()).data.result;
(async () => {
  const up = await q('count(up == 1)');
  const hist = await q('sum(rate(hubble_drop_total[2m]))', Math.floor(Date.now() / 1000) - 240);
  const policy = await q('count(hubble_policy_verdicts_total)');
  console.log(JSON.stringify({ mode: process.env.HUBBLE_METRICS, demo: process.env.DEMO_CLUSTER_URL, up: up[0].value[1], hist: hist[0].value[1], policy: policy.length }));
  process.exit(7);
})().catch((e) => { console.error(e); process.exit(9); });
`;

test('with-prometheus backfills, waits for the targets and history, runs the command with PROMETHEUS_URL and exits with its code', async () => {
  const { code, out } = await runScript([
    '--hours',
    '0.12',
    '--port',
    '0',
    '--demo-port',
    '0',
    '--relay-port',
    '0',
    '--hubble-metrics',
    'rich',
    '--quiet',
    '--',
    process.execPath,
    '-e',
    CHILD,
  ]);
  assert.equal(code, 7, out);
  const line = out.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, out);
  const r = JSON.parse(line);
  assert.equal(r.mode, 'rich');
  assert.match(r.demo, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(r.up, '22');
  assert.ok(Number(r.hist) > 0, 'a rate over the backfilled range');
  assert.ok(r.policy > 0);
});

test('a missing Prometheus is reported clearly', async () => {
  const { code, out } = await runScript(['--', 'true'], { ...process.env, PROMETHEUS_BIN: '/nonexistent/prometheus' });
  assert.equal(code, 1);
  assert.match(out, /prometheus binary not found: apt-get install prometheus/);
});
