/**
 * Prometheus' XOR (Gorilla) float chunk encoding, as `tsdb/chunkenc/xor.go` writes it and
 * `tsdb/docs/format/chunks.md` describes it: a big-endian uint16 sample count, the first
 * timestamp as a varint and value as 64 raw bits, the second timestamp as a uvarint delta, then
 * delta-of-delta timestamps in 1/16/20/24/68-bit buckets, and values XORed with the previous one
 * (1 bit when equal, else leading-zero / significant-bit windows). Timestamps are Unix ms.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** Index of the high 32-bit word of a float64 in `u32` (little-endian hosts: 1). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/** A growable bit stream, most significant bit first (as Go's bstream). */
class BitWriter {
  buf = new Uint8Array(256);
  /** Number of bits written. */
  bits = 0;

  private ensure(moreBits: number): void {
    const need = (this.bits + moreBits + 7) >>> 3;
    if (need > this.buf.length) {
      const next = new Uint8Array(Math.max(need, this.buf.length * 2));
      next.set(this.buf);
      this.buf = next;
    }
  }

  bit(b: number): void {
    this.ensure(1);
    if (b) {
      this.buf[this.bits >>> 3] |= 0x80 >>> (this.bits & 7);
    }
    this.bits++;
  }

  /** Writes the low `n` bits of `v` (n ≤ 32), most significant first, up to a byte at a time. */
  write32(v: number, n: number): void {
    if (n === 0) {
      return;
    }
    this.ensure(n);
    while (n > 0) {
      const free = 8 - (this.bits & 7);
      const take = free < n ? free : n;
      const chunk = (v >>> (n - take)) & ((1 << take) - 1);
      this.buf[this.bits >>> 3] |= chunk << (free - take);
      this.bits += take;
      n -= take;
    }
  }

  /** Writes the low `n` bits (n ≤ 64) of the 64-bit value hi:lo. */
  write64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.write32(hi, n - 32);
      this.write32(lo, 32);
    } else {
      this.write32(lo, n);
    }
  }

  byte(b: number): void {
    this.write32(b & 0xff, 8);
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, (this.bits + 7) >>> 3);
  }
}

/** Encodes `v` as an unsigned LEB128 varint (Go's binary.PutUvarint) into `out`. */
export function putUvarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Go's binary.PutVarint: zig-zag, then uvarint. */
export function putVarint(out: number[], v: number): void {
  putUvarint(out, v >= 0 ? v * 2 : -v * 2 - 1);
}

/** Encodes samples (ascending timestamps, ms) as one XOR chunk's data (without the chunk header). */
export function encodeXorChunk(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  from = 0,
  to = timestamps.length
): Uint8Array {
  const n = to - from;
  if (n <= 0 || n > 0xffff) {
    throw new Error(`an XOR chunk holds 1 to 65535 samples, got ${n}`);
  }
  const w = new BitWriter();
  w.byte(n >>> 8);
  w.byte(n & 0xff);
  let prevT = 0;
  let prevDelta = 0;
  let prevHi = 0;
  let prevLo = 0;
  let leading = 0xff;
  let trailing = 0;
  const tmp: number[] = [];
  for (let i = from; i < to; i++) {
    const t = timestamps[i];
    f64[0] = values[i];
    const hi = u32[HI];
    const lo = u32[LO];
    const k = i - from;
    if (k === 0) {
      tmp.length = 0;
      putVarint(tmp, t);
      tmp.forEach((b) => w.byte(b));
      w.write32(hi, 32);
      w.write32(lo, 32);
    } else {
      const delta = t - prevT;
      if (k === 1) {
        tmp.length = 0;
        putUvarint(tmp, delta);
        tmp.forEach((b) => w.byte(b));
      } else {
        const dod = delta - prevDelta;
        if (dod === 0) {
          w.bit(0);
        } else if (dod >= -(1 << 13) + 1 && dod <= 1 << 13) {
          w.write32(0b10, 2);
          w.write32(dod & 0x3fff, 14);
        } else if (dod >= -(1 << 16) + 1 && dod <= 1 << 16) {
          w.write32(0b110, 3);
          w.write32(dod & 0x1ffff, 17);
        } else if (dod >= -(1 << 19) + 1 && dod <= 1 << 19) {
          w.write32(0b1110, 4);
          w.write32(dod & 0xfffff, 20);
        } else {
          w.write32(0b1111, 4);
          const dhi = Math.floor(dod / 0x100000000);
          w.write64(dhi >>> 0, dod >>> 0, 64);
        }
      }
      prevDelta = delta;
      // value: XOR with the previous one
      const xhi = (hi ^ prevHi) >>> 0;
      const xlo = (lo ^ prevLo) >>> 0;
      if (xhi === 0 && xlo === 0) {
        w.bit(0);
      } else {
        w.bit(1);
        let newLeading = xhi !== 0 ? Math.clz32(xhi) : 32 + Math.clz32(xlo);
        const newTrailing = xlo !== 0 ? ctz32(xlo) : 32 + ctz32(xhi);
        if (newLeading >= 32) {
          newLeading = 31;
        }
        if (leading !== 0xff && newLeading >= leading && newTrailing >= trailing) {
          w.bit(0);
          writeShifted(w, xhi, xlo, trailing, 64 - leading - trailing);
        } else {
          leading = newLeading;
          trailing = newTrailing;
          w.bit(1);
          w.write32(newLeading, 5);
          const sigbits = 64 - newLeading - newTrailing;
          w.write32(sigbits & 0x3f, 6);
          writeShifted(w, xhi, xlo, newTrailing, sigbits);
        }
      }
    }
    prevT = t;
    prevHi = hi;
    prevLo = lo;
  }
  return w.bytes().slice();
}

/** Writes `n` bits of (hi:lo >>> shift). */
function writeShifted(w: BitWriter, hi: number, lo: number, shift: number, n: number): void {
  let sh: number;
  let sl: number;
  if (shift === 0) {
    sh = hi;
    sl = lo;
  } else if (shift < 32) {
    sl = ((lo >>> shift) | (hi << (32 - shift))) >>> 0;
    sh = hi >>> shift;
  } else {
    sl = hi >>> (shift - 32);
    sh = 0;
  }
  w.write64(sh, sl, n);
}
