/** A fixed-capacity ring buffer (oldest entries are overwritten). */
export class Ring<T> {
  private items: Array<T | undefined>;
  private head = 0;
  private count = 0;
  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }
  push(item: T): void {
    this.items[(this.head + this.count) % this.capacity] = item;
    if (this.count < this.capacity) {
      this.count++;
    } else {
      this.head = (this.head + 1) % this.capacity;
    }
  }
  get size(): number {
    return this.count;
  }
  /** Up to `max` newest entries, oldest first. */
  last(max: number): T[] {
    const n = Math.max(0, Math.min(max, this.count));
    const out: T[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = this.items[(this.head + this.count - n + i) % this.capacity] as T;
    }
    return out;
  }
}

/** A binary min-heap ordered by (us, ns, insertion order). */
export class TimeHeap<T> {
  private a: Array<{ us: number; ns: number; seq: number; v: T }> = [];
  private seq = 0;
  get size(): number {
    return this.a.length;
  }
  /** Adds v at time (us microseconds, ns extra nanoseconds). */
  push(us: number, v: T, ns = 0): void {
    const a = this.a;
    a.push({ us, ns, seq: this.seq++, v });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(a[i], a[p])) {
        [a[i], a[p]] = [a[p], a[i]];
        i = p;
      } else {
        break;
      }
    }
  }
  peekUs(): number | undefined {
    return this.a[0]?.us;
  }
  pop(): T | undefined {
    const a = this.a;
    if (a.length === 0) {
      return undefined;
    }
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) {
          m = l;
        }
        if (r < a.length && this.less(a[r], a[m])) {
          m = r;
        }
        if (m === i) {
          break;
        }
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top.v;
  }
  private less(x: { us: number; ns: number; seq: number }, y: { us: number; ns: number; seq: number }): boolean {
    return x.us < y.us || (x.us === y.us && (x.ns < y.ns || (x.ns === y.ns && x.seq < y.seq)));
  }
}
