/**
 * Finds what our protos do not know in a message's bytes: fields with a number the message does not
 * declare (or a declared number with another wire type) and enum values the enum does not declare,
 * at any depth. The bytes themselves are kept as they are (the gateway stores flows as bytes and
 * prints unknown fields under "@unknown_fields"); this walk only reports, for the metrics and a log
 * line per new field number.
 */
import { FIXED32, FIXED64, LEN, VARINT, WireError, WireReader } from './wireReader';
import { fieldOf, type WireMessage } from './wireSchema';

/** Receives each unknown field (message full name, field number, wire type) and enum value. */
export interface UnknownSink {
  field(message: string, number: number, wire: number): void;
  enumValue(enumName: string, value: number): void;
}

const MAX_DEPTH = 64;

/** Reads one enum value; reports it and returns 1 when the enum does not declare it, else 0. */
function checkEnum(r: WireReader, names: Map<number, string>, enumName: string, sink: UnknownSink): number {
  r.varint64();
  const v = r.lo | 0;
  if (names.has(v)) {
    return 0;
  }
  sink.enumValue(enumName, v);
  return 1;
}

/**
 * Walks the message `msg` in r.buf[start, end) and reports to `sink` (see module doc); leaves the
 * reader at `end`. Returns the number of reports. Throws WireError for malformed bytes. A
 * `google.protobuf.Any` is checked as the message it is (type_url, value); the bytes of its value
 * are not walked (their type may be anything; wireJson.ts prints them as base64 if they do not decode).
 */
export function checkMessage(
  msg: WireMessage,
  r: WireReader,
  start: number,
  end: number,
  sink: UnknownSink,
  depth = 0
): number {
  if (depth > MAX_DEPTH) {
    throw new WireError('messages nested too deeply');
  }
  r.pos = start;
  let found = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const number = Math.floor(tag / 8);
    const wire = tag & 7;
    const field = fieldOf(msg, number);
    if (field === undefined || !(wire === field.wire || (field.packable && wire === LEN))) {
      if (number > 536870911) {
        throw new WireError('field number out of range');
      }
      sink.field(msg.name, number, wire);
      found++;
      r.skip(wire);
      continue;
    }
    if (field.kind === 'message') {
      const e = r.lengthEnd();
      found += checkMessage(field.message!, r, r.pos, e, sink, depth + 1);
      r.pos = e;
    } else if (field.kind === 'enum') {
      if (wire === VARINT) {
        found += checkEnum(r, field.enumNames!, field.enumName!, sink);
      } else {
        const e = r.lengthEnd();
        while (r.pos < e) {
          found += checkEnum(r, field.enumNames!, field.enumName!, sink);
        }
        if (r.pos !== e) {
          throw new WireError('packed enum overran its length');
        }
      }
    } else if (wire === LEN && field.packable) {
      // Packed numbers: every element must end exactly at the field's length.
      const e = r.lengthEnd();
      const width = field.wire === FIXED64 ? 8 : field.wire === FIXED32 ? 4 : 0;
      while (r.pos < e) {
        if (width) {
          r.pos += width;
        } else {
          r.varint();
        }
      }
      if (r.pos !== e) {
        throw new WireError(`packed ${field.name} overran its length`);
      }
    } else {
      r.skip(wire);
    }
  }
  if (r.pos !== end) {
    throw new WireError('field overran its message');
  }
  return found;
}
