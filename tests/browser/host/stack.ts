/**
 * The browser host's stack, run inside `demo-cluster/scripts/with-prometheus.ts` (which starts the
 * demo cluster, its Hubble Relay on DEMO_RELAY_LISTEN, and a Prometheus 2.42 fed by it, and sets
 * PROMETHEUS_URL):
 *
 *   tsx tests/browser/host/stack.ts [-- COMMAND ARGS...]
 *
 * starts the real Hubble gateway in front of the demo Relay (with a bearer token), the alerting API
 * server (FakeGrafana, the one the unit tests use), and the host server with the built plugin
 * (`dist/`); then runs COMMAND with BROWSER_HOST_URL (and GATEWAY_URL) in its environment and exits
 * with its code, or without a command prints the URL and runs until SIGINT/SIGTERM. Everything it
 * started is stopped on exit.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FakeGrafana } from '../../../src/test/alerting/fakeGrafana';
import { freePort } from './freePort';
import { startHostServer } from './server/server';

const REPO = path.resolve(__dirname, '../../..');

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return resolve();
    }
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
}

/** Starts the Hubble gateway on a free port with a random token; resolves once Relay is connected. */
async function startGateway(relayAddress: string): Promise<{ url: string; token: string; child: ChildProcess }> {
  const port = await freePort();
  const token = randomBytes(16).toString('hex');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main.ts',
      '--relay-address',
      relayAddress,
      '--listen',
      `127.0.0.1:${port}`,
      '--token',
      token,
    ],
    { cwd: path.join(REPO, 'hubble-gateway'), stdio: ['ignore', 'ignore', 'inherit'] }
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'the Hubble gateway to be ready (Relay connected)',
      async () => (await fetch(`${url}/readyz`)).ok,
      60_000
    );
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { url, token, child };
}

async function main(): Promise<number> {
  const dash = process.argv.indexOf('--');
  const command = dash >= 0 ? process.argv.slice(dash + 1) : [];
  const prometheusUrl = process.env.PROMETHEUS_URL;
  const relayAddress = process.env.DEMO_RELAY_LISTEN;
  if (!prometheusUrl || !relayAddress) {
    throw new Error(
      'PROMETHEUS_URL and DEMO_RELAY_LISTEN must be set: run this inside with-prometheus.ts (see tests/browser/run.ts)'
    );
  }
  const distDir = path.join(REPO, 'dist');
  if (!fs.existsSync(path.join(distDir, 'module.js'))) {
    throw new Error('dist/module.js is missing: run `npm run build` first');
  }
  const stops: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch(() => undefined);
    }
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.on('SIGTERM', () => void cleanup().then(() => process.exit(143)));
  try {
    const gateway = await startGateway(relayAddress);
    stops.push(() => stopChild(gateway.child));
    const alerting = new FakeGrafana();
    const alertingUrl = await alerting.start();
    stops.push(() => alerting.stop());
    // The app's settings as provisioned (provisioning/plugins/apps.yaml), with this stack's gateway.
    const provisioned = parseYaml(fs.readFileSync(path.join(REPO, 'provisioning/plugins/apps.yaml'), 'utf8'));
    const jsonData = { ...provisioned.apps[0].jsonData, hubbleGatewayUrl: gateway.url };
    const host = await startHostServer({
      distDir,
      datasources: [
        // provisioning/datasources/datasources.yaml's Prometheus, and a second one on the same server
        // so the config page has a data source to change to.
        {
          uid: 'prometheus',
          name: 'Prometheus',
          type: 'prometheus',
          isDefault: true,
          url: prometheusUrl,
          jsonData: { timeInterval: '15s' },
        },
        {
          uid: 'prometheus-2',
          name: 'Prometheus (second)',
          type: 'prometheus',
          url: prometheusUrl,
          jsonData: { timeInterval: '15s' },
        },
      ],
      settings: { jsonData, secureJsonData: { hubbleGatewayToken: gateway.token } },
      alertingUrl,
    });
    stops.push(() => host.stop());
    const env = { ...process.env, BROWSER_HOST_URL: host.url, GATEWAY_URL: gateway.url, ALERTING_URL: alertingUrl };
    if (command.length === 0) {
      console.log(`Browser host: ${host.url}/a/seed-kubeobs-app/\nHubble gateway: ${gateway.url}\nCtrl-C to stop.`);
      await new Promise<void>(() => undefined);
      return 0;
    }
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
    stops.push(() => stopChild(child));
    const code = await new Promise<number>((resolve) => {
      child.on('error', (e) => {
        console.error(`[browser host] cannot run ${command[0]}: ${e.message}`);
        resolve(127);
      });
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 143 : 1)));
    });
    if (alerting.violations.length) {
      console.error(
        `[browser host] the alerting API calls broke Grafana's rules:\n  ${alerting.violations.join('\n  ')}`
      );
      return code || 1;
    }
    return code;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`[browser host] ${e.message}`);
    process.exit(1);
  }
);
