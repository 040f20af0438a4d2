import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

/** Starts `src/main.ts`, waits for it to listen, sends `signal`, returns the exit code and output. */
async function runAndSignal(
  signal: NodeJS.Signals,
  extra: string[] = []
): Promise<{ code: number | null; out: string; url: string }> {
  const p = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'main.ts'), '--listen', '127.0.0.1:0', '--no-fixtures', ...extra],
    {
      cwd: join(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  let out = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`did not start: ${out}`)), 60_000);
    p.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
  });
  const r = await fetch(`${url}/targets/hubble/kind-worker/metrics`);
  assert.equal(r.status, 200);
  const exited = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  p.kill(signal);
  const code = await Promise.race([
    exited,
    new Promise<number | null>((_, reject) => setTimeout(() => reject(new Error('no exit within 15 s')), 15_000)),
  ]);
  return { code, out, url };
}

test('SIGTERM stops the server and exits 0', async () => {
  const { code, out, url } = await runAndSignal('SIGTERM');
  assert.equal(code, 0, out);
  assert.match(out, /stopped/);
  await assert.rejects(fetch(`${url}/`), 'the port is closed');
});

test('SIGINT stops the server and exits 0', async () => {
  const { code, out } = await runAndSignal('SIGINT', ['--hubble-metrics', 'rich']);
  assert.equal(code, 0, out);
});

test('bad options exit 2 with a message', async () => {
  const p = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts'), '--hubble-metrics', 'fancy'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  const code = await new Promise((resolve) => p.on('exit', resolve));
  assert.equal(code, 2);
  assert.match(err, /--hubble-metrics: expected docs or rich/);
});
