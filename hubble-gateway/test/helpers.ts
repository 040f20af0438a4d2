/** Test helpers: fixture files, a gateway configuration for tests, stores fed with flows, HTTP GET and polling. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chunkTable } from '../src/chunks';
import type { Config } from '../src/config';
import { scanFlow } from '../src/flowScan';
import { FlowStore, type AddResult } from '../src/flowStore';
import { hubbleTypes } from '../src/proto';
import type { UnknownSink } from '../src/wireCheck';
import { encodeFromJson } from './protojson';

/**
 * The real Hubble captures (`hubble observe -o json` lines; README of the repository, "Test data"):
 * $HUBBLE_FIXTURES_DIR, else `../shared/fixtures/hubble-flows` beside the repository root.
 */
export const FIXTURES = path.resolve(
  process.env.HUBBLE_FIXTURES_DIR || path.join(__dirname, '../../../shared/fixtures/hubble-flows')
);

/**
 * Why the captures cannot be read, with how to get them (one sentence), or undefined when
 * {@link FIXTURES} holds at least one `*.json` capture. Tests that read them pass it as node:test's
 * `skip` option, so each is skipped with one line saying why.
 */
export function capturesMissing(): string | undefined {
  if (fs.existsSync(FIXTURES) && fs.readdirSync(FIXTURES).some((f) => f.endsWith('.json'))) {
    return undefined;
  }
  return (
    `the real Hubble captures are not in ${FIXTURES}: put the seven basic-sample-*.json files ` +
    `there or set HUBBLE_FIXTURES_DIR to their folder (README of the repository, "Test data")`
  );
}

/** The `.flow` objects of a fixture file, in file order. */
export function fixtureFlows(file: string): Array<Record<string, any>> {
  return fs
    .readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l).flow);
}

/** Writes all fixture files into one temporary file, merged in time order; remove() deletes its folder. */
export function allFixturesFile(): { file: string; remove(): void } {
  const files = fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubble-gw-'));
  const out = path.join(dir, 'all-flows.json');
  // basic-sample-10-flows repeats 10 lines of another capture: keep each flow once, as a capture would.
  const lines = [
    ...new Set(
      files.flatMap((f) =>
        fs
          .readFileSync(path.join(FIXTURES, f), 'utf8')
          .split('\n')
          .filter((l) => l.trim())
      )
    ),
  ];
  // A capture is in time order; the files are from two days, so merge them by time (stable).
  const time = (l: string) => ns(JSON.parse(l).flow.time);
  const keyed = lines.map((l, i) => ({ l, i, t: time(l) }));
  keyed.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
  fs.writeFileSync(out, keyed.map((k) => k.l).join('\n') + '\n');
  return { file: out, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A gateway configuration for tests: loopback, ephemeral port, quiet logs, short timeouts. */
export function testConfig(relayAddress: string, over: Partial<Config> = {}): Config {
  return {
    relayAddress,
    tls: false,
    listenHost: '127.0.0.1',
    listenPort: 0,
    bufferSize: 100_000,
    mapSlotMs: 10_000,
    maxMessageBytes: 4 * 1024 * 1024,
    stallTimeoutMs: 60_000,
    backoffInitialMs: 100,
    backoffMaxMs: 1000,
    relayTimeoutMs: 5000,
    clientTimeoutMs: 30_000,
    maxConnections: 1000,
    maxRelayQueries: 4,
    logLevel: 'silent',
    mode: 'follow',
    queryModeRate: 40_000,
    followModeRate: 25_000,
    modeIntervalMs: 15_000,
    modeSamples: 4,
    queryCacheTtlMs: 10_000,
    queryCacheFlows: 100_000,
    ...over,
  };
}

/** GET `url` with optional headers; returns status and parsed JSON body (or text). */
export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** Polls `check` every 50 ms until it returns true; throws after `ms`. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Nanoseconds since the epoch of an RFC 3339 time (test-side, independent of src/time.ts). */
export function ns(text: string): bigint {
  const m = /^(.{19})(?:\.(\d+))?Z$/.exec(text)!;
  return BigInt(Date.parse(m[1] + 'Z')) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** RFC 3339 text of ns since the epoch, always with 9 fractional digits (parsers accept any). */
export function rfc(nsValue: bigint): string {
  const sec = nsValue / 1_000_000_000n;
  return (
    new Date(Number(sec) * 1000).toISOString().slice(0, 19) +
    '.' +
    String(nsValue % 1_000_000_000n).padStart(9, '0') +
    'Z'
  );
}

/** An UnknownSink that ignores what it is told. */
export const silentSink: UnknownSink = { field() {}, enumValue() {} };

/** A FlowStore of `capacity` flows with the gateway's protos and chunk table. */
export function newStore(capacity: number, slotMs = 10_000): FlowStore {
  return new FlowStore(capacity, slotMs, { ...hubbleTypes(), chunks: chunkTable });
}

/** Adds encoded flow.Flow bytes to `store` as the follow stream does. Throws for a flow without time. */
export function addFlowBytes(store: FlowStore, bytes: Uint8Array, sink: UnknownSink = silentSink): AddResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const s = scanFlow(hubbleTypes().flowWire, buf, 0, buf.length, sink);
  if (!s.hasTime) {
    throw new TypeError('flow without time');
  }
  return store.add(buf, s, sink);
}

/** Encodes a flow given as protojson (a `.flow` object) into flow.Flow bytes. */
export function flowBytes(json: Record<string, unknown>): Buffer {
  return Buffer.from(encodeFromJson(hubbleTypes().Flow, json));
}

/** Every buffered flow of `store` as parsed JSON, newest arrival first. */
export function storedFlows(store: FlowStore): Array<Record<string, any>> {
  const out: Array<Record<string, any>> = [];
  store.forEachNewestFirst((_r, ref) => {
    out.push(JSON.parse(store.json(ref)!));
    return true;
  });
  return out;
}
