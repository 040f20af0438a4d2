/**
 * A reader of the protobuf wire format (https://protobuf.dev/programming-guides/encoding/): tags,
 * varints (with exact 64-bit values), fixed-width numbers and length-delimited fields, with bounds
 * checks. Used to index, check and print flows straight from their bytes, without building objects.
 */

/** Thrown for bytes that are not a well-formed protobuf message. */
export class WireError extends Error {}

/** Wire types of the protobuf encoding. Groups (3, 4) are not accepted. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LEN = 2;
export const FIXED32 = 5;

const TWO_32 = 4294967296;

/** A cursor over `buf`. Every read advances `pos` and throws WireError past the end of `buf`. */
export class WireReader {
  /** Low and high 32 bits (unsigned) of the last `varint64` / `fixed64`. */
  lo = 0;
  hi = 0;

  constructor(
    public buf: Buffer,
    public pos = 0
  ) {}

  /** A varint as an unsigned number; exact below 2^53 (tags, lengths, 32-bit fields). */
  varint(): number {
    const buf = this.buf;
    let b = buf[this.pos++];
    if (b < 0x80) {
      return b;
    }
    let result = b & 0x7f;
    let mul = 128;
    for (let i = 1; i < 10; i++) {
      if (this.pos >= buf.length) {
        throw new WireError('truncated varint');
      }
      b = buf[this.pos++];
      result += (b & 0x7f) * mul;
      if (b < 0x80) {
        return result;
      }
      mul *= 128;
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** An int32 field (a varint; negative values take 10 bytes): its low 32 bits, signed. */
  int32(): number {
    const b = this.buf[this.pos];
    if (b < 0x80) {
      this.pos++;
      return b;
    }
    this.varint64();
    return this.lo | 0;
  }

  /** A uint32 field (a varint): its low 32 bits. */
  uint32(): number {
    const b = this.buf[this.pos];
    if (b < 0x80) {
      this.pos++;
      return b;
    }
    this.varint64();
    return this.lo;
  }

  /** A varint into `lo`/`hi` (all 64 bits, exact). */
  varint64(): void {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) {
        throw new WireError('truncated varint');
      }
      const b = buf[this.pos++];
      const bits = b & 0x7f;
      if (shift < 28) {
        lo |= bits << shift;
      } else if (shift === 28) {
        lo |= (bits & 0x0f) << 28;
        hi |= bits >>> 4;
      } else {
        hi |= bits << (shift - 32);
      }
      shift += 7;
      if (b < 0x80) {
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw new WireError('varint longer than 10 bytes');
  }

  /** 8 little-endian bytes into `lo`/`hi`. */
  fixed64(): void {
    if (this.pos + 8 > this.buf.length) {
      throw new WireError('truncated fixed64');
    }
    this.lo = this.buf.readUInt32LE(this.pos);
    this.hi = this.buf.readUInt32LE(this.pos + 4);
    this.pos += 8;
  }

  /** 4 little-endian bytes as an unsigned number. */
  fixed32(): number {
    if (this.pos + 4 > this.buf.length) {
      throw new WireError('truncated fixed32');
    }
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Reads a length prefix; returns the end offset of the field's bytes (checked against the buffer). */
  lengthEnd(): number {
    if (this.pos >= this.buf.length) {
      throw new WireError('truncated length');
    }
    const len = this.varint();
    const end = this.pos + len;
    if (end > this.buf.length) {
      throw new WireError('length beyond end of message');
    }
    return end;
  }

  /** Skips the value of a field of wire type `wire`. Throws WireError on groups and unknown types. */
  skip(wire: number): void {
    switch (wire) {
      case VARINT:
        this.varint();
        return;
      case FIXED64:
        this.pos += 8;
        break;
      case LEN:
        this.pos = this.lengthEnd();
        return;
      case FIXED32:
        this.pos += 4;
        break;
      default:
        throw new WireError(`unsupported wire type ${wire}`);
    }
    if (this.pos > this.buf.length) {
      throw new WireError('truncated fixed-width field');
    }
  }

  /** Reads a tag; throws WireError for field number 0. */
  tag(): number {
    if (this.pos >= this.buf.length) {
      throw new WireError('truncated tag');
    }
    const tag = this.varint();
    if (tag < 8) {
      throw new WireError('field number 0');
    }
    return tag;
  }
}

/** Decimal text of the unsigned 64-bit value lo + hi * 2^32. */
export function uint64Text(lo: number, hi: number): string {
  if (hi === 0) {
    return String(lo);
  }
  if (hi < 0x200000) {
    return String(hi * TWO_32 + lo);
  }
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** Decimal text of the two's-complement signed 64-bit value of lo/hi. */
export function int64Text(lo: number, hi: number): string {
  if (hi < 0x80000000) {
    return uint64Text(lo, hi);
  }
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** Decimal text of a zigzag-encoded 64-bit value (sint64). */
export function sint64Text(lo: number, hi: number): string {
  const v = (BigInt(hi) << 32n) | BigInt(lo);
  return ((v >> 1n) ^ -(v & 1n)).toString();
}

/** Unsigned value of lo/hi as a number (exact below 2^53). */
export function uint64Number(lo: number, hi: number): number {
  return hi * TWO_32 + lo;
}
