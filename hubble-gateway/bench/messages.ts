/**
 * Benchmark input: `count` encoded observer.GetFlowsResponse messages made from the fixture
 * captures (all 1,106 distinct flows, cycled), each with its own time (1 µs apart, ending now) and
 * uuid, so none is a duplicate. Deterministic for a given count and end time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hubbleTypes } from '../src/proto';
import { messageObjectFromJson } from '../src/protojson';
import { FIXTURES, capturesMissing } from '../test/helpers';

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

/** `count` encoded GetFlowsResponse messages (see module doc); `endMs` is the last flow's time. */
export function benchMessages(count: number, endMs: number): Buffer[] {
  const { GetFlowsResponse } = hubbleTypes();
  const flows = fixtureFlowObjects();
  const startUs = BigInt(Math.floor(endMs)) * 1000n - BigInt(count);
  const out: Buffer[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const us = startUs + BigInt(k);
    const time = { seconds: Number(us / 1_000_000n), nanos: Number(us % 1_000_000n) * 1000 };
    const flow = { ...messageObjectFromJson(hubbleTypes().Flow, flows[k % flows.length]), time, uuid: `bench-${k}` };
    out[k] = Buffer.from(
      GetFlowsResponse.encode(GetFlowsResponse.fromObject({ flow, node_name: 'bench', time })).finish()
    );
  }
  return out;
}
