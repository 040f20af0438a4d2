/**
 * Runs the real Prometheus and promtool (Debian's prometheus package, 2.42) for the demo's tests
 * and the with-prometheus script: backfill, start on 127.0.0.1 with its own data dir, wait until
 * ready and until every target is up, query, stop. Errors say what is missing and what the
 * process printed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/**
 * Path of a binary: $PROMETHEUS_BIN / $PROMTOOL_BIN when set, else /usr/bin/<name> or the first on
 * PATH; throws "<name> binary not found: apt-get install prometheus".
 */
export function findBinary(name: 'prometheus' | 'promtool'): string {
  const env = name === 'prometheus' ? process.env.PROMETHEUS_BIN : process.env.PROMTOOL_BIN;
  // An explicit path is the only candidate; otherwise /usr/bin, then PATH.
  const candidates = env
    ? [env]
    : [`/usr/bin/${name}`, ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, name))];
  for (const c of candidates) {
    if (!c) {
      continue;
    }
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  throw new Error(
    `${name} binary not found: apt-get install prometheus (or set ${name === 'prometheus' ? 'PROMETHEUS_BIN' : 'PROMTOOL_BIN'})`
  );
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(cmd: string, args: string[], timeoutMs = 600_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(out);
      } else {
        reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out.slice(-4000)}`));
      }
    });
  });
}

/** `promtool tsdb create-blocks-from openmetrics FILE DIR`. */
export function backfill(openMetricsFile: string, dataDir: string): Promise<string> {
  return run(findBinary('promtool'), ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, dataDir]);
}

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopProcess(p: ChildProcess, graceMs = 10_000): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const t = setTimeout(() => p.kill('SIGKILL'), graceMs);
    p.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    p.kill('SIGTERM');
  });
}

/** A Prometheus started by {@link startPrometheus}: its URL, process, recent output and stop(). */
export type RunningPrometheus = { url: string; process: ChildProcess; output(): string; stop(): Promise<void> };

/** Starts Prometheus (exemplar storage on, retention 100y) and waits until /-/ready answers. */
export async function startPrometheus(opts: {
  configFile: string;
  dataDir: string;
  port: number;
  readyTimeoutMs?: number;
  extraArgs?: string[];
}): Promise<RunningPrometheus> {
  const bin = findBinary('prometheus');
  const url = `http://127.0.0.1:${opts.port}`;
  const p = spawn(
    bin,
    [
      `--config.file=${opts.configFile}`,
      `--storage.tsdb.path=${opts.dataDir}`,
      `--web.listen-address=127.0.0.1:${opts.port}`,
      '--storage.tsdb.retention.time=100y',
      '--enable-feature=exemplar-storage',
      '--log.level=warn',
      ...(opts.extraArgs ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  p.stdout?.on('data', keep);
  p.stderr?.on('data', keep);
  const running: RunningPrometheus = { url, process: p, output: () => out, stop: () => stopProcess(p) };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (p.exitCode !== null) {
      throw new Error(`prometheus exited with code ${p.exitCode} before becoming ready:\n${out}`);
    }
    try {
      const r = await fetch(`${url}/-/ready`);
      if (r.ok) {
        return running;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await running.stop();
  throw new Error(`prometheus not ready on ${url} after ${opts.readyTimeoutMs ?? 60_000} ms:\n${out}`);
}

/** GETs a Prometheus API path and returns `data`; throws on error status. */
export async function api<T = unknown>(
  url: string,
  path: string,
  params: Record<string, string | number> = {}
): Promise<T> {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const r = await fetch(`${url}${path}?${qs}`);
  const body = (await r.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') {
    throw new Error(`${path} ${qs}: ${body.error ?? r.status}`);
  }
  return body.data;
}

/** One sample of an instant-vector query result. */
export type VectorSample = { metric: Record<string, string>; value: [number, string] };

/** Instant query. */
export function query(
  url: string,
  promql: string,
  time?: number
): Promise<{ resultType: string; result: VectorSample[] }> {
  return api(url, '/api/v1/query', time === undefined ? { query: promql } : { query: promql, time });
}

/** Waits until Prometheus has `expected` active targets, all up; returns their count. */
export async function waitForTargetsUp(url: string, expected: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const d = await api<{ activeTargets: Array<{ health: string; scrapeUrl: string; lastError: string }> }>(
      url,
      '/api/v1/targets',
      { state: 'active' }
    );
    const up = d.activeTargets.filter((t) => t.health === 'up').length;
    last = d.activeTargets
      .filter((t) => t.health !== 'up')
      .map((t) => `${t.scrapeUrl}: ${t.health} ${t.lastError}`)
      .slice(0, 5)
      .join('\n');
    if (d.activeTargets.length === expected && up === expected) {
      return up;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not all ${expected} targets up after ${timeoutMs} ms:\n${last}`);
}

/** Polls `check` until it returns a value (not undefined) or the time runs out. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 500
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr = '';
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) {
        return v;
      }
    } catch (e) {
      lastErr = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `: ${lastErr}` : ''}`);
}
