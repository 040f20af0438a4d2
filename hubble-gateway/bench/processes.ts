/**
 * The benchmark's processes: the bench Relay (benchRelay.ts) and the compiled gateway
 * (`node dist/main.js`, with the Node.js flags and malloc setting of the container image), each its
 * own process on 127.0.0.1 with a port picked at run time; and readings of a process from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const TICK = 100; // USER_HZ of /proc/<pid>/stat on Linux

/** Node.js flags and environment the gateway runs with in the container image (Dockerfile, `npm start`); BENCH_NODE_FLAGS overrides the flags. */
export const GATEWAY_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=4')
  .split(' ')
  .filter(Boolean);
export const GATEWAY_ENV = { MALLOC_ARENA_MAX: '2' };

/** CPU seconds (user + system) the process has used. */
export function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICK;
}

/** Resident memory (VmRSS) in MB. */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m![1]) / 1024);
}

/** Resolves with the first match of `re` in the child's output (stdout and stderr). */
export function waitForOutput(child: ChildProcess, re: RegExp, what: string, ms = 120_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`${what}: nothing matching ${re} within ${ms} ms:\n${out.slice(-2000)}`)),
      ms
    );
    const on = (d: Buffer) => {
      out += d.toString();
      const m = re.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout?.off('data', on);
        child.stderr?.off('data', on);
        resolve(m);
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', (c) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${c}:\n${out.slice(-2000)}`));
    });
  });
}

/** Options of the bench Relay (see benchRelay.ts). */
export type RelayOptions = { port?: number; t0Us: number; segments: Array<[number, number, number]>; fast?: boolean };

/** A running bench Relay: its port, the last `sent`/`next` it reported and the `done` count once reached. */
export type BenchRelay = { child: ChildProcess; port: number; progress: { sent: number; next: number; done?: number } };

export async function startRelay(opts: RelayOptions): Promise<BenchRelay> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'benchRelay.ts'), JSON.stringify(opts)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    }
  );
  const port = Number((await waitForOutput(child, /\{"port":(\d+)\}/, 'bench relay'))[1]);
  const relay: BenchRelay = { child, port, progress: { sent: 0, next: 0 } };
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      try {
        Object.assign(relay.progress, JSON.parse(line));
      } catch {
        /* not a progress line */
      }
    }
  });
  return relay;
}

/** A running gateway: its URL, process and the tail of its log. */
export type GatewayProcess = { child: ChildProcess; url: string; pid: number; log: () => string };

export async function startGateway(relayPort: number, flags: string[] = []): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [
      ...GATEWAY_NODE_FLAGS,
      path.join(ROOT, 'dist/main.js'),
      '--relay-address',
      `127.0.0.1:${relayPort}`,
      '--listen',
      '127.0.0.1:0',
      ...flags,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...GATEWAY_ENV } }
  );
  // Keep reading its output (a full pipe would block the gateway), keeping the tail for errors.
  let tail = '';
  const keep = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const m = await waitForOutput(child, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/, 'gateway');
  return { child, url: m[1], pid: child.pid!, log: () => tail };
}

/** Stops a child process and waits for it to be gone. */
export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return resolve();
    }
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The gateway's metrics as name{labels} -> value. */
export async function metrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) {
      out.set(m[1], Number(m[2]));
    }
  }
  return out;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
