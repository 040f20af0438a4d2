/**
 * A fixed-capacity ring of items in arrival order. Pushing into a full ring evicts the oldest item
 * and returns it, so the caller can take it out of derived state (the service map).
 */
export class RingBuffer<T> {
  private readonly items: Array<T | undefined>;
  private head = 0; // index of the oldest item
  private count = 0;

  /** `capacity` >= 1 items. Throws RangeError otherwise. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.items = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends `item`; returns the evicted oldest item when the ring was full, else undefined. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      this.items[(this.head + this.count) % this.capacity] = item;
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.capacity;
    return evicted;
  }

  /** The i-th item, 0 = oldest. Undefined when out of range. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) {
      return undefined;
    }
    return this.items[(this.head + i) % this.capacity];
  }

  /** Oldest item, or undefined when empty. */
  oldest(): T | undefined {
    return this.at(0);
  }

  /** Visits items newest first until `visit` returns false. */
  forEachNewestFirst(visit: (item: T) => boolean): void {
    for (let i = this.count - 1; i >= 0; i--) {
      if (!visit(this.items[(this.head + i) % this.capacity] as T)) {
        return;
      }
    }
  }
}
