/**
 * A flow in `hubble observe -o json` shape (FlowJson) -> the object proto-loader encodes as
 * flow.Flow. Protojson and proto-loader objects differ only for well-known types; in flow.Flow
 * those are `time` (google.protobuf.Timestamp: RFC 3339 -> {seconds, nanos}) and `is_reply`
 * (google.protobuf.BoolValue: bool -> {value}). Enum names, nested messages and 64-bit strings
 * are taken as they are by proto-loader (protobufjs `fromObject`).
 */
import type { FlowJson } from '../flows/types';

/** Nanoseconds since the epoch of an RFC 3339 time. Throws RangeError for text that is not one. */
export function timeToNs(text: string): bigint {
  const m = /^(.{19})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  const ms = m ? Date.parse(m[1] + m[3]) : NaN;
  if (!m || Number.isNaN(ms)) {
    throw new RangeError(`not an RFC 3339 time: ${text}`);
  }
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as protojson prints it. */
export function nsToTime(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const nanos = Number(ns % 1_000_000_000n);
  const base = new Date(Number(sec) * 1000).toISOString().slice(0, 19);
  if (nanos === 0) {
    return base + 'Z';
  }
  let frac = String(nanos).padStart(9, '0');
  if (frac.endsWith('000000')) {
    frac = frac.slice(0, 3);
  } else if (frac.endsWith('000')) {
    frac = frac.slice(0, 6);
  }
  return `${base}.${frac}Z`;
}

/** {seconds, nanos} of a google.protobuf.Timestamp from nanoseconds since the epoch. */
export function nsToTimestamp(ns: bigint): { seconds: number; nanos: number } {
  return { seconds: Number(ns / 1_000_000_000n), nanos: Number(ns % 1_000_000_000n) };
}

/** The proto-loader object of a FlowJson (see module doc). Throws RangeError on a bad `time`. */
export function flowToProto(flow: FlowJson): Record<string, unknown> {
  const out: Record<string, unknown> = { ...flow, time: nsToTimestamp(timeToNs(flow.time)) };
  if (typeof flow.is_reply === 'boolean') {
    out.is_reply = { value: flow.is_reply };
  }
  return out;
}
