/**
 * Test setup (Node only): runs the demo Hubble Relay (demo-cluster/src/relay/cli.ts) and the real
 * Hubble gateway (hubble-gateway/src/main.ts) as child processes on 127.0.0.1, connected over gRPC,
 * as their READMEs start them. Used by the app's integration test and by `record.ts`, which saves
 * the gateway's real answers for the scene tests.
 */
import { ChildProcess, execFileSync, execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { compareFlowTimes } from '../../gateway/flowTime';
import { HUBBLE_CAPTURES_DIR } from '../hubbleCaptures';

/** The repository root (this file is src/test/gateway/). */
export const REPO = path.resolve(__dirname, '../../..');
const GATEWAY_DIR = path.join(REPO, 'hubble-gateway');
const DEMO_DIR = path.join(REPO, 'demo-cluster');

/** An HTTP answer: status and body (parsed JSON, else text). */
export interface HttpAnswer {
  status: number;
  body: any;
}

/** A running Relay + gateway pair. */
export interface RealGateway {
  /** Base URL of the gateway, `http://127.0.0.1:<port>`. */
  url: string;
  relayAddress: string;
  /** The token the gateway requires (`--token`), if any. */
  token?: string;
  /** GET a gateway path with query parameters (and the bearer token unless `auth` is false). */
  get(pathname: string, params?: Record<string, string>, auth?: boolean): Promise<HttpAnswer>;
  /** Kills the Relay process (the gateway keeps running and reports Relay unreachable). */
  killRelay(): Promise<void>;
  /** Stops both processes. */
  stop(): Promise<void>;
}

/** Options: which flows the Relay replays, the gateway's token, Relay's extra rate of flows per second. */
export interface RealGatewayOptions {
  flowsFile: string;
  token?: string;
  /** After replaying the file, Relay keeps sending this many flows per second (cycled from the file). */
  rate?: number;
}

/** Installs the packages' own dependencies when a clean clone lacks them (as their test scripts do). */
export function ensurePackages(): void {
  for (const [dir, probe] of [
    [GATEWAY_DIR, 'fastify'],
    [DEMO_DIR, '@grpc/grpc-js'],
  ] as const) {
    if (!fs.existsSync(path.join(dir, 'node_modules', probe, 'package.json'))) {
      // npm ci installs exactly the committed lockfile and never rewrites it
      execSync('npm ci --no-audit --no-fund', { cwd: dir, stdio: 'inherit' });
    }
  }
}

/** A flows file written for a test: its path, its number of flows, and remove() for its temporary folder. */
export interface FlowsFile {
  file: string;
  flows: number;
  remove(): void;
}

/** A new temporary folder for one flows file, and the function that removes it. */
function tempFlowsFile(prefix: string, name: string): Pick<FlowsFile, 'file' | 'remove'> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { file: path.join(dir, name), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Writes every fixture capture into one file in time order (each flow once). */
export function allCapturesFile(): FlowsFile {
  const files = fs
    .readdirSync(HUBBLE_CAPTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const lines = [
    ...new Set(
      files.flatMap((f) =>
        fs
          .readFileSync(path.join(HUBBLE_CAPTURES_DIR, f), 'utf8')
          .split('\n')
          .filter((l) => l.trim())
      )
    ),
  ];
  const keyed = lines.map((l, i) => ({ l, i, t: String(JSON.parse(l).flow?.time ?? '') }));
  keyed.sort((a, b) => compareFlowTimes(a.t, b.t) || a.i - b.i);
  const { file, remove } = tempFlowsFile('kubeobs-app-flows-', 'all-flows.json');
  fs.writeFileSync(file, keyed.map((k) => k.l).join('\n') + '\n');
  return { file, flows: keyed.length, remove };
}

/**
 * Writes `seconds` of the demo cluster's own generated traffic (demo-cluster/src/flows/hub.ts:
 * podinfo HTTP with trace context, star-wars POLICY_DENIED drops, DNS with NXDOMAIN, ...; no
 * captures) as `hubble observe -o json` lines.
 */
export function demoFlowsFile(seconds = 60, seed = 1): FlowsFile {
  ensurePackages();
  const { file, remove } = tempFlowsFile('kubeobs-app-demo-', 'demo-flows.json');
  const script = [
    "const fs = require('node:fs');",
    "const { createFlowHub } = require('./src/flows/hub.ts');",
    'const now = Date.now();',
    `const hub = createFlowHub({ fixturesDir: null, epochMs: now - ${Math.round(seconds * 1000)}, seed: ${JSON.stringify(seed)} });`,
    'const out = [];',
    'hub.subscribe((f) => out.push(JSON.stringify({ flow: f })));',
    'hub.advanceTo(now);',
    `fs.writeFileSync(${JSON.stringify(file)}, out.join('\\n') + '\\n');`,
  ].join('\n');
  execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: DEMO_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    file,
    flows: fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim()).length,
    remove,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function start(
  cwd: string,
  args: string[],
  ready: RegExp,
  what: string
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not start within 60 s:\n${out}`));
    }, 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = ready.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        child.stdout?.resume();
        child.stderr?.resume();
        resolve({ child, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${out}`));
    });
  });
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return resolve();
    }
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/** GET with Node's http module (works in any Jest environment); JSON bodies are parsed. */
export function httpGet(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
  });
}

/** Polls `check` every 100 ms until it is true; throws after `ms`. */
export async function waitUntil(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check().catch(() => false)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Starts the demo Relay replaying `flowsFile`, then the gateway connected to it, and waits until the
 * gateway's follow stream is connected and its buffer holds every flow of the file.
 */
export async function startRealGateway(opts: RealGatewayOptions): Promise<RealGateway> {
  ensurePackages();
  const expected = fs
    .readFileSync(opts.flowsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim()).length;
  const relayArgs = [
    'src/relay/cli.ts',
    '--flows-file',
    opts.flowsFile,
    '--listen',
    '127.0.0.1:0',
    ...(opts.rate ? ['--rate', String(opts.rate)] : []),
  ];
  const relay = await start(DEMO_DIR, relayArgs, /relay listening on (\S+:\d+)/, 'demo relay');
  const relayAddress = relay.match[1];
  const port = await freePort();
  const gatewayArgs = [
    'src/main.ts',
    '--relay-address',
    relayAddress,
    '--listen',
    `127.0.0.1:${port}`,
    '--log-level',
    'info',
    '--backoff-max',
    '1s',
  ];
  if (opts.token) {
    gatewayArgs.push('--token', opts.token);
  }
  let child: ChildProcess;
  try {
    child = (await start(GATEWAY_DIR, gatewayArgs, /hubble gateway listening/, 'hubble gateway')).child;
  } catch (e) {
    await stopChild(relay.child);
    throw e;
  }
  const url = `http://127.0.0.1:${port}`;
  const auth = (on: boolean): Record<string, string> =>
    on && opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  const get = (pathname: string, params: Record<string, string> = {}, withAuth = true) => {
    const q = new URLSearchParams(params).toString();
    return httpGet(`${url}${pathname}${q ? `?${q}` : ''}`, auth(withAuth));
  };
  try {
    await waitUntil('the gateway to be ready', async () => (await get('/readyz')).status === 200, 60_000);
    await waitUntil(
      `the gateway to buffer ${expected} flows`,
      async () => ((await get('/api/v1/status')).body?.buffer?.flows ?? 0) >= expected
    );
  } catch (e) {
    await Promise.all([stopChild(child), stopChild(relay.child)]);
    throw e;
  }
  return {
    url,
    relayAddress,
    token: opts.token,
    get,
    killRelay: () => stopChild(relay.child, 'SIGKILL'),
    stop: async () => {
      await Promise.all([stopChild(child), stopChild(relay.child)]);
    },
  };
}
