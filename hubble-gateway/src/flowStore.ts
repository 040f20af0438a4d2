/**
 * The gateway's memory of recent flows: a ring buffer of compact records plus the service map kept
 * in step with it (a flow leaves the map when it leaves the buffer), and de-duplication of flows
 * that Relay sends again when the follow stream resumes with `since` = the newest time seen.
 *
 * De-duplication: Relay's `since` is inclusive, so after a resume the flows at exactly the newest
 * time seen arrive again; a flow whose time equals that newest time and that equals a flow already
 * stored at that time (same uuid, or without uuid the same bytes) is skipped. Older flows are not checked, because Relay
 * never resends them.
 */
import type { FlowRecord } from './flowRecord';
import { matches, type FlowQuery } from './filters';
import { RingBuffer } from './ringBuffer';
import { ServiceMap } from './serviceMap';
import { compareTime, type Time } from './time';

/** Flows remembered at one instant for de-duplication (more at one nanosecond is not plausible). */
const MAX_AT_NEWEST = 4096;

/** Same flow: same uuid, or both without uuid and with identical bytes. */
function sameFlow(a: FlowRecord, b: FlowRecord): boolean {
  if (a.uuid || b.uuid) {
    return a.uuid === b.uuid;
  }
  return Buffer.compare(a.bytes, b.bytes) === 0;
}

/** Result of offering a flow to the store. */
export type AddResult = 'added' | 'duplicate';

export class FlowStore {
  readonly ring: RingBuffer<FlowRecord>;
  readonly map: ServiceMap;
  private newest: Time | undefined;
  private readonly atNewest: FlowRecord[] = []; // flows stored at exactly `newest`

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
    if (c > 0) {
      this.newest = r.time;
      this.atNewest.length = 0;
      this.atNewest.push(r);
    } else if (c === 0) {
      for (const seen of this.atNewest) {
        if (sameFlow(seen, r)) {
          return 'duplicate';
        }
      }
      if (this.atNewest.length < MAX_AT_NEWEST) {
        this.atNewest.push(r);
      }
    }
    const evicted = this.ring.push(r);
    if (evicted) {
      this.map.remove(evicted);
    }
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
      if (matches(r, q)) {
        out.push(r);
      }
      return out.length < q.limit;
    });
    return out.sort((a, b) => compareTime(b.time, a.time));
  }
}
