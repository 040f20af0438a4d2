/**
 * Bump allocator for the bytes of buffered flows: copies go into 1 MiB slabs of its own instead of
 * Node's shared 8 KiB Buffer pool, where each flow would pin a slab shared with short-lived network
 * buffers. Flows leave the ring buffer oldest first, so slabs are freed whole, in order, by GC.
 */
export class ByteArena {
  private slab: Buffer;
  private used = 0;

  /** `slabBytes`: size of each slab; larger items get a buffer of their own. */
  constructor(private readonly slabBytes = 1 << 20) {
    this.slab = Buffer.allocUnsafeSlow(slabBytes);
  }

  /** A copy of bytes[start, end) that shares memory only with other arena copies. */
  copy(bytes: Uint8Array, start = 0, end = bytes.length): Uint8Array {
    const n = end - start;
    const src = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (n > this.slabBytes >>> 4) {
      const own = Buffer.allocUnsafeSlow(n);
      src.copy(own, 0, start, end);
      return own;
    }
    if (this.used + n > this.slabBytes) {
      this.slab = Buffer.allocUnsafeSlow(this.slabBytes);
      this.used = 0;
    }
    src.copy(this.slab, this.used, start, end);
    const out = this.slab.subarray(this.used, this.used + n);
    this.used += n;
    return out;
  }
}
