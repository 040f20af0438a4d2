/**
 * Benchmark input: encoded observer.GetFlowsResponse messages made from the fixture captures (all
 * 1,106 distinct flows, cycled), each with its own time and uuid, so none is a duplicate.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hubbleTypes } from '../src/proto';
import { FIXTURES, capturesMissing } from '../test/helpers';
import { responseWith } from '../test/messages';
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
  return responseWith(bodies[k % bodies.length], k, us, 'bench');
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
