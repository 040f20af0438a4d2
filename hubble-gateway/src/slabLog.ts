/**
 * Storage for the bytes of buffered flows, first in, first out: copies go into 1 MiB slabs of its
 * own (not Node's shared 8 KiB Buffer pool, where each flow would pin a slab shared with short-lived
 * network buffers), and a slab is dropped once every flow in it has left. Flows leave in arrival
 * order, so slabs are freed whole and in order. No per-flow object: a flow's bytes are addressed by
 * (slab id, offset, length).
 */

const SLAB_BYTES = 1 << 20;
/** Larger items get a slab of their own. */
const OWN_SLAB_OVER = SLAB_BYTES >>> 2;

/**
 * Copies src[from, to) to target at `at`; returns the offset after it. Short runs byte by byte,
 * longer ones with TypedArray.set (both measured ~2x faster than Buffer.copy for flow-sized runs).
 */
function copyInto(target: Buffer, at: number, src: Buffer, from: number, to: number): number {
  const n = to - from;
  if (n < 32) {
    for (let k = from; k < to; k++) {
      target[at++] = src[k];
    }
    return at;
  }
  target.set(new Uint8Array(src.buffer, src.byteOffset + from, n), at);
  return at + n;
}

export class SlabLog {
  private readonly slabs: Array<Buffer | undefined> = [];
  private readonly live: number[] = [];
  /** Id of slabs[0]. */
  private base = 0;
  private cur = -1;
  private used = SLAB_BYTES;
  /** Where the last `append` wrote. */
  lastSlab = 0;
  lastOffset = 0;

  /** Bytes held in slabs (for the benchmark and tests). */
  get heldBytes(): number {
    let n = 0;
    for (const s of this.slabs) {
      n += s?.length ?? 0;
    }
    return n;
  }

  /**
   * Copies the bytes of src[start, end) except the ranges cut[0..cutN) (pairs, ascending, inside
   * [start, end)) into the log; `lastSlab` / `lastOffset` say where. Returns the length written.
   */
  append(src: Buffer, start: number, end: number, cut: number[], cutN: number): number {
    let n = end - start;
    for (let i = 0; i < cutN; i += 2) {
      n -= cut[i + 1] - cut[i];
    }
    let target: Buffer;
    let at: number;
    if (n > OWN_SLAB_OVER) {
      target = Buffer.allocUnsafeSlow(n);
      at = 0;
      this.slabs.push(target);
      this.live.push(0);
      this.lastSlab = this.base + this.slabs.length - 1;
      // The next small item starts a new slab, so slab ids stay in arrival order.
      this.cur = -1;
      this.used = SLAB_BYTES;
    } else {
      if (this.used + n > SLAB_BYTES || this.cur < 0) {
        this.slabs.push(Buffer.allocUnsafeSlow(SLAB_BYTES));
        this.live.push(0);
        this.cur = this.base + this.slabs.length - 1;
        this.used = 0;
      }
      target = this.slabs[this.cur - this.base]!;
      at = this.used;
      this.used += n;
      this.lastSlab = this.cur;
    }
    this.lastOffset = at;
    let from = start;
    for (let i = 0; i < cutN; i += 2) {
      at = copyInto(target, at, src, from, cut[i]);
      from = cut[i + 1];
    }
    copyInto(target, at, src, from, end);
    this.live[this.lastSlab - this.base]++;
    return n;
  }

  /** The slab with id `id` (undefined once dropped). */
  slab(id: number): Buffer | undefined {
    return this.slabs[id - this.base];
  }

  /** One flow in slab `id` has left; drops leading slabs that hold no flow. */
  release(id: number): void {
    this.live[id - this.base]--;
    while (this.slabs.length > 0 && this.live[0] === 0 && this.base !== this.cur) {
      this.slabs.shift();
      this.live.shift();
      this.base++;
    }
  }
}
