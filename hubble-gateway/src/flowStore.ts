/**
 * The gateway's memory of recent flows: a fixed-capacity ring, oldest evicted first, kept compact
 * (see README "Memory"):
 * - the index fields of each flow (flowRecord.ts) in typed-array columns, no object per flow;
 * - the flow's bytes without its interned parts (chunks.ts: endpoints, node and policy context) in
 *   FIFO slabs (slabLog.ts), plus references to those chunks;
 * - the service map kept in step (a flow leaves the map when it leaves the ring).
 *
 * Flows are addressed by `FlowRef`, their arrival number: `select` returns refs, `json` prints one
 * (undefined once it has left the ring), `record` copies its index fields.
 *
 * De-duplication: Relay's `since` is inclusive, so after a resume the flows at exactly the newest
 * time seen arrive again; a flow whose time equals that newest time and that equals a flow already
 * stored at that time (same uuid, or without uuid the same bytes) is skipped. Older flows are not
 * checked, because Relay never resends them.
 */
import type { Chunk, ChunkTable, UnknownFound } from './chunks';
import { matches, type FlowQuery } from './filters';
import type { EndpointSummary, FlowRecord, L4Name, L7Name } from './flowRecord';
import type { ScannedFlow } from './flowScan';
import type { HubbleTypes } from './proto';
import { ServiceMap } from './serviceMap';
import { SlabLog } from './slabLog';
import type { Time } from './time';
import { checkMessage, type UnknownSink } from './wireCheck';
import { ExtraFields, printMessage } from './wireJson';
import { WireReader } from './wireReader';

/** A buffered flow's arrival number (0, 1, 2, ...). */
export type FlowRef = number;

/** A test over a flow's index fields. The record it gets is only valid during the call. */
export type FlowPredicate = (r: FlowRecord) => boolean;

/** Result of offering a flow to the store. */
export type AddResult = 'added' | 'duplicate';

/** Flows remembered at one instant for de-duplication (more at one nanosecond is not plausible). */
const MAX_AT_NEWEST = 4096;

const L4_NAMES: L4Name[] = ['', 'TCP', 'UDP', 'ICMPv4', 'ICMPv6', 'SCTP', 'VRRP', 'IGMP'];
const L4_CODES = new Map(L4_NAMES.map((n, i) => [n, i]));
const L7_NAMES: L7Name[] = ['', 'http', 'dns', 'kafka'];
const L7_CODES = new Map(L7_NAMES.map((n, i) => [n, i]));

const NO_ENDPOINT: EndpointSummary = {
  namespace: '',
  pod: '',
  workloads: [],
  node: { id: 'unknown', type: 'unknown', namespace: '', name: 'unknown', workload_kind: '' },
};

/** What the store needs of the protos and the shared chunk table. */
export type StoreCodec = Pick<HubbleTypes, 'Endpoint' | 'flowWire' | 'resolve'> & { chunks: ChunkTable };

/** A FlowRecord that reads the store's columns at slot `i`. */
class Row implements FlowRecord {
  i = 0;
  constructor(private readonly s: FlowStore) {}
  get time(): Time {
    return { sec: this.s.sec[this.i], nanos: this.s.nanos[this.i] };
  }
  get timeMs() {
    return this.s.sec[this.i] * 1000 + this.s.nanos[this.i] / 1e6;
  }
  get verdict() {
    return this.s.verdict[this.i];
  }
  get src() {
    return this.s.src[this.i]!;
  }
  get dst() {
    return this.s.dst[this.i]!;
  }
  get l4() {
    return L4_NAMES[this.s.l4[this.i]];
  }
  get sport() {
    return this.s.sport[this.i];
  }
  get dport() {
    return this.s.dport[this.i];
  }
  get l7() {
    return L7_NAMES[this.s.l7[this.i]];
  }
  get l7type() {
    return this.s.l7type[this.i];
  }
  get httpCode() {
    return this.s.httpCode[this.i];
  }
  get latencyNs() {
    return this.s.latencyNs[this.i];
  }
  get dnsQuery() {
    return this.s.dnsQuery[this.i] ?? '';
  }
  get direction() {
    return this.s.direction[this.i];
  }
  get isReply() {
    return this.s.isReply[this.i];
  }
  get eventType() {
    return this.s.eventType[this.i];
  }
}

export class FlowStore {
  readonly map: ServiceMap;
  // Columns, one slot per buffered flow (slot = ref % capacity). Read by Row.
  readonly sec: Float64Array;
  readonly nanos: Uint32Array;
  readonly verdict: Uint32Array;
  readonly l4: Uint8Array;
  readonly sport: Uint16Array;
  readonly dport: Uint16Array;
  readonly l7: Uint8Array;
  readonly l7type: Uint32Array;
  readonly httpCode: Uint32Array;
  readonly latencyNs: Float64Array;
  readonly direction: Uint32Array;
  readonly isReply: Int8Array;
  readonly eventType: Int32Array;
  readonly dnsQuery: Array<string | undefined>;
  readonly src: Array<EndpointSummary | undefined>;
  readonly dst: Array<EndpointSummary | undefined>;
  private readonly srcChunk: Array<Chunk | undefined>;
  private readonly dstChunk: Array<Chunk | undefined>;
  private readonly ctxChunk: Array<Chunk | undefined>;
  private readonly slabId: Uint32Array;
  private readonly offset: Uint32Array;
  private readonly length: Uint32Array;
  private readonly bytes = new SlabLog();
  private readonly row = new Row(this);
  private next = 0;
  private count = 0;
  private newest: Time | undefined;
  /** Refs of the flows stored at exactly `newest`. */
  private readonly atNewest: FlowRef[] = [];
  private atNewestN = 0;

  /** `capacity` flows (>= 1); `slotMs` the service-map slot width. Throws RangeError for a bad capacity. */
  constructor(
    readonly capacity: number,
    slotMs: number,
    private readonly codec: StoreCodec
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.map = new ServiceMap(slotMs);
    this.sec = new Float64Array(capacity);
    this.nanos = new Uint32Array(capacity);
    this.verdict = new Uint32Array(capacity);
    this.l4 = new Uint8Array(capacity);
    this.sport = new Uint16Array(capacity);
    this.dport = new Uint16Array(capacity);
    this.l7 = new Uint8Array(capacity);
    this.l7type = new Uint32Array(capacity);
    this.httpCode = new Uint32Array(capacity);
    this.latencyNs = new Float64Array(capacity);
    this.direction = new Uint32Array(capacity);
    this.isReply = new Int8Array(capacity);
    this.eventType = new Int32Array(capacity);
    this.dnsQuery = new Array(capacity);
    this.src = new Array(capacity);
    this.dst = new Array(capacity);
    this.srcChunk = new Array(capacity);
    this.dstChunk = new Array(capacity);
    this.ctxChunk = new Array(capacity);
    this.slabId = new Uint32Array(capacity);
    this.offset = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
  }

  /** Flows buffered now. */
  get size(): number {
    return this.count;
  }

  /** Flows that have left the ring so far (evicted by newer ones). */
  get evicted(): number {
    return this.next - this.count;
  }

  /** Bytes of flow data held in slabs (not counting interned chunks). */
  get slabBytes(): number {
    return this.bytes.heldBytes;
  }

  /** The newest flow time seen (the `since` to resume from), undefined before the first flow. */
  get newestTime(): Time | undefined {
    return this.newest;
  }

  /** Time of the oldest buffered flow (by arrival), undefined when empty. */
  get oldestTime(): Time | undefined {
    if (this.count === 0) {
      return undefined;
    }
    const i = (this.next - this.count) % this.capacity;
    return { sec: this.sec[i], nanos: this.nanos[i] };
  }

  /** True while the flow `ref` is buffered. */
  has(ref: FlowRef): boolean {
    return ref >= this.next - this.count && ref < this.next;
  }

  /**
   * Whether the flow `s` in `buf` is a resent copy (see module doc); remembers flows at the newest
   * instant by their refs (compared only when another flow at that instant arrives).
   */
  private isDuplicate(s: ScannedFlow, buf: Buffer, src?: Chunk, dst?: Chunk, ctx?: Chunk): boolean {
    const c = this.newest ? this.newest.sec - s.sec || this.newest.nanos - s.nanos : -1;
    if (c < 0) {
      this.newest = { sec: s.sec, nanos: s.nanos };
      this.atNewestN = 0;
    } else if (c > 0) {
      return false;
    } else {
      for (let i = 0; i < this.atNewestN; i++) {
        if (this.sameFlow(this.atNewest[i], s, buf, src, dst, ctx)) {
          return true;
        }
      }
    }
    if (this.atNewestN < MAX_AT_NEWEST) {
      this.atNewest[this.atNewestN++] = this.next; // the ref this flow gets
    }
    return false;
  }

  /** Same flow: same uuid, or both without uuid and with identical bytes. */
  private sameFlow(ref: FlowRef, s: ScannedFlow, buf: Buffer, src?: Chunk, dst?: Chunk, ctx?: Chunk): boolean {
    if (!this.has(ref)) {
      return false;
    }
    const i = ref % this.capacity;
    const slab = this.bytes.slab(this.slabId[i])!;
    const off = this.offset[i];
    const stored = uuidIn(slab, off, off + this.length[i]);
    if (s.uuidStart >= 0 || stored) {
      return !!stored && s.uuidStart >= 0 && stored.compare(buf, s.uuidStart, s.uuidEnd) === 0;
    }
    const same = (a?: Chunk, b?: Chunk) => a === b || (!!a && !!b && a.bytes.equals(b.bytes));
    if (!same(this.srcChunk[i], src) || !same(this.dstChunk[i], dst) || !same(this.ctxChunk[i], ctx)) {
      return false;
    }
    // The rest of the bytes: buf[start, end) without the cut spans against the stored run.
    let at = off;
    let from = s.start;
    for (let k = 0; k <= s.cutN; k += 2) {
      const to = k < s.cutN ? s.cut[k] : s.end;
      if (slab.compare(buf, from, to, at, at + (to - from)) !== 0) {
        return false;
      }
      at += to - from;
      from = s.cut[k + 1];
    }
    return at === off + this.length[i];
  }

  /**
   * Stores the flow that `s` (from scanFlow over `buf`) describes, unless it is a resent duplicate
   * (see module doc). Unknown fields inside interned parts are reported to `sink` (scanFlow reported
   * the rest). Throws WireError when an interned part is malformed (then nothing is stored).
   */
  add(buf: Buffer, s: ScannedFlow, sink: UnknownSink): AddResult {
    const src = s.srcN > 0 ? this.intern(buf, s.src, s.srcN, sink) : undefined;
    const dst = s.dstN > 0 ? this.intern(buf, s.dst, s.dstN, sink) : undefined;
    const ctx = s.ctxN > 0 ? this.intern(buf, s.ctx, s.ctxN, sink) : undefined;
    const srcSummary = src ? src.summary(this.codec.Endpoint, s.srcName) : endpointOnlyNamed(s.srcName);
    const dstSummary = dst ? dst.summary(this.codec.Endpoint, s.dstName) : endpointOnlyNamed(s.dstName);
    if (this.isDuplicate(s, buf, src, dst, ctx)) {
      return 'duplicate';
    }
    if (this.count === this.capacity) {
      this.evictOldest();
    }
    const i = this.next % this.capacity;
    this.length[i] = this.bytes.append(buf, s.start, s.end, s.cut, s.cutN);
    this.slabId[i] = this.bytes.lastSlab;
    this.offset[i] = this.bytes.lastOffset;
    this.sec[i] = s.sec;
    this.nanos[i] = s.nanos;
    this.verdict[i] = s.verdict;
    this.l4[i] = L4_CODES.get(s.l4) ?? 0;
    this.sport[i] = s.sport;
    this.dport[i] = s.dport;
    this.l7[i] = L7_CODES.get(s.l7) ?? 0;
    this.l7type[i] = s.l7type;
    this.httpCode[i] = s.httpCode;
    this.latencyNs[i] = s.latencyNs;
    this.direction[i] = s.direction;
    this.isReply[i] = s.isReply;
    this.eventType[i] = s.eventType;
    this.dnsQuery[i] = s.dnsQuery || undefined;
    this.src[i] = srcSummary;
    this.dst[i] = dstSummary;
    this.srcChunk[i] = src;
    this.dstChunk[i] = dst;
    this.ctxChunk[i] = ctx;
    this.next++;
    this.count++;
    this.row.i = i;
    this.map.add(this.row);
    return 'added';
  }

  private intern(buf: Buffer, spans: number[], n: number, sink: UnknownSink): Chunk {
    const chunk = this.codec.chunks.intern(buf, spans, n, (bytes) => {
      const found: UnknownFound[] = [];
      checkMessage(this.codec.flowWire, new WireReader(bytes), 0, bytes.length, {
        field: (message, number) => found.push(['field', message, number]),
        enumValue: (name, value) => found.push(['enum', name, value]),
      });
      return found;
    });
    for (const [kind, name, number] of chunk.unknowns) {
      if (kind === 'field') {
        sink.field(name, number, 0);
      } else {
        sink.enumValue(name, number);
      }
    }
    return chunk;
  }

  private evictOldest(): void {
    const i = (this.next - this.count) % this.capacity;
    this.row.i = i;
    this.map.remove(this.row);
    this.bytes.release(this.slabId[i]);
    this.dnsQuery[i] = undefined;
    this.src[i] = this.dst[i] = undefined;
    this.srcChunk[i] = this.dstChunk[i] = this.ctxChunk[i] = undefined;
    this.count--;
  }

  /**
   * Buffered flows that match `q` (a FlowQuery, whose `limit` applies, or a predicate), newest
   * first by flow time, at most `limit`. Scans newest arrivals first and stops at `limit` matches.
   */
  select(q: FlowQuery | FlowPredicate, limit = typeof q === 'function' ? this.capacity : q.limit): FlowRef[] {
    return Array.from(this.selectRefs(q, limit));
  }

  /**
   * `select` into a typed array (its memory is outside the JS heap and freed as soon as the answer
   * is: many concurrent 10000-flow answers otherwise grow the heap by tens of MB).
   */
  selectRefs(q: FlowQuery | FlowPredicate, limit = typeof q === 'function' ? this.capacity : q.limit): Float64Array {
    const test = typeof q === 'function' ? q : (r: FlowRecord) => matches(r, q);
    const out = new Float64Array(Math.min(limit, this.count));
    let n = 0;
    const row = this.row;
    const oldest = this.next - this.count;
    for (let ref = this.next - 1; ref >= oldest && n < out.length; ref--) {
      row.i = ref % this.capacity;
      if (test(row)) {
        out[n++] = ref;
      }
    }
    const cap = this.capacity;
    return out.subarray(0, n).sort((a, b) => {
      const ia = a % cap;
      const ib = b % cap;
      return this.sec[ib] - this.sec[ia] || this.nanos[ib] - this.nanos[ia] || b - a;
    });
  }

  /** Visits buffered flows, newest arrival first, until `visit` returns false. The record is a view: use it during the call. */
  forEachNewestFirst(visit: (r: FlowRecord, ref: FlowRef) => boolean): void {
    const oldest = this.next - this.count;
    for (let ref = this.next - 1; ref >= oldest; ref--) {
      this.row.i = ref % this.capacity;
      if (!visit(this.row, ref)) {
        return;
      }
    }
  }

  /** A copy of the index fields of flow `ref`, undefined once it has left the ring. */
  record(ref: FlowRef): FlowRecord | undefined {
    if (!this.has(ref)) {
      return undefined;
    }
    const r = this.row;
    r.i = ref % this.capacity;
    return {
      time: r.time,
      timeMs: r.timeMs,
      verdict: r.verdict,
      src: r.src,
      dst: r.dst,
      l4: r.l4,
      sport: r.sport,
      dport: r.dport,
      l7: r.l7,
      l7type: r.l7type,
      httpCode: r.httpCode,
      latencyNs: r.latencyNs,
      dnsQuery: r.dnsQuery,
      direction: r.direction,
      isReply: r.isReply,
      eventType: r.eventType,
    };
  }

  /**
   * Flow `ref` as JSON text, exactly as `/api/v1/flows` prints each flow (the shape of
   * `hubble observe -o json`'s `.flow`, see wireJson.ts); undefined once it has left the ring.
   */
  json(ref: FlowRef): string | undefined {
    if (!this.has(ref)) {
      return undefined;
    }
    const i = ref % this.capacity;
    const { flowWire, resolve } = this.codec;
    const extra = extraFields.set(
      this.srcChunk[i]?.fragments(flowWire, resolve),
      this.dstChunk[i]?.fragments(flowWire, resolve),
      this.ctxChunk[i]?.fragments(flowWire, resolve)
    );
    const off = this.offset[i];
    return printMessage(flowWire, this.bytes.slab(this.slabId[i])!, resolve, off, off + this.length[i], extra);
  }
}

/** An endpoint the flow does not carry, named only by its DNS name (or unknown). */
function endpointOnlyNamed(name: string): EndpointSummary {
  if (!name) {
    return NO_ENDPOINT;
  }
  return {
    namespace: '',
    pod: '',
    workloads: [],
    node: { id: `dns:${name}`, type: 'dns', namespace: '', name, workload_kind: '' },
  };
}

/** Printing is synchronous: one set of extra fields serves every call. */
const extraFields = new ExtraFields();

const uuidReader = new WireReader(Buffer.alloc(0));

/** The uuid (field 34) of the encoded flow fields in slab[start, end), or undefined. */
function uuidIn(slab: Buffer, start: number, end: number): Buffer | undefined {
  const r = uuidReader;
  r.buf = slab;
  r.pos = start;
  let found: Buffer | undefined;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === ((34 << 3) | 2)) {
      const e = r.lengthEnd();
      found = slab.subarray(r.pos, e);
      r.pos = e;
    } else {
      r.skip(tag & 7);
    }
  }
  return found;
}
