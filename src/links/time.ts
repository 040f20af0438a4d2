/**
 * Milliseconds since the epoch of an RFC 3339 timestamp with up to nanosecond precision, as Hubble
 * prints flow times (`2024-05-01T12:00:00.123456789Z`). The fraction is cut to milliseconds.
 *
 * @returns NaN when the text is not a timestamp
 */
export function rfc3339ToMs(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!m) {
    return NaN;
  }
  const fraction = (m[2] ?? '').slice(0, 3).padEnd(3, '0');
  return Date.parse(`${m[1]}.${fraction}${m[3]}`);
}

/** Five minutes in milliseconds: the window links open around an event (±5 min). */
export const LINK_WINDOW_MS = 5 * 60 * 1000;

/** `{ from, to }` in epoch milliseconds, `windowMs` either side of `atMs`. */
export function around(atMs: number, windowMs = LINK_WINDOW_MS): { from: number; to: number } {
  return { from: atMs - windowMs, to: atMs + windowMs };
}
