/**
 * Timestamps as Hubble carries them: `google.protobuf.Timestamp` {seconds, nanos} on the wire and
 * RFC 3339 strings with up to nanosecond precision in JSON (`"2021-11-10T10:41:26.095336300Z"`).
 *
 * Facts: protojson (which `hubble observe -o json` uses) prints timestamps in UTC with "Z" and 0, 3,
 * 6 or 9 fractional digits, whichever is the shortest that loses nothing.
 */

/** A point in time with nanosecond precision: whole seconds since the Unix epoch plus 0..999,999,999 ns. */
export type Time = { sec: number; nanos: number };

/** Compares two times: negative if a < b, 0 if equal, positive if a > b. */
export function compareTime(a: Time, b: Time): number {
  return a.sec !== b.sec ? a.sec - b.sec : a.nanos - b.nanos;
}

/** Milliseconds since the epoch (fractional), for arithmetic that does not need ns precision. */
export function timeToMs(t: Time): number {
  return t.sec * 1000 + t.nanos / 1e6;
}

/** The time `ms` milliseconds after the epoch (fractions of a millisecond kept to the nanosecond). */
export function timeFromMs(ms: number): Time {
  const sec = Math.floor(ms / 1000);
  return { sec, nanos: Math.round((ms - sec * 1000) * 1e6) };
}

let lastSec = NaN;
let lastBase = '';

/**
 * Formats a time as protojson does: `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z`.
 * Throws RangeError for times outside what `Date` can represent.
 */
export function formatTime(t: Time): string {
  // Consecutive flows mostly share their second: keep the last one's text.
  if (t.sec !== lastSec) {
    lastBase = new Date(t.sec * 1000).toISOString().slice(0, 19);
    lastSec = t.sec;
  }
  const base = lastBase;
  if (t.nanos === 0) {
    return base + 'Z';
  }
  const n = t.nanos;
  // 3, 6 or 9 digits, zero-padded: the digits of 1000 + ms (or 10^6 + µs, 10^9 + ns) after the 1.
  const frac =
    n % 1_000_000 === 0
      ? String(1000 + n / 1_000_000).slice(1)
      : n % 1000 === 0
        ? String(1_000_000 + n / 1000).slice(1)
        : String(1_000_000_000 + n).slice(1);
  return base + '.' + frac + 'Z';
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses an RFC 3339 timestamp (`2024-05-01T10:00:00Z`, `2024-05-01T12:00:00.123456789+02:00`).
 * Returns undefined when the text is not RFC 3339 or names no real date.
 */
export function parseTime(text: string): Time | undefined {
  const m = RFC3339.exec(text);
  if (!m) {
    return undefined;
  }
  const [y, mo, d] = m[1].split('-').map(Number);
  const [h, mi, se] = m[2].split(':').map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || se > 59) {
    return undefined;
  }
  const zone = m[4] === 'z' ? 'Z' : m[4];
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  if (Number.isNaN(ms)) {
    return undefined;
  }
  const nanos = m[3] ? Number(m[3].padEnd(9, '0')) : 0;
  return { sec: ms / 1000, nanos };
}

const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g;
const DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+$/;
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Parses a duration such as `15m`, `1h30m`, `90s`, `500ms`, `2d` (Go's units plus `d` = 24 h) into
 * milliseconds. Returns undefined when the text is not a duration.
 */
export function parseDurationMs(text: string): number | undefined {
  if (!DURATION.test(text)) {
    return undefined;
  }
  let total = 0;
  for (const m of text.matchAll(DURATION_PART)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
  }
  return total;
}
