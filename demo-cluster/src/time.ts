/**
 * Time values of flows. Hubble prints `time` as RFC 3339 with up to nanosecond precision
 * (protojson Timestamp: 0, 3, 6 or 9 fractional digits). The simulation keeps flow times as
 * integer microseconds since the Unix epoch (exact in a double) plus 0-999 extra nanoseconds.
 */

/** A point in time: integer microseconds since the Unix epoch plus extra nanoseconds (0-999). */
export type FlowTime = { us: number; ns: number };

/** Formats as RFC 3339 UTC with 9 fractional digits, e.g. `2026-11-22T02:24:35.123456789Z`. */
export function formatFlowTime(t: FlowTime): string {
  const ms = Math.floor(t.us / 1000);
  const iso = new Date(ms).toISOString(); // 2026-11-22T02:24:35.123Z
  const subUs = t.us - ms * 1000;
  return `${iso.slice(0, 23)}${String(subUs).padStart(3, '0')}${String(t.ns).padStart(3, '0')}Z`;
}

/**
 * Parses an RFC 3339 time as Hubble prints it (any number of fractional digits, `Z` or offset).
 * Returns undefined when the string is not a valid time.
 */
export function parseFlowTime(s: string): FlowTime | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) {
    return undefined;
  }
  const base = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(base)) {
    return undefined;
  }
  const frac = (m[2] ?? '').padEnd(9, '0');
  const us = base * 1000 + Number(frac.slice(0, 6));
  return { us, ns: Number(frac.slice(6, 9)) };
}

/** Microseconds between two flow times (b - a), ignoring the sub-microsecond part. */
export function diffUs(a: FlowTime, b: FlowTime): number {
  return b.us - a.us;
}
