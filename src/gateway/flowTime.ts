/**
 * Flow timestamps: RFC 3339 strings with up to nanosecond precision (`2021-10-04T14:28:38.735173594Z`),
 * as protojson prints them. They do not sort as strings (`...38Z` vs `...38.5Z`), so they are
 * compared as milliseconds plus the nanoseconds below the millisecond.
 */

/** A flow time split into epoch milliseconds and the nanoseconds below them (0..999999). */
export interface FlowInstant {
  ms: number;
  subMsNanos: number;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Parses an RFC 3339 flow time; undefined for anything else. */
export function parseFlowTime(text: string | undefined): FlowInstant | undefined {
  const m = text ? RFC3339.exec(text) : null;
  if (!m) {
    return undefined;
  }
  const frac = (m[2] ?? '').padEnd(9, '0');
  const base = Date.parse(`${m[1]}${m[3].toUpperCase()}`);
  if (Number.isNaN(base)) {
    return undefined;
  }
  return { ms: base + Number(frac.slice(0, 3)), subMsNanos: Number(frac.slice(3)) };
}

/** Negative when a is before b, 0 when equal, positive when after; unparsable times sort first. */
export function compareFlowTimes(a: string | undefined, b: string | undefined): number {
  const x = parseFlowTime(a);
  const y = parseFlowTime(b);
  if (!x || !y) {
    return (x ? 1 : 0) - (y ? 1 : 0);
  }
  return x.ms !== y.ms ? x.ms - y.ms : x.subMsNanos - y.subMsNanos;
}

/** Epoch milliseconds of a flow time (NaN when unparsable). */
export function flowTimeMs(text: string | undefined): number {
  return parseFlowTime(text)?.ms ?? NaN;
}
