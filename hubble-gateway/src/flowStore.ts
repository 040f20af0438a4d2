/**
 * The gateway's memory of recent flows: a ring buffer of compact records plus the service map kept
 * in step with it (a flow leaves the map when it leaves the buffer), and de-duplication of flows
 * that Relay sends again when the follow stream resumes with `since` = the newest time seen.
 *
 * De-duplication: Relay's `since` is inclusive, so after a resume the flows at exactly the newest
 * time seen arrive again; a flow whose time equals that newest time and whose key (uuid, else its
 * bytes) was already stored at that time is skipped. Older flows are not checked, because Relay
 * never resends them.
 */
import { dedupeKey, type FlowRecord } from './flowRecord';
import { matches, type FlowQuery } from './filters';
import { RingBuffer } from './ringBuffer';
import { ServiceMap } from './serviceMap';
import { compareTime, type Time } from './time';

/** Result of offering a flow to the store. */
export type AddResult = 'added' | 'duplicate';

export class FlowStore {
  readonly ring: RingBuffer<FlowRecord>;
  readonly map: ServiceMap;
  private newest: Time | undefined;
  private readonly keysAtNewest = new Set<string>();

  /** `capacity` flows (>= 1); `slotMs` the service-map slot width. */
  constructor(capacity: number, slotMs: number) {
    this.ring = new RingBuffer(capacity);
    this.map = new ServiceMap(slotMs);
  }

  /** The newest flow time seen (the `since` to resume from), undefined before the first flow. */
  get newestTime(): Time | undefined {
    return this.newest;
  }

  /** Time of the oldest buffered flow, undefined when empty. */
  get oldestTime(): Time | undefined {
    return this.ring.oldest()?.time;
  }

  get size(): number {
    return this.ring.size;
  }

  /** Stores a flow unless it is a resent duplicate (see module doc). */
  add(r: FlowRecord): AddResult {
    const c = this.newest ? compareTime(r.time, this.newest) : 1;
    if (c === 0) {
      const key = dedupeKey(r);
      if (this.keysAtNewest.has(key)) return 'duplicate';
      this.keysAtNewest.add(key);
    } else if (c > 0) {
      this.newest = r.time;
      this.keysAtNewest.clear();
      this.keysAtNewest.add(dedupeKey(r));
    }
    const evicted = this.ring.push(r);
    if (evicted) this.map.remove(evicted);
    this.map.add(r);
    return 'added';
  }

  /**
   * Buffered flows matching `q`, newest first (by flow time), at most `q.limit`.
   * Scans the buffer newest-arrival first and stops once `limit` matches are found.
   */
  query(q: FlowQuery): FlowRecord[] {
    const out: FlowRecord[] = [];
    this.ring.forEachNewestFirst((r) => {
      if (matches(r, q)) out.push(r);
      return out.length < q.limit;
    });
    return out.sort((a, b) => compareTime(b.time, a.time));
  }
}
