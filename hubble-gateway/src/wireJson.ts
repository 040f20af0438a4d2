/**
 * Prints protobuf bytes as JSON text in the shape `hubble observe -o json` prints (Go protojson
 * with proto field names), straight from the wire format: fields in declaration order, enums by
 * name (unknown values as numbers), 64-bit integers as strings, Timestamp as RFC 3339 with 0/3/6/9
 * fractional digits, wrappers (BoolValue, UInt32Value, ...) as their bare value, proto3 defaults
 * omitted (except oneof members), repeated fields merged from packed and unpacked runs, a singular
 * message given twice merged, the last value of a singular scalar winning. Source of the rules: the
 * protobuf JSON mapping of proto3 and protobuf's wire-format merge rules.
 *
 * Nothing is dropped:
 * - Fields the protos do not declare (a newer Cilium), or declared fields arriving with another wire
 *   type, are printed in their message under `"@unknown_fields"`: a list of
 *   `{"number": N, "wire_type": W, "value": V}` with W 0 (varint, V the unsigned decimal text),
 *   1 (fixed64, V unsigned decimal text), 2 (length-delimited, V base64) or 5 (fixed32, V a number).
 * - `google.protobuf.Any` prints as protojson does when its type is in our protos
 *   (`{"@type": url, ...fields}`, or `"value"` for well-known types); otherwise as
 *   `{"@type": url, "@value": base64 of the bytes}` (protojson cannot print those at all).
 * - A Timestamp outside RFC 3339's range prints as the plain message `{"seconds": "…", "nanos": n}`.
 *
 * Throws WireError for bytes that are not a well-formed message.
 */
import { formatTime } from './time';
import { FIXED32, FIXED64, int64Text, LEN, sint64Text, uint64Text, VARINT, WireError, WireReader } from './wireReader';
import { fieldOf, type WireField, type WireMessage } from './wireSchema';

/** A field printed ahead of time (`"name":value`), merged into a message by declaration index. */
export type Fragment = { index: number; text: string };

/**
 * Fields printed ahead of time, from up to three lists each sorted by declaration index (the
 * flow's interned parts), taken in index order while a message is printed. Reusable: `set` then print.
 */
export class ExtraFields {
  private readonly lists: Fragment[][] = [[], [], []];
  private readonly at = [0, 0, 0];

  /** The lists to merge (undefined = none). */
  set(a: Fragment[] | undefined, b: Fragment[] | undefined, c: Fragment[] | undefined): this {
    this.lists[0] = a ?? NONE;
    this.lists[1] = b ?? NONE;
    this.lists[2] = c ?? NONE;
    return this;
  }

  rewind(): void {
    this.at[0] = this.at[1] = this.at[2] = 0;
  }

  private head(k: number): number {
    const list = this.lists[k];
    return this.at[k] < list.length ? list[this.at[k]].index : Infinity;
  }

  /** Declaration index of the next fragment, Infinity when none is left. */
  nextIndex(): number {
    return Math.min(this.head(0), this.head(1), this.head(2));
  }

  /** The next fragment's text (call after nextIndex() < Infinity). */
  take(): string {
    const i = this.nextIndex();
    for (let k = 0; k < 3; k++) {
      if (this.head(k) === i) {
        return this.lists[k][this.at[k]++].text;
      }
    }
    throw new Error('no fragment left');
  }
}

const NONE: Fragment[] = [];

/** Finds the message type named by an Any's type URL (the part after the last `/`). */
export type TypeResolver = (fullName: string) => WireMessage | undefined;

/** The key under which fields the protos do not declare are printed. */
export const UNKNOWN_FIELDS_KEY = '@unknown_fields';

const MAX_DEPTH = 64;

/** Printing context: one reader over the bytes, the Any resolver, recursion depth. */
class Printer {
  readonly r: WireReader;
  depth = 0;
  constructor(
    buf: Buffer,
    readonly resolve: TypeResolver
  ) {
    this.r = new WireReader(buf);
  }
}

// Buffer's own slice functions (what buf.toString(encoding, start, end) ends up calling), without
// the encoding lookup on every string of every flow.
type Slice = (this: Buffer, start: number, end: number) => string;
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice: Slice }).utf8Slice;
const base64Slice = (Buffer.prototype as unknown as { base64Slice: Slice }).base64Slice;
const utf8 = (buf: Buffer, start: number, end: number) => utf8Slice.call(buf, start, end);
const base64 = (buf: Buffer, start: number, end: number) => base64Slice.call(buf, start, end);

function floatText(v: number): string {
  if (Number.isNaN(v)) {
    return '"NaN"';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? '"Infinity"' : '"-Infinity"';
  }
  return JSON.stringify(v);
}

/** Reads one value of `field` at the reader (wire type already checked) and returns its JSON text. */
function scalarText(field: WireField, r: WireReader, end: number): string {
  switch (field.kind) {
    case 'string':
      return JSON.stringify(utf8(r.buf, r.pos, (r.pos = end)));
    case 'bytes':
      return `"${base64(r.buf, r.pos, (r.pos = end))}"`;
    case 'bool':
      r.varint64();
      return r.lo !== 0 || r.hi !== 0 ? 'true' : 'false';
    case 'uint32':
      return String(r.uint32());
    case 'int32':
      return String(r.int32());
    case 'sint32': {
      r.varint64();
      const v = r.lo;
      return String((v >>> 1) ^ -(v & 1));
    }
    case 'enum': {
      const v = r.int32();
      return (v >= 0 && v < 1024 ? field.enumArray![v] : field.enumNames!.get(v)) ?? String(v);
    }
    case 'uint64':
      r.varint64();
      return `"${uint64Text(r.lo, r.hi)}"`;
    case 'int64':
      r.varint64();
      return `"${int64Text(r.lo, r.hi)}"`;
    case 'sint64':
      r.varint64();
      return `"${sint64Text(r.lo, r.hi)}"`;
    case 'fixed64':
      r.fixed64();
      return `"${uint64Text(r.lo, r.hi)}"`;
    case 'sfixed64':
      r.fixed64();
      return `"${int64Text(r.lo, r.hi)}"`;
    case 'fixed32':
      return String(r.fixed32());
    case 'sfixed32':
      return String(r.fixed32() | 0);
    case 'double': {
      const v = r.buf.readDoubleLE(r.pos);
      r.pos += 8;
      return floatText(v);
    }
    case 'float': {
      const v = r.buf.readFloatLE(r.pos);
      r.pos += 4;
      return floatText(v);
    }
    default:
      throw new WireError(`not a scalar: ${field.kind}`);
  }
}

/** True when a scalar's JSON text is its proto3 default (omitted from the output). */
function isDefault(field: WireField, text: string): boolean {
  switch (field.kind) {
    case 'string':
    case 'bytes':
      return text === '""';
    case 'bool':
      return text === 'false';
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return text === '"0"';
    default:
      return text === '0';
  }
}

function unknownText(p: Printer, number: number, wire: number, start: number): string {
  const r = p.r;
  r.pos = start;
  let value: string;
  if (wire === VARINT) {
    r.varint64();
    value = `"${uint64Text(r.lo, r.hi)}"`;
  } else if (wire === FIXED64) {
    r.fixed64();
    value = `"${uint64Text(r.lo, r.hi)}"`;
  } else if (wire === FIXED32) {
    value = String(r.fixed32());
  } else {
    const e = r.lengthEnd();
    value = `"${r.buf.toString('base64', r.pos, e)}"`;
  }
  return `{"number":${number},"wire_type":${wire},"value":${value}}`;
}

// Occurrence records: [field index, value start, value end, wire type] per field seen, in a
// growable scratch stack shared by nested calls (each call uses the slice above its base).
let occ = new Int32Array(4096);
let occTop = 0;

function pushOcc(a: number, b: number, c: number, d: number): void {
  if (occTop + 4 > occ.length) {
    const bigger = new Int32Array(occ.length * 2);
    bigger.set(occ);
    occ = bigger;
  }
  occ[occTop] = a;
  occ[occTop + 1] = b;
  occ[occTop + 2] = c;
  occ[occTop + 3] = d;
  occTop += 4;
}

/** Stable insertion sort of the occurrence records in [base, occTop) by field index. */
function sortOcc(base: number): void {
  for (let i = base + 4; i < occTop; i += 4) {
    const key = occ[i];
    if (occ[i - 4] <= key) {
      continue;
    }
    const b = occ[i + 1];
    const c = occ[i + 2];
    const d = occ[i + 3];
    let j = i - 4;
    while (j >= base && occ[j] > key) {
      occ[j + 4] = occ[j];
      occ[j + 5] = occ[j + 1];
      occ[j + 6] = occ[j + 2];
      occ[j + 7] = occ[j + 3];
      j -= 4;
    }
    occ[j + 4] = key;
    occ[j + 5] = b;
    occ[j + 6] = c;
    occ[j + 7] = d;
  }
}

/** True when a later occurrence (wire order) of another member of `field`'s oneof replaces it. */
function superseded(msg: WireMessage, field: WireField, lastSeq: number, base: number, top: number): boolean {
  for (let k = base; k < top; k += 4) {
    const other = msg.fields[occ[k]];
    if (other !== field && other.oneof === field.oneof && occ[k + 3] >>> 3 > lastSeq) {
      return true;
    }
  }
  return false;
}

/**
 * The JSON members (`"a":1,"b":"x"`, no braces) of the message `msg` in p.r.buf[start, end), merged
 * with the pre-printed `extra` fields (by declaration index), unknown fields last.
 */
function members(p: Printer, msg: WireMessage, start: number, end: number, extra?: ExtraFields): string {
  if (++p.depth > MAX_DEPTH) {
    throw new WireError('messages nested too deeply');
  }
  const r = p.r;
  const base = occTop;
  let unknown = '';
  let oneofs = false;
  let seq = 0;
  try {
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag();
      const number = Math.floor(tag / 8);
      const wire = tag & 7;
      const prefix = r.pos;
      let valueStart = prefix;
      if (wire === LEN) {
        const e = r.lengthEnd();
        valueStart = r.pos;
        r.pos = e;
      } else {
        r.skip(wire);
      }
      const field = fieldOf(msg, number);
      if (field !== undefined && (wire === field.wire || (field.packable && wire === LEN))) {
        // Wire type in the low 3 bits, wire order above (for oneofs and merges).
        pushOcc(field.index, valueStart, r.pos, wire | (seq++ << 3));
        if (field.oneof !== 0) {
          oneofs = true;
        }
      } else {
        if (number > 536870911) {
          throw new WireError('field number out of range');
        }
        const save = r.pos;
        unknown += (unknown ? ',' : '') + unknownText(p, number, wire, prefix);
        r.pos = save;
      }
    }
    if (r.pos !== end) {
      throw new WireError('field overran its message');
    }
    sortOcc(base);
    const top = occTop;
    let out = '';
    extra?.rewind();
    for (let i = base; i < top;) {
      const index = occ[i];
      let j = i + 4;
      while (j < top && occ[j] === index) {
        j += 4;
      }
      if (extra !== undefined) {
        while (extra.nextIndex() < index) {
          const text = extra.take();
          out = out ? out + ',' + text : text;
        }
      }
      const field = msg.fields[index];
      if (!oneofs || field.oneof === 0 || !superseded(msg, field, occ[j - 1] >>> 3, base, top)) {
        const text = fieldText(p, field, i, j);
        if (text) {
          out = out ? out + ',' + text : text;
        }
      }
      i = j;
    }
    if (extra !== undefined) {
      while (extra.nextIndex() < Infinity) {
        const text = extra.take();
        out = out ? out + ',' + text : text;
      }
    }
    if (unknown) {
      const text = `"${UNKNOWN_FIELDS_KEY}":[${unknown}]`;
      out = out ? out + ',' + text : text;
    }
    return out;
  } finally {
    occTop = base;
    p.depth--;
  }
}

/** `"name":value` of the field whose occurrences are occ[from, to) (wire order), or "" when omitted. */
function fieldText(p: Printer, field: WireField, from: number, to: number): string {
  const r = p.r;
  if (field.kind === 'message') {
    const sub = field.message!;
    if (field.repeated) {
      let items = '';
      for (let k = from; k < to; k += 4) {
        items += (items ? ',' : '') + messageText(p, sub, occ[k + 1], occ[k + 2]);
      }
      return `${field.key}[${items}]`;
    }
    if (to - from === 4) {
      return field.key + messageText(p, sub, occ[from + 1], occ[from + 2]);
    }
    // The same message field more than once: protobuf merges them, as parsing their concatenation does.
    const parts: Buffer[] = [];
    for (let k = from; k < to; k += 4) {
      parts.push(r.buf.subarray(occ[k + 1], occ[k + 2]));
    }
    const merged = new Printer(Buffer.concat(parts), p.resolve);
    return field.key + messageText(merged, sub, 0, merged.r.buf.length);
  }
  if (field.repeated) {
    let items = '';
    for (let k = from; k < to; k += 4) {
      const s = occ[k + 1];
      const e = occ[k + 2];
      if ((occ[k + 3] & 7) === LEN && field.packable) {
        r.pos = s;
        while (r.pos < e) {
          items += (items ? ',' : '') + scalarText(field, r, e);
        }
        if (r.pos !== e) {
          throw new WireError(`packed ${field.name} overran its length`);
        }
      } else {
        r.pos = s;
        items += (items ? ',' : '') + scalarText(field, r, e);
      }
    }
    return items ? `${field.key}[${items}]` : '';
  }
  const last = to - 4;
  if (field.kind === 'enum' && !field.oneof) {
    r.pos = occ[last + 1];
    if (r.int32() === 0) {
      return '';
    }
  }
  r.pos = occ[last + 1];
  const text = scalarText(field, r, occ[last + 2]);
  return field.oneof || !isDefault(field, text) ? field.key + text : '';
}

/** JSON text of the message `msg` in p.r.buf[start, end), braces included. */
function messageText(p: Printer, msg: WireMessage, start: number, end: number): string {
  switch (msg.special) {
    case 'timestamp':
      return timestampText(p, msg, start, end);
    case 'wrapper':
      return wrapperText(p, msg, start, end);
    case 'any':
      return anyText(p, msg, start, end);
    case 'field_mask':
      return fieldMaskText(p, msg, start, end);
    default:
      return `{${members(p, msg, start, end)}}`;
  }
}

/** Reads the last value of each listed field number of a small message (Timestamp, wrappers, Any). */
function lastValues(p: Printer, start: number, end: number): Map<number, [number, number, number]> {
  const r = p.r;
  const seen = new Map<number, [number, number, number]>();
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    const s = r.pos;
    r.skip(tag & 7);
    seen.set(Math.floor(tag / 8), [tag & 7, s, r.pos]);
  }
  if (r.pos !== end) {
    throw new WireError('field overran its message');
  }
  return seen;
}

function timestampText(p: Printer, msg: WireMessage, start: number, end: number): string {
  // google.protobuf.Timestamp {1 seconds int64, 2 nanos int32}; the last value of each wins.
  const r = p.r;
  let sec = 0;
  let nanos = 0;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 0x08) {
      r.varint64();
      sec = r.hi === 0 ? r.lo : Number(int64Text(r.lo, r.hi));
    } else if (tag === 0x10) {
      nanos = r.int32();
    } else {
      return `{${members(p, msg, start, end)}}`; // something a Timestamp does not have: print every field
    }
  }
  if (r.pos !== end) {
    throw new WireError('field overran its message');
  }
  if (nanos >= 0 && nanos <= 999_999_999 && sec >= -62135596800 && sec <= 253402300799) {
    return `"${formatTime({ sec, nanos })}"`;
  }
  return `{${members(p, msg, start, end)}}`;
}

function wrapperText(p: Printer, msg: WireMessage, start: number, end: number): string {
  const field = msg.fields[0];
  const r = p.r;
  // The value (field 1) with its own wire type, and nothing else: print the bare value.
  let valueAt = -1;
  let valueEnd = -1;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag !== ((1 << 3) | field.wire)) {
      return `{${members(p, msg, start, end)}}`;
    }
    if (field.wire === LEN) {
      valueEnd = r.lengthEnd();
      valueAt = r.pos;
      r.pos = valueEnd;
    } else {
      valueAt = r.pos;
      r.skip(field.wire);
      valueEnd = r.pos;
    }
  }
  if (r.pos !== end) {
    throw new WireError('field overran its message');
  }
  if (valueAt < 0) {
    return field.kind === 'bool'
      ? 'false'
      : field.kind === 'string' || field.kind === 'bytes'
        ? '""'
        : field.kind.endsWith('64')
          ? '"0"'
          : '0';
  }
  r.pos = valueAt;
  return scalarText(field, r, valueEnd);
}

function anyText(p: Printer, msg: WireMessage, start: number, end: number): string {
  const r = p.r;
  const v = lastValues(p, start, end);
  const url = v.get(1);
  const value = v.get(2);
  if (v.size > (url ? 1 : 0) + (value ? 1 : 0) || (url && url[0] !== LEN) || (value && value[0] !== LEN)) {
    return `{${members(p, msg, start, end)}}`;
  }
  if (!url) {
    return value ? `{${members(p, msg, start, end)}}` : '{}';
  }
  r.pos = url[1];
  const urlEnd = r.lengthEnd();
  const typeUrl = r.buf.toString('utf8', r.pos, urlEnd);
  const head = `{"@type":${JSON.stringify(typeUrl)}`;
  let vs = 0;
  let ve = 0;
  if (value) {
    r.pos = value[1];
    ve = r.lengthEnd();
    vs = r.pos;
  }
  const inner = p.resolve(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
  if (inner) {
    try {
      if (inner.special) {
        return `${head},"value":${messageText(p, inner, vs, ve)}}`;
      }
      const body = members(p, inner, vs, ve);
      return body ? `${head},${body}}` : `${head}}`;
    } catch (err) {
      if (!(err instanceof WireError)) {
        throw err;
      }
    }
  }
  return `${head},"@value":"${r.buf.toString('base64', vs, ve)}"}`;
}

function lowerCamel(path: string): string {
  return path.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function fieldMaskText(p: Printer, msg: WireMessage, start: number, end: number): string {
  const r = p.r;
  const paths: string[] = [];
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag !== 0x0a) {
      return `{${members(p, msg, start, end)}}`;
    }
    const e = r.lengthEnd();
    paths.push(lowerCamel(r.buf.toString('utf8', r.pos, e)));
    r.pos = e;
  }
  return JSON.stringify(paths.join(','));
}

/**
 * JSON text of the message `msg` encoded in buf[start, end), merged with pre-printed `extra` fields
 * (fields given there must not also be in the bytes).
 * Throws WireError for malformed bytes.
 */
export function printMessage(
  msg: WireMessage,
  buf: Buffer,
  resolve: TypeResolver,
  start = 0,
  end = buf.length,
  extra?: ExtraFields
): string {
  const p = new Printer(buf, resolve);
  if (!extra && msg.special) {
    return messageText(p, msg, start, end);
  }
  return `{${members(p, msg, start, end, extra)}}`;
}

/**
 * The fields of `msg` encoded in buf[start, end) printed one by one (`"name":value`), in
 * declaration order, for merging into a message later with `printMessage(..., extra)`. The bytes
 * must hold only declared fields with their declared wire types. Throws WireError otherwise.
 */
export function printFragments(
  msg: WireMessage,
  buf: Buffer,
  resolve: TypeResolver,
  start = 0,
  end = buf.length
): Fragment[] {
  const p = new Printer(buf, resolve);
  const r = p.r;
  const base = occTop;
  try {
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag();
      const field = fieldOf(msg, Math.floor(tag / 8));
      const wire = tag & 7;
      let s = r.pos;
      if (wire === LEN) {
        const e = r.lengthEnd();
        s = r.pos;
        r.pos = e;
      } else {
        r.skip(wire);
      }
      if (!field || !(wire === field.wire || (field.packable && wire === LEN)) || field.oneof !== 0) {
        throw new WireError(`field ${Math.floor(tag / 8)} cannot be printed apart`);
      }
      pushOcc(field.index, s, r.pos, wire);
    }
    sortOcc(base);
    const top = occTop;
    const out: Fragment[] = [];
    for (let i = base; i < top;) {
      const index = occ[i];
      let j = i + 4;
      while (j < top && occ[j] === index) {
        j += 4;
      }
      const text = fieldText(p, msg.fields[index], i, j);
      if (text) {
        out.push({ index, text });
      }
      i = j;
    }
    return out;
  } finally {
    occTop = base;
  }
}
