/**
 * Protobuf message <-> JSON in the shape `hubble observe -o json` prints (Go protojson with proto
 * field names): fields in declaration order, enums by name (unknown values as numbers), 64-bit
 * integers as strings, Timestamp as RFC 3339 with 0/3/6/9 fractional digits, wrapper types
 * (BoolValue, UInt32Value, ...) as their bare value, and proto3 defaults (0, "", false, empty
 * lists, unset messages) omitted. Source of these rules: the protobuf JSON mapping of proto3.
 *
 * Works on any type of ../proto by reflection, so a field added to the .proto files is converted
 * without code changes.
 */
import * as protobuf from 'protobufjs';
import { formatTime, parseTime } from './time';

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
const LONG_TYPES = new Set(['uint64', 'int64', 'sint64', 'fixed64', 'sfixed64']);

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

function valueToJson(field: protobuf.Field, value: unknown): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) {
    const full = rt.fullName;
    if (full === TIMESTAMP) {
      const ts = value as { seconds: unknown; nanos: number };
      return formatTime({ sec: Number(ts.seconds ?? 0), nanos: ts.nanos ?? 0 });
    }
    if (WRAPPERS.has(full)) {
      const inner = rt.fieldsArray[0];
      const v = (value as Obj).value;
      return scalarToJson(inner, v ?? (inner.type === 'bool' ? false : inner.type === 'string' ? '' : 0));
    }
    return messageToJson(rt, value as Obj);
  }
  return scalarToJson(field, value);
}

/**
 * Converts a decoded message (from `Type.decode`) to protojson. `google.protobuf.Any` fields are
 * left out (the gateway declares none). Never throws for a message of `type`.
 */
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
      if (isZero(value)) {
        continue;
      }
      out[field.name] = scalarToJson(field, value);
    }
  }
  return out;
}

function valueFromJson(field: protobuf.Field, value: unknown, path: string): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) {
    if (rt.fullName === TIMESTAMP) {
      const t = typeof value === 'string' ? parseTime(value) : undefined;
      if (!t) {
        throw new Error(`${path}: not an RFC 3339 timestamp: ${JSON.stringify(value)}`);
      }
      return { seconds: t.sec, nanos: t.nanos };
    }
    if (WRAPPERS.has(rt.fullName)) {
      return { value };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new Error(`${path}: expected an object for ${rt.name}`);
    }
    return messageObjectFromJson(rt, value as Obj, path);
  }
  return value;
}

/**
 * Converts protojson (as `hubble observe -o json` prints) into a plain object that protobufjs'
 * `Type.fromObject` accepts: timestamps become {seconds, nanos}, wrapper values {value}; enum names
 * and 64-bit strings are left for `fromObject`. Unknown JSON keys are ignored (as Hubble's unknown
 * fields are). Throws Error naming the path of a value that cannot be converted.
 */
export function messageObjectFromJson(type: protobuf.Type, json: Obj, path = type.name): Obj {
  const out: Obj = {};
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    if (!field || value == null) {
      continue;
    }
    const p = `${path}.${key}`;
    out[key] =
      field.repeated && Array.isArray(value)
        ? value.map((v, i) => valueFromJson(field, v, `${p}[${i}]`))
        : valueFromJson(field, value, p);
  }
  return out;
}

/** protojson -> encoded protobuf bytes of `type`. Throws on a value that does not fit the type. */
export function encodeFromJson(type: protobuf.Type, json: Obj): Uint8Array {
  return type.encode(type.fromObject(messageObjectFromJson(type, json))).finish();
}
