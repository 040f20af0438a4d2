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

  /** A copy of `bytes` that shares memory only with other arena copies. */
  copy(bytes: Uint8Array): Uint8Array {
    const n = bytes.length;
    if (n > this.slabBytes >>> 4) {
      const own = Buffer.allocUnsafeSlow(n);
      own.set(bytes);
      return own;
    }
    if (this.used + n > this.slabBytes) {
      this.slab = Buffer.allocUnsafeSlow(this.slabBytes);
      this.used = 0;
    }
    const out = this.slab.subarray(this.used, this.used + n);
    out.set(bytes);
    this.used += n;
    return out;
  }
}
