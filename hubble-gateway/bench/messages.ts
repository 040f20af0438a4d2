/**
 * Benchmark input: encoded observer.GetFlowsResponse messages made from the fixture captures (all
 * 1,106 distinct flows, cycled), each with its own time and uuid, so none is a duplicate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hubbleTypes } from '../src/proto';
import { FIXTURES, capturesMissing } from '../test/helpers';
import { encodeFromJson } from '../test/protojson';

/** Distinct fixture flows (`.flow` objects); throws, saying how to get them, without the captures. */
export function fixtureFlowObjects(): Array<Record<string, unknown>> {
  const missing = capturesMissing();
  if (missing) {
    throw new Error(`the benchmark replays ${missing}`);
  }
  const lines = new Set<string>();
  for (const f of fs
    .readdirSync(FIXTURES)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    for (const l of fs.readFileSync(path.join(FIXTURES, f), 'utf8').split('\n')) {
      if (l.trim()) {
        lines.add(l);
      }
    }
  }
  return [...lines].map((l) => JSON.parse(l).flow);
}

/** Encoded flow.Flow of each distinct fixture flow without its time and uuid (set per message). */
let bodies: Buffer[] | undefined;

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function field(number: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varint(number * 8 + 2), ...varint(payload.length)]), payload]);
}

function timestamp(us: number): Buffer {
  const sec = Math.floor(us / 1e6);
  const nanos = (us % 1e6) * 1000;
  return Buffer.from([0x08, ...varint(sec), ...(nanos ? [0x10, ...varint(nanos)] : [])]);
}

/**
 * Message k of the benchmark sequence: fixture flow k mod 1106 at `us` microseconds since the epoch,
 * uuid `bench-<k>`, as an encoded GetFlowsResponse (node_name "bench").
 */
export function benchMessage(k: number, us: number): Buffer {
  bodies ??= fixtureFlowObjects().map((f) => {
    const rest = { ...f };
    delete rest.time;
    delete rest.uuid;
    return Buffer.from(encodeFromJson(hubbleTypes().Flow, rest));
  });
  const ts = timestamp(us);
  const flow = Buffer.concat([bodies[k % bodies.length], field(1, ts), field(34, Buffer.from(`bench-${k}`))]);
  return Buffer.concat([field(1, flow), field(1000, Buffer.from('bench')), field(1001, ts)]);
}

/** `count` messages of the sequence, 1 µs apart, the last at `endMs`. Deterministic. */
export function benchMessages(count: number, endMs: number): Buffer[] {
  const startUs = Math.floor(endMs) * 1000 - count;
  const out: Buffer[] = new Array(count);
  for (let k = 0; k < count; k++) {
    out[k] = benchMessage(k, startUs + k);
  }
  return out;
}
