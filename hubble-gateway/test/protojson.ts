/**
 * Test and benchmark helpers, independent of src/wireJson.ts (which they check):
 * - `messageToJson`: a decoded protobufjs message -> protojson as `hubble observe -o json` prints it
 *   (proto field names, declaration order, enums by name, 64-bit integers as strings, RFC 3339
 *   timestamps, bare wrapper values, proto3 defaults omitted, Any as `{"@type": url, ...}`),
 *   written from the protobuf JSON mapping with protobufjs reflection;
 * - `encodeFromJson`: protojson -> protobuf bytes, including `google.protobuf.Any` and the
 *   gateway's `"@unknown_fields"` (written back as the raw fields they describe).
 */
import * as protobuf from 'protobufjs';
import { formatTime, parseTime } from '../src/time';

type Obj = Record<string, unknown>;

const WRAPPERS = new Set([
  '.google.protobuf.BoolValue',
  '.google.protobuf.UInt32Value',
  '.google.protobuf.Int32Value',
  '.google.protobuf.UInt64Value',
  '.google.protobuf.Int64Value',
  '.google.protobuf.StringValue',
  '.google.protobuf.DoubleValue',
  '.google.protobuf.FloatValue',
  '.google.protobuf.BytesValue',
]);
const TIMESTAMP = '.google.protobuf.Timestamp';
const ANY = '.google.protobuf.Any';
const LONG_TYPES = new Set(['uint64', 'int64', 'sint64', 'fixed64', 'sfixed64']);
const UNKNOWN = '@unknown_fields';

function isZero(value: unknown): boolean {
  if (value === 0 || value === '' || value === false || value == null) {
    return true;
  }
  if (typeof value === 'object' && value !== null && 'low' in value && 'high' in value) {
    const l = value as { low: number; high: number };
    return l.low === 0 && l.high === 0;
  }
  if (value instanceof Uint8Array) {
    return value.length === 0;
  }
  return false;
}

function scalarToJson(field: protobuf.Field, value: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Enum) {
    const name = field.resolvedType.valuesById[value as number];
    return name ?? value;
  }
  if (LONG_TYPES.has(field.type)) {
    return String(value);
  }
  if (field.type === 'bytes') {
    return Buffer.from(value as Uint8Array).toString('base64');
  }
  return value;
}

function wellKnownToJson(rt: protobuf.Type, value: Obj): unknown {
  if (rt.fullName === TIMESTAMP) {
    const ts = value as { seconds: unknown; nanos: number };
    return formatTime({ sec: Number(ts.seconds ?? 0), nanos: ts.nanos ?? 0 });
  }
  const inner = rt.fieldsArray[0];
  const v = value.value;
  return scalarToJson(inner, v ?? (inner.type === 'bool' ? false : inner.type === 'string' ? '' : 0));
}

function anyToJson(root: protobuf.Root, value: Obj): Obj {
  const url = String(value.type_url ?? '');
  const bytes = (value.value as Uint8Array | undefined) ?? new Uint8Array();
  if (!url) {
    return {};
  }
  const inner = root.lookup(url.slice(url.lastIndexOf('/') + 1));
  if (!(inner instanceof protobuf.Type)) {
    return { '@type': url, '@value': Buffer.from(bytes).toString('base64') };
  }
  const decoded = inner.decode(bytes) as unknown as Obj;
  if (inner.fullName === TIMESTAMP || WRAPPERS.has(inner.fullName)) {
    return { '@type': url, value: wellKnownToJson(inner, decoded) };
  }
  return { '@type': url, ...messageToJson(inner, decoded) };
}

function valueToJson(field: protobuf.Field, value: unknown): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) {
    if (rt.fullName === TIMESTAMP || WRAPPERS.has(rt.fullName)) {
      return wellKnownToJson(rt, value as Obj);
    }
    if (rt.fullName === ANY) {
      return anyToJson(rt.root as protobuf.Root, value as Obj);
    }
    return messageToJson(rt, value as Obj);
  }
  return scalarToJson(field, value);
}

/** Converts a decoded message (from `Type.decode`) to protojson (see module doc). */
export function messageToJson(type: protobuf.Type, message: Obj): Obj {
  const out: Obj = {};
  for (const field of type.fieldsArray) {
    const value = message[field.name];
    if (field.repeated) {
      if (!Array.isArray(value) || value.length === 0) {
        continue;
      }
      out[field.name] = value.map((v) => valueToJson(field, v));
    } else if (field.resolvedType instanceof protobuf.Type) {
      if (value == null) {
        continue;
      }
      out[field.name] = valueToJson(field, value);
    } else {
      if (isZero(value) && !field.partOf) {
        continue;
      }
      out[field.name] = scalarToJson(field, value);
    }
  }
  return out;
}

/** A protojson scalar or enum value as protobufjs `fromObject` takes it. */
function scalarFromJson(field: protobuf.Field, value: unknown): unknown {
  if (field.type === 'bytes' && typeof value === 'string') {
    return Buffer.from(value, 'base64');
  }
  return value;
}

function varint(n: bigint): Buffer {
  const out: number[] = [];
  let v = BigInt.asUintN(64, n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) {
      b |= 0x80;
    }
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
}

function lengthDelimited(number: number, payload: Uint8Array): Buffer {
  return Buffer.concat([varint(BigInt(number * 8 + 2)), varint(BigInt(payload.length)), payload]);
}

/** The raw field an "@unknown_fields" entry describes (`{number, wire_type, value}`). */
function rawField(entry: { number: number; wire_type: number; value: string | number }): Buffer {
  const tag = varint(BigInt(entry.number) * 8n + BigInt(entry.wire_type));
  switch (entry.wire_type) {
    case 0:
      return Buffer.concat([tag, varint(BigInt(entry.value))]);
    case 1: {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(entry.value));
      return Buffer.concat([tag, b]);
    }
    case 5: {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(Number(entry.value));
      return Buffer.concat([tag, b]);
    }
    case 2: {
      const payload = Buffer.from(String(entry.value), 'base64');
      return Buffer.concat([tag, varint(BigInt(payload.length)), payload]);
    }
    default:
      throw new Error(`unknown field ${entry.number}: wire type ${entry.wire_type}`);
  }
}

function anyFromJson(root: protobuf.Root, json: Obj, path: string): Buffer {
  const url = json['@type'];
  if (typeof url !== 'string') {
    throw new Error(`${path}: an Any needs "@type"`);
  }
  let value: Uint8Array;
  const inner = root.lookup(url.slice(url.lastIndexOf('/') + 1));
  if (typeof json['@value'] === 'string') {
    value = Buffer.from(json['@value'], 'base64');
  } else if (!(inner instanceof protobuf.Type)) {
    throw new Error(`${path}: type ${url} is not in the protos`);
  } else if (inner.fullName === TIMESTAMP || WRAPPERS.has(inner.fullName)) {
    value = encodeFromJson(inner, { v: json.value }, path, 'v');
  } else {
    const rest = { ...json };
    delete rest['@type'];
    value = encodeFromJson(inner, rest, path);
  }
  return Buffer.concat([
    lengthDelimited(1, Buffer.from(url)),
    value.length ? lengthDelimited(2, value) : Buffer.alloc(0),
  ]);
}

/**
 * protojson -> encoded protobuf bytes of `type` (see module doc). Nested messages are encoded one
 * by one so their "@unknown_fields" and Any survive. Throws Error naming the path of a key the
 * type does not have or a value that does not fit.
 * `wellKnownKey`: for a Timestamp or wrapper given as a bare JSON value under that key.
 */
export function encodeFromJson(type: protobuf.Type, json: Obj, path = type.name, wellKnownKey?: string): Uint8Array {
  if (wellKnownKey !== undefined) {
    const v = json[wellKnownKey];
    if (type.fullName === TIMESTAMP) {
      const t = typeof v === 'string' ? parseTime(v) : undefined;
      if (!t) {
        throw new Error(`${path}: not an RFC 3339 timestamp: ${JSON.stringify(v)}`);
      }
      return type.encode(type.fromObject({ seconds: t.sec, nanos: t.nanos })).finish();
    }
    return type.encode(type.fromObject({ value: scalarFromJson(type.fieldsArray[0], v) })).finish();
  }
  const plain: Obj = {};
  const extra: Buffer[] = [];
  for (const [key, value] of Object.entries(json)) {
    const p = `${path}.${key}`;
    if (key === UNKNOWN) {
      for (const entry of value as Array<{ number: number; wire_type: number; value: string | number }>) {
        extra.push(rawField(entry));
      }
      continue;
    }
    const field = type.fields[key];
    if (!field) {
      throw new Error(`${p}: ${type.fullName.slice(1)} has no field "${key}"`);
    }
    if (value == null) {
      continue;
    }
    const rt = field.resolvedType;
    const items = field.repeated ? (value as unknown[]) : [value];
    if (rt instanceof protobuf.Type) {
      for (const [i, item] of items.entries()) {
        const ip = field.repeated ? `${p}[${i}]` : p;
        let bytes: Uint8Array;
        if (rt.fullName === ANY) {
          bytes = anyFromJson(type.root as protobuf.Root, item as Obj, ip);
        } else if (rt.fullName === TIMESTAMP || WRAPPERS.has(rt.fullName)) {
          bytes = encodeFromJson(rt, { v: item }, ip, 'v');
        } else {
          if (typeof item !== 'object' || item === null || Array.isArray(item)) {
            throw new Error(`${ip}: expected an object for ${rt.name}`);
          }
          bytes = encodeFromJson(rt, item as Obj, ip);
        }
        extra.push(lengthDelimited(field.id, bytes));
      }
    } else {
      plain[key] = field.repeated ? items.map((v) => scalarFromJson(field, v)) : scalarFromJson(field, value);
    }
  }
  return Buffer.concat([type.encode(type.fromObject(plain)).finish(), ...extra]);
}
