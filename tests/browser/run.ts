/**
 * One command for everything that needs the browser host (`npm run test:browser`, `npm run
 * screenshots`, `npm run bench:browser`):
 *
 *   tsx tests/browser/run.ts -- COMMAND ARGS...
 *
 * builds the plugin when `dist/module.js` is missing, then runs COMMAND inside the host's stack:
 * the demo cluster (seed 1) with 1 h of history and a Prometheus 2.42 fed by it
 * (demo-cluster/scripts/with-prometheus.ts, as the live test), the demo Hubble Relay on a free port,
 * the Hubble gateway, the alerting API server and the host server (host/stack.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './host/freePort';

const REPO = path.resolve(__dirname, '../..');

async function main(): Promise<number> {
  const dash = process.argv.indexOf('--');
  const command = dash >= 0 ? process.argv.slice(dash + 1) : [];
  if (!fs.existsSync(path.join(REPO, 'dist', 'module.js'))) {
    console.log('[browser] dist/module.js is missing: npm run build');
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: REPO, stdio: 'inherit' });
    if (build.status !== 0) {
      return build.status ?? 1;
    }
  }
  const relay = `127.0.0.1:${await freePort()}`;
  const tsx = path.join(REPO, 'node_modules', '.bin', 'tsx');
  const run = spawnSync(
    tsx,
    [
      'demo-cluster/scripts/with-prometheus.ts',
      '--hours',
      '1',
      '--port',
      '0',
      '--demo-port',
      '0',
      '--seed',
      '1',
      '--quiet',
      '--',
      tsx,
      'tests/browser/host/stack.ts',
      '--',
      ...command,
    ],
    { cwd: REPO, stdio: 'inherit', env: { ...process.env, DEMO_RELAY_LISTEN: relay } }
  );
  return run.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`[browser] ${e.message}`);
    process.exit(1);
  }
);
