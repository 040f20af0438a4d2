/**
 * The scripted faults, as pure functions of wall-clock time (Unix ms), so that history and the
 * live endpoints agree and the README can say exactly when each one is on. Minutes are minutes of
 * the UTC hour. Which metric shows each fault is listed in the package README.
 */

const MIN = 60_000;

function minuteOf(tMs: number, cycleMin: number): number {
  return (((tMs / MIN) % cycleMin) + cycleMin) % cycleMin;
}

/** Node whose memory fills up; node with BPF map pressure; node that becomes unreachable. */
export const MEMORY_PRESSURE_NODE = 'kind-worker3';
/** Node whose conntrack map fills up, and that map. */
export const MAP_PRESSURE_NODE = 'kind-worker2';
export const MAP_PRESSURE_MAP = 'cilium_ct4_global';
/** Node that becomes unreachable and has a failing controller. */
export const UNREACHABLE_NODE = 'kind-worker3';

/**
 * Share of podinfo-backend requests answered with HTTP 500: 2% normally, 25% in minutes 15-19
 * of every 20-minute cycle (the frontend then answers 502).
 */
export function backendErrorRatio(tMs: number): number {
  return minuteOf(tMs, 20) >= 15 ? 0.25 : 0.02;
}

/** True while kind-worker3 is unreachable: minutes 10-12 of every 30-minute cycle. */
export function nodeUnreachable(tMs: number): boolean {
  const m = minuteOf(tMs, 30);
  return m >= 10 && m < 13;
}

/** True while a controller fails on kind-worker3: minutes 10-15 of every 30-minute cycle. */
export function controllerFailing(tMs: number): boolean {
  const m = minuteOf(tMs, 30);
  return m >= 10 && m < 16;
}

/**
 * Fraction of memory in use on kind-worker3 (loki-0 grows): from 0.70 at minute 0 of the hour to
 * 0.93 at minute 25, 0.93-0.96 until minute 58, back to 0.70 after the eviction at minute 58.
 */
export function memoryUsedFraction(tMs: number): number {
  const m = minuteOf(tMs, 60);
  if (m < 25) {
    return 0.7 + (0.23 * m) / 25;
  }
  if (m < 58) {
    return 0.93 + (0.03 * (m - 25)) / 33;
  }
  return 0.7;
}

/** MemoryPressure condition of kind-worker3: true in minutes 30-57 of every hour. */
export function memoryPressure(tMs: number): boolean {
  const m = minuteOf(tMs, 60);
  return m >= 30 && m < 58;
}

/**
 * Pressure of cilium_ct4_global on kind-worker2: a 45-minute sawtooth from 0.55 to 0.97 (above
 * 0.9 for the last 8 minutes of each cycle), reset by a conntrack GC at the start of the cycle.
 */
export function ctMapPressure(tMs: number): number {
  return 0.55 + (0.42 * minuteOf(tMs, 45)) / 45;
}

/** Conntrack insertions fail (drops "CT: Map insertion failed") while the map is above 95% full. */
export function ctInsertionsFail(tMs: number): boolean {
  return ctMapPressure(tMs) > 0.95;
}

/** Hubble ring buffer overflows on kind-worker briefly every 10 minutes (minute 0 of the cycle). */
export function lostEventsBurst(tMs: number): boolean {
  return minuteOf(tMs, 10) < 0.5;
}

/**
 * Restart count of a crash-looping container started at `startMs` (runs ~5 s, then exits 1;
 * kubelet back-off 10 s doubling to the 300 s cap), and whether it is waiting (CrashLoopBackOff).
 */
export function crashLoop(startMs: number, tMs: number): { restarts: number; waiting: boolean; lastStartMs: number } {
  let t = startMs;
  let restarts = 0;
  let backoff = 10_000;
  const run = 5_000;
  // The first 8 cycles are short; after that each cycle is run + 300 s, computed directly.
  while (restarts < 8) {
    if (tMs < t + run) {
      return { restarts, waiting: false, lastStartMs: t };
    }
    if (tMs < t + run + backoff) {
      return { restarts, waiting: true, lastStartMs: t };
    }
    t += run + backoff;
    restarts++;
    backoff = Math.min(backoff * 2, 300_000);
  }
  const cycle = run + 300_000;
  const n = Math.floor((tMs - t) / cycle);
  const start = t + n * cycle;
  return { restarts: restarts + n, waiting: tMs >= start + run, lastStartMs: start };
}
