/**
 * The .proto types of ../proto compiled into lookup tables for reading the wire format directly:
 * per message, its fields by number (kind, expected wire type, enum names, nested message) and in
 * declaration order (the order protojson prints them). Built once per protobufjs type by reflection,
 * so a field added to the .proto files is handled without code changes.
 */
import * as protobuf from 'protobufjs';
import { FIXED32, FIXED64, LEN, VARINT } from './wireReader';

/** How a field's value is read and printed. */
export type FieldKind =
  | 'double'
  | 'float'
  | 'int32'
  | 'uint32'
  | 'sint32'
  | 'fixed32'
  | 'sfixed32'
  | 'int64'
  | 'uint64'
  | 'sint64'
  | 'fixed64'
  | 'sfixed64'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'enum'
  | 'message';

/** Well-known types with a JSON form of their own (protobuf JSON mapping). */
export type SpecialType = '' | 'timestamp' | 'wrapper' | 'any' | 'field_mask';

/** One field of a message. */
export type WireField = {
  name: string;
  number: number;
  /** Position in declaration order. */
  index: number;
  kind: FieldKind;
  /** Wire type of one element (a repeated scalar may also come packed, as LEN). */
  wire: number;
  repeated: boolean;
  /** Repeated numeric field, which may arrive packed. */
  packable: boolean;
  /** Member of a oneof (then present even with a default value, and the last member set wins): 1-based id of the oneof in its message, 0 when not in one. */
  oneof: number;
  /** `"name":` as printed in JSON. */
  key: string;
  /** Enum: printed names by value (JSON string with quotes). */
  enumNames?: Map<number, string>;
  /** The same for values 0..1023, by index (faster than the map for the common case). */
  enumArray?: Array<string | undefined>;
  /** Full name of the enum, for reports. */
  enumName?: string;
  /** Message fields: the nested message (resolved lazily, types may be recursive). */
  message?: WireMessage;
};

/** One message type. */
export type WireMessage = {
  /** Full name without the leading dot: `flow.Flow`. */
  name: string;
  special: SpecialType;
  /** Fields in declaration order. */
  fields: WireField[];
  /** Field by number; numbers below 128 in `small` for speed. */
  small: Array<WireField | undefined>;
  large: Map<number, WireField>;
  hasOneofs: boolean;
};

const WIRE_OF: Record<string, number> = {
  double: FIXED64,
  float: FIXED32,
  int32: VARINT,
  uint32: VARINT,
  sint32: VARINT,
  fixed32: FIXED32,
  sfixed32: FIXED32,
  int64: VARINT,
  uint64: VARINT,
  sint64: VARINT,
  fixed64: FIXED64,
  sfixed64: FIXED64,
  bool: VARINT,
  string: LEN,
  bytes: LEN,
};

const WRAPPERS = new Set([
  'google.protobuf.BoolValue',
  'google.protobuf.UInt32Value',
  'google.protobuf.Int32Value',
  'google.protobuf.UInt64Value',
  'google.protobuf.Int64Value',
  'google.protobuf.StringValue',
  'google.protobuf.DoubleValue',
  'google.protobuf.FloatValue',
  'google.protobuf.BytesValue',
]);

function specialOf(name: string): SpecialType {
  if (name === 'google.protobuf.Timestamp') {
    return 'timestamp';
  }
  if (name === 'google.protobuf.Any') {
    return 'any';
  }
  if (name === 'google.protobuf.FieldMask') {
    return 'field_mask';
  }
  return WRAPPERS.has(name) ? 'wrapper' : '';
}

const compiled = new WeakMap<protobuf.Type, WireMessage>();

/** The wire table of a resolved protobufjs type (cached; nested types compiled on the way). */
export function wireMessage(type: protobuf.Type): WireMessage {
  const cached = compiled.get(type);
  if (cached) {
    return cached;
  }
  const name = type.fullName.slice(1);
  const msg: WireMessage = {
    name,
    special: specialOf(name),
    fields: [],
    small: [],
    large: new Map(),
    hasOneofs: false,
  };
  compiled.set(type, msg);
  type.fieldsArray.forEach((f, index) => {
    f.resolve();
    const rt = f.resolvedType;
    const kind: FieldKind =
      rt instanceof protobuf.Enum ? 'enum' : rt instanceof protobuf.Type ? 'message' : (f.type as FieldKind);
    if (!(kind in WIRE_OF) && kind !== 'enum' && kind !== 'message') {
      throw new Error(`${name}.${f.name}: unsupported field type ${f.type}`);
    }
    const field: WireField = {
      name: f.name,
      number: f.id,
      index,
      kind,
      wire: kind === 'enum' ? VARINT : kind === 'message' ? LEN : WIRE_OF[kind],
      repeated: f.repeated,
      packable: f.repeated && kind !== 'message' && kind !== 'string' && kind !== 'bytes',
      oneof: f.partOf ? type.oneofsArray.indexOf(f.partOf) + 1 : 0,
      key: `${JSON.stringify(f.name)}:`,
    };
    if (rt instanceof protobuf.Enum) {
      field.enumName = rt.fullName.slice(1);
      field.enumNames = new Map(Object.entries(rt.valuesById).map(([v, n]) => [Number(v), JSON.stringify(n)]));
      field.enumArray = [];
      for (const [v, n] of field.enumNames) {
        if (v >= 0 && v < 1024) {
          field.enumArray[v] = n;
        }
      }
    }
    msg.fields.push(field);
    if (field.oneof) {
      msg.hasOneofs = true;
    }
    if (f.id < 128) {
      msg.small[f.id] = field;
    } else {
      msg.large.set(f.id, field);
    }
  });
  // Nested messages after the table exists, so recursive types terminate.
  type.fieldsArray.forEach((f, i) => {
    if (f.resolvedType instanceof protobuf.Type) {
      msg.fields[i].message = wireMessage(f.resolvedType);
    }
  });
  return msg;
}

/** The field numbered `n` of `msg`, or undefined when the message does not declare it. */
export function fieldOf(msg: WireMessage, n: number): WireField | undefined {
  return n < 128 ? msg.small[n] : msg.large.get(n);
}
