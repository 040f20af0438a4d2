/**
 * Fast path from an encoded flow.Flow to a FlowRecord: reads only the fields the gateway indexes,
 * straight from the protobuf wire format, and skips the rest (labels, HTTP headers, URLs, summary)
 * without decoding them. Endpoints are interned by their encoded bytes (labels left out for pods), so
 * a flow from a known pod costs one map lookup instead of decoding its labels. Field numbers: flow.proto (Cilium 1.19).
 *
 * `recordFromFlow` in flowRecord.ts is the reference (full decode); flowScan.test.ts checks both give
 * the same record for every fixture flow.
 */
import type * as protobuf from 'protobufjs';
import { ByteArena } from './arena';
import { endpointSummary, type EndpointSummary, type FlowRecord, type L4Name } from './flowRecord';

/** Thrown for bytes that are not a well-formed protobuf message. */
export class WireError extends Error {}

const L4_NAMES: L4Name[] = ['', 'TCP', 'UDP', 'ICMPv4', 'ICMPv6', 'SCTP'];

// Reader state is module-level: scanning is synchronous and never re-entered.
const EMPTY = Buffer.alloc(0);
let buf: Buffer = EMPTY;
let pos = 0;

function varint(): number {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new WireError('truncated varint');
    const b = buf[pos++];
    result += (b & 0x7f) * mul;
    if (b < 0x80) return result;
    mul *= 128;
  }
  throw new WireError('varint longer than 10 bytes');
}

/** Reads a length prefix and returns the end offset of the field's bytes. */
function lengthEnd(): number {
  const len = varint();
  const end = pos + len;
  if (end > buf.length) throw new WireError('length beyond end of message');
  return end;
}

function skip(wire: number): void {
  switch (wire) {
    case 0: varint(); return;
    case 1: pos += 8; break;
    case 2: pos = lengthEnd(); return;
    case 5: pos += 4; break;
    default: throw new WireError(`unsupported wire type ${wire}`);
  }
  if (pos > buf.length) throw new WireError('truncated fixed-width field');
}

const decoder = new TextDecoder();
function str(end: number): string {
  const s = decoder.decode(buf.subarray(pos, end));
  pos = end;
  return s;
}

/** Scans sub-message fields up to `end`, handing (field, wire) to `visit`, which must consume or skip. */
function each(end: number, visit: (field: number, wire: number, end: number) => void): void {
  while (pos < end) {
    const tag = varint();
    visit(tag >>> 3, tag & 7, end);
  }
  if (pos !== end) throw new WireError('sub-message overran its length');
}

type Scan = {
  sec: number; nanos: number; uuid: string; verdict: number;
  srcStart: number; srcEnd: number; dstStart: number; dstEnd: number;
  srcName: string; dstName: string;
  l4: L4Name; sport: number; dport: number;
  l7: '' | 'http' | 'dns'; l7type: number; httpCode: number; latencyNs: number; dnsQuery: string;
  direction: number; isReply: number; eventType: number; hasTime: boolean;
};

function blank(): Scan {
  return {
    sec: 0, nanos: 0, uuid: '', verdict: 0, srcStart: -1, srcEnd: -1, dstStart: -1, dstEnd: -1, srcName: '', dstName: '',
    l4: '', sport: 0, dport: 0, l7: '', l7type: 0, httpCode: 0, latencyNs: 0, dnsQuery: '', direction: 0, isReply: -1, eventType: 0, hasTime: false,
  };
}

function scanTop(s: Scan): void {
  const end = buf.length;
  while (pos < end) {
    const tag = varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) {
      const v = varint();
      if (field === 2) s.verdict = v;
      else if (field === 22) s.direction = v;
      continue;
    }
    if (wire !== 2) { skip(wire); continue; }
    const e = lengthEnd();
    switch (field) {
      case 1: // time: Timestamp{1 seconds, 2 nanos}
        s.hasTime = true;
        each(e, (f, w) => { if (w === 0 && f === 1) s.sec = varint(); else if (w === 0 && f === 2) s.nanos = varint(); else skip(w); });
        break;
      case 34: s.uuid = str(e); break;
      case 6: // l4 oneof: 1 TCP, 2 UDP, 3 ICMPv4, 4 ICMPv6, 5 SCTP
        each(e, (f, w) => {
          if (w !== 2 || f < 1 || f > 5) return skip(w);
          s.l4 = L4_NAMES[f];
          const pe = lengthEnd();
          if (f === 3 || f === 4) { pos = pe; return; }
          each(pe, (pf, pw) => { if (pw === 0 && pf === 1) s.sport = varint(); else if (pw === 0 && pf === 2) s.dport = varint(); else skip(pw); });
        });
        break;
      case 8: s.srcStart = pos; s.srcEnd = e; pos = e; break;
      case 9: s.dstStart = pos; s.dstEnd = e; pos = e; break;
      case 13: if (!s.srcName) s.srcName = str(e); else pos = e; break;
      case 14: if (!s.dstName) s.dstName = str(e); else pos = e; break;
      case 15: // l7: 1 type, 2 latency_ns, 100 dns{1 query}, 101 http{1 code}
        each(e, (f, w) => {
          if (w === 0 && f === 1) s.l7type = varint();
          else if (w === 0 && f === 2) s.latencyNs = varint();
          else if (w === 2 && f === 100) {
            s.l7 = 'dns';
            each(lengthEnd(), (df, dw) => { if (dw === 2 && df === 1) s.dnsQuery = str(lengthEnd()); else skip(dw); });
          } else if (w === 2 && f === 101) {
            s.l7 = 'http';
            each(lengthEnd(), (hf, hw) => { if (hw === 0 && hf === 1) s.httpCode = varint(); else skip(hw); });
          } else skip(w);
        });
        break;
      case 19: // event_type{1 type}
        each(e, (f, w) => { if (w === 0 && f === 1) s.eventType = varint() | 0; else skip(w); });
        break;
      case 26: // is_reply: BoolValue{1 value}
        s.isReply = 0;
        each(e, (f, w) => { if (w === 0 && f === 1) s.isReply = varint() ? 1 : 0; else skip(w); });
        break;
      default: pos = e;
    }
  }
  if (pos !== end) throw new WireError('field overran the message');
}

type CachedEndpoint = { pre: Buffer; labels: Buffer | null; post: Buffer; name: string; summary: EndpointSummary };
const endpointCache = new Map<number, CachedEndpoint[]>();
let cachedEndpoints = 0;
const MAX_ENDPOINTS = 50_000;

function fnv(bytes: Buffer, from: number, to: number, h: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i], 16777619);
  return h;
}

function same(cached: Buffer, bytes: Buffer, from: number, to: number): boolean {
  return cached.length === to - from && bytes.compare(cached, 0, cached.length, from, to) === 0;
}

/**
 * The summary of the encoded flow.Endpoint at bytes[start, end) with DNS name `name`, cached by
 * its bytes. For a pod the labels (field 4, one run of entries) are left out of the comparison:
 * namespace, pod name, workloads and identity decide its summary. Other endpoints (reserved
 * identities) compare their labels too.
 */
function endpoint(Endpoint: protobuf.Type, bytes: Buffer, start: number, end: number, name: string): EndpointSummary {
  if (start < 0) return endpointSummary(null, name ? [name] : []);
  buf = bytes;
  pos = start;
  let labelsStart = -1;
  let labelsEnd = -1;
  let pod = false;
  let contiguous = true;
  while (pos < end) {
    const fieldStart = pos;
    const tag = varint();
    skip(tag & 7);
    if (pos > end) throw new WireError('endpoint field overran the endpoint');
    const field = tag >>> 3;
    if (field === 4) {
      if (labelsStart < 0) labelsStart = fieldStart;
      else if (labelsEnd !== fieldStart) contiguous = false;
      labelsEnd = pos;
    } else if (field === 5) pod = true;
  }
  if (labelsStart < 0 || !contiguous) labelsStart = labelsEnd = end; // compare everything as one run
  let h = fnv(bytes, start, labelsStart, 2166136261);
  h = fnv(bytes, labelsEnd, end, h);
  if (!pod) h = fnv(bytes, labelsStart, labelsEnd, h);
  h = (h ^ name.length) >>> 0;
  const bucket = endpointCache.get(h);
  if (bucket) {
    for (const c of bucket) {
      if (c.name === name && same(c.pre, bytes, start, labelsStart) && same(c.post, bytes, labelsEnd, end)
        && (pod ? c.labels === null : c.labels !== null && same(c.labels, bytes, labelsStart, labelsEnd))) return c.summary;
    }
  }
  const ep = Endpoint.decode(bytes.subarray(start, end)) as unknown as Record<string, any>;
  const summary = endpointSummary(ep, name ? [name] : []);
  if (cachedEndpoints >= MAX_ENDPOINTS) { endpointCache.clear(); cachedEndpoints = 0; }
  const entry: CachedEndpoint = {
    pre: Buffer.from(bytes.subarray(start, labelsStart)), post: Buffer.from(bytes.subarray(labelsEnd, end)),
    labels: pod ? null : Buffer.from(bytes.subarray(labelsStart, labelsEnd)), name, summary,
  };
  if (bucket) bucket.push(entry);
  else endpointCache.set(h, [entry]);
  cachedEndpoints++;
  return summary;
}

/**
 * Builds the record of encoded flow.Flow `input`, copying its bytes into `arena` (grpc-js hands each
 * message over in Node's shared 8 KiB pool; keeping those slices measured ~50 MB more RSS per 100k flows).
 * Throws WireError on malformed bytes and TypeError on a flow without time.
 */
export function scanFlow(Endpoint: protobuf.Type, input: Uint8Array, arena: ByteArena): FlowRecord {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  buf = bytes;
  pos = 0;
  const s = blank();
  scanTop(s);
  if (!s.hasTime) throw new TypeError('flow without time');
  const src = endpoint(Endpoint, bytes, s.srcStart, s.srcEnd, s.srcName);
  const dst = endpoint(Endpoint, bytes, s.dstStart, s.dstEnd, s.dstName);
  buf = EMPTY;
  return {
    bytes: arena.copy(bytes),
    time: { sec: s.sec, nanos: s.nanos },
    uuid: s.uuid,
    verdict: s.verdict,
    src,
    dst,
    l4: s.l4,
    sport: s.sport,
    dport: s.dport,
    l7: s.l7,
    l7type: s.l7type,
    httpCode: s.httpCode,
    latencyNs: s.latencyNs,
    dnsQuery: s.dnsQuery,
    direction: s.direction,
    isReply: s.isReply,
    eventType: s.eventType,
  };
}
