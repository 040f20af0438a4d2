/**
 * Smooth, deterministic load curves with closed-form integrals, so that every counter derived
 * from a rate (CPU seconds, bytes) is a pure function of time: value(t) = integral since start.
 * A wave is base * (1 + a1 sin(w1 t + p1) + a2 sin(w2 t + p2)) with a1 + a2 < 1 (always positive).
 */
import { createRng } from '../rng';

/** A load curve (see the module comment); angular frequencies in rad/s, base in units per second. */
export type Wave = { base: number; a1: number; w1: number; p1: number; a2: number; w2: number; p2: number };

/** A wave for `key`: slow component with a 2-6 h period, fast one with 7-13 min. */
export function makeWave(seed: number | string, key: string, base: number, a1 = 0.25, a2 = 0.12): Wave {
  const r = createRng(seed, 'wave', key);
  const twoPi = 2 * Math.PI;
  return {
    base,
    a1,
    w1: twoPi / (3600 * (2 + r.next() * 4)),
    p1: r.next() * twoPi,
    a2,
    w2: twoPi / (60 * (7 + r.next() * 6)),
    p2: r.next() * twoPi,
  };
}

/** Rate at time t (seconds since the Unix epoch). */
export function waveAt(w: Wave, tSec: number): number {
  return w.base * (1 + w.a1 * Math.sin(w.w1 * tSec + w.p1) + w.a2 * Math.sin(w.w2 * tSec + w.p2));
}

/** Integral of the rate from `fromSec` to `toSec` (0 if to <= from). */
export function waveIntegral(w: Wave, fromSec: number, toSec: number): number {
  if (toSec <= fromSec) {
    return 0;
  }
  const F = (t: number) => t - (w.a1 / w.w1) * Math.cos(w.w1 * t + w.p1) - (w.a2 / w.w2) * Math.cos(w.w2 * t + w.p2);
  return w.base * (F(toSec) - F(fromSec));
}

/**
 * Number of events of a recurring window: `ratePerSec` events per second while
 * (t mod cycle) is in [winStart, winStart + winLen), counted from `fromSec` to `toSec`.
 */
export function windowedCount(
  fromSec: number,
  toSec: number,
  cycleSec: number,
  winStartSec: number,
  winLenSec: number,
  ratePerSec: number
): number {
  if (toSec <= fromSec) {
    return 0;
  }
  const upTo = (t: number) => {
    const cycles = Math.floor(t / cycleSec);
    const inCycle = t - cycles * cycleSec;
    const partial = Math.min(Math.max(inCycle - winStartSec, 0), winLenSec);
    return cycles * winLenSec + partial;
  };
  return Math.floor((upTo(toSec) - upTo(fromSec)) * ratePerSec);
}
