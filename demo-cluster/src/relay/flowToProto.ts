/**
 * A flow in `hubble observe -o json` shape (FlowJson) -> the bytes of an observer.GetFlowsResponse
 * carrying it, by reflection over the repository's protos (../../../proto), so every field the JSON
 * has is sent: nested messages, enums by name or number, 64-bit integers as strings, RFC 3339
 * timestamps, bare wrapper values (`is_reply`), `google.protobuf.Any` (`{"@type": url, ...}` for a
 * type of our protos, `{"@type": url, "@value": base64}` for any other) and the Hubble gateway's
 * `"@unknown_fields"` (written back as the raw fields they describe). A JSON key the protos do not
 * declare cannot be encoded (its field number is unknown): it is reported, never silently dropped.
 */
import * as protobuf from 'protobufjs';
import type { FlowJson } from '../flows/types';
import { protobufRoot } from './protos';

type Obj = Record<string, unknown>;

/** Receives the JSON path of each key that could not be encoded and why. */
export type Uncarried = (path: string, reason: string) => void;

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

const TIMESTAMP = '.google.protobuf.Timestamp';
const ANY = '.google.protobuf.Any';
const UNKNOWN = '@unknown_fields';

const isWrapper = (t: protobuf.Type) => t.fullName.startsWith('.google.protobuf.') && t.name.endsWith('Value');

function varint(n: bigint): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return Buffer.from(out);
}

function lengthDelimited(number: number, payload: Uint8Array): Buffer {
  return Buffer.concat([varint(BigInt(number) * 8n + 2n), varint(BigInt(payload.length)), payload]);
}

/** The raw field an "@unknown_fields" entry describes: `{number, wire_type, value}`. Throws on a bad entry. */
function rawField(e: { number?: unknown; wire_type?: unknown; value?: unknown }): Buffer {
  const number = Number(e.number);
  if (!Number.isInteger(number) || number < 1 || number > 536870911) {
    throw new Error(`field number ${String(e.number)}`);
  }
  const tag = varint(BigInt(number) * 8n + BigInt(Number(e.wire_type)));
  switch (e.wire_type) {
    case 0:
      return Buffer.concat([tag, varint(BigInt(String(e.value)))]);
    case 1: {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(String(e.value)));
      return Buffer.concat([tag, b]);
    }
    case 2: {
      const payload = Buffer.from(String(e.value), 'base64');
      return Buffer.concat([tag, varint(BigInt(payload.length)), payload]);
    }
    case 5: {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(Number(e.value));
      return Buffer.concat([tag, b]);
    }
    default:
      throw new Error(`wire type ${String(e.wire_type)}`);
  }
}

/** A Timestamp or wrapper given as its bare JSON value. Throws on a value that does not fit. */
function wellKnown(type: protobuf.Type, value: unknown): Uint8Array {
  if (type.fullName === TIMESTAMP) {
    return type.encode(type.fromObject(nsToTimestamp(timeToNs(String(value))))).finish();
  }
  const inner = type.fieldsArray[0];
  const v = inner.type === 'bytes' && typeof value === 'string' ? Buffer.from(value, 'base64') : value;
  return type.encode(type.fromObject({ value: v })).finish();
}

function encodeAny(root: protobuf.Root, json: Obj, path: string, uncarried: Uncarried): Uint8Array {
  const url = String(json['@type'] ?? '');
  let value: Uint8Array;
  if (typeof json['@value'] === 'string') {
    value = Buffer.from(json['@value'], 'base64');
  } else {
    const inner = root.lookup(url.slice(url.lastIndexOf('/') + 1));
    if (!(inner instanceof protobuf.Type)) {
      uncarried(path, `Any of type ${url}, which the protos do not declare, without "@value"`);
      return new Uint8Array();
    }
    if (inner.fullName === TIMESTAMP || isWrapper(inner)) {
      value = wellKnown(inner, json.value);
    } else {
      const rest = { ...json };
      delete rest['@type'];
      value = encodeMessage(inner, rest, path, uncarried);
    }
  }
  return Buffer.concat([
    lengthDelimited(1, Buffer.from(url)),
    value.length ? lengthDelimited(2, value) : Buffer.alloc(0),
  ]);
}

/**
 * The protojson object `json` encoded as message `type`. Keys `type` does not declare go to
 * `uncarried` (with their path); values that do not fit throw Error naming the path.
 */
export function encodeMessage(type: protobuf.Type, json: Obj, path: string, uncarried: Uncarried): Uint8Array {
  const plain: Obj = {};
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(json)) {
    const p = `${path}.${key}`;
    if (value == null) {
      continue;
    }
    if (key === UNKNOWN && Array.isArray(value)) {
      for (const entry of value) {
        try {
          parts.push(rawField(entry as Obj));
        } catch (err) {
          uncarried(p, `unusable entry (${(err as Error).message})`);
        }
      }
      continue;
    }
    const field = type.fields[key];
    if (!field) {
      uncarried(p, `${type.fullName.slice(1)} declares no field "${key}"`);
      continue;
    }
    const rt = field.resolvedType;
    if (!(rt instanceof protobuf.Type)) {
      plain[key] = field.type === 'bytes' && typeof value === 'string' ? Buffer.from(value, 'base64') : value;
      continue;
    }
    const items = field.repeated && Array.isArray(value) ? value : [value];
    items.forEach((item, i) => {
      const ip = field.repeated ? `${p}[${i}]` : p;
      const bytes =
        rt.fullName === ANY
          ? encodeAny(rt.root as protobuf.Root, item as Obj, ip, uncarried)
          : rt.fullName === TIMESTAMP || isWrapper(rt)
            ? wellKnown(rt, item)
            : encodeMessage(rt, item as Obj, ip, uncarried);
      parts.push(lengthDelimited(field.id, bytes));
    });
  }
  return Buffer.concat([type.encode(type.fromObject(plain)).finish(), ...parts]);
}

/**
 * The bytes of an observer.GetFlowsResponse carrying `flow` (with the response's node_name and
 * time). Keys that cannot be carried go to `uncarried`. Throws RangeError on a bad `time` and
 * Error on a value that does not fit its field.
 */
export function flowResponseBytes(flow: FlowJson, uncarried: Uncarried): Buffer {
  const root = protobufRoot();
  const Flow = root.lookupType('flow.Flow');
  const Timestamp = root.lookupType('google.protobuf.Timestamp');
  const ns = timeToNs(flow.time);
  return Buffer.concat([
    lengthDelimited(1, encodeMessage(Flow, flow as unknown as Obj, 'flow', uncarried)),
    lengthDelimited(1000, Buffer.from(flow.node_name)),
    lengthDelimited(1001, Timestamp.encode(Timestamp.fromObject(nsToTimestamp(ns))).finish()),
  ]);
}
