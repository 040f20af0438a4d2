/**
 * The real Hubble captures of the fixtures folder, re-timed to the present and looped. Each file
 * plays at its original pace; a loop lasts the capture's span plus 2 s, but at least
 * `minLoopSeconds` (default 60 s) so that a dense 4-second capture does not dominate the stream.
 * Loop starts are anchored to absolute time (with a per-file phase from the seed), so the flow
 * at a given instant does not depend on when the simulation started.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hash32 } from '../rng';
import { formatFlowTime, parseFlowTime } from '../time';
import { loadFlowsFile } from './file';
import { FlowJson } from './types';

/** Captures of one file, ready to loop. */
export type CaptureTemplate = {
  file: string;
  flows: FlowJson[];
  /** Offsets of the flows from the first one, microseconds, ascending. */
  offsetsUs: number[];
  /** Extra nanoseconds of each flow's time. */
  ns: number[];
  periodUs: number;
  phaseUs: number;
};

/**
 * The captures folder: $HUBBLE_FIXTURES_DIR, else `../shared/fixtures/hubble-flows` beside the
 * repository root (absolute; it may not exist).
 */
export function capturesDir(): string {
  return resolve(process.env.HUBBLE_FIXTURES_DIR || resolve(__dirname, '../../../../shared/fixtures/hubble-flows'));
}

/** {@link capturesDir} when it holds at least one `*.json` capture, else undefined. */
export function defaultFixturesDir(): string | undefined {
  const dir = capturesDir();
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json')) ? dir : undefined;
}

/**
 * Why the captures cannot be read, with how to get them (one sentence), or undefined when they are
 * there. Tests that read them pass it as node:test's `skip` option.
 */
export function capturesMissing(): string | undefined {
  if (defaultFixturesDir()) {
    return undefined;
  }
  return (
    `the real Hubble captures are not in ${capturesDir()}: put the seven basic-sample-*.json files ` +
    `there or set HUBBLE_FIXTURES_DIR to their folder (README, "Test data")`
  );
}

/** Loads every `*.json` file of a directory (sorted by name) as raw flows. */
export function loadCaptureDir(dir: string, warn?: (m: string) => void): Array<{ file: string; flows: FlowJson[] }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, flows: loadFlowsFile(join(dir, file), warn).flows }));
}

/** Orders a file's flows by time and computes loop parameters. */
export function captureTemplate(
  seed: number | string,
  file: string,
  flows: FlowJson[],
  minLoopSeconds = 60
): CaptureTemplate {
  const timed = flows
    .map((f, i) => ({ f, t: parseFlowTime(f.time as string), i }))
    .filter((x): x is { f: FlowJson; t: { us: number; ns: number }; i: number } => !!x.t)
    .sort((a, b) => a.t.us - b.t.us || a.i - b.i);
  const first = timed[0]?.t.us ?? 0;
  const offsetsUs = timed.map((x) => x.t.us - first);
  const span = offsetsUs[offsetsUs.length - 1] ?? 0;
  const periodUs = Math.max(span + 2_000_000, minLoopSeconds * 1_000_000);
  return {
    file,
    flows: timed.map((x) => x.f),
    offsetsUs,
    ns: timed.map((x) => x.t.ns),
    periodUs,
    phaseUs: (hash32(seed, 'capture-phase', file) % Math.floor(periodUs / 1000)) * 1000,
  };
}

/** A version-4 style UUID derived from the loop and flow index (cheaper than a random stream). */
function captureUuid(seed: number | string, file: string, loop: number, i: number): string {
  const h = [0, 1, 2, 3].map((k) => hash32(seed, file, loop, i, k).toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * Emits the looped capture flows whose re-timed time falls in [fromUs, toUs), with a fresh
 * `time` and a deterministic `uuid` (other fields are shared with the template: read-only).
 */
export function emitCaptures(
  seed: number | string,
  t: CaptureTemplate,
  fromUs: number,
  toUs: number,
  emit: (f: FlowJson, us: number, ns: number) => void
) {
  if (t.flows.length === 0) {
    return;
  }
  const span = t.offsetsUs[t.offsetsUs.length - 1];
  const firstLoop = Math.floor((fromUs - t.phaseUs - span) / t.periodUs);
  const lastLoop = Math.floor((toUs - t.phaseUs) / t.periodUs);
  for (let loop = Math.max(firstLoop, -1e12); loop <= lastLoop; loop++) {
    const start = loop * t.periodUs + t.phaseUs;
    for (let i = lowerBound(t.offsetsUs, fromUs - start); i < t.offsetsUs.length; i++) {
      const us = start + t.offsetsUs[i];
      if (us >= toUs) {
        break;
      }
      emit(
        { ...t.flows[i], time: formatFlowTime({ us, ns: t.ns[i] }), uuid: captureUuid(seed, t.file, loop, i) },
        us,
        t.ns[i]
      );
    }
  }
}
