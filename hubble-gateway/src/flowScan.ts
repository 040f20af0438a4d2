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
    if (pos >= buf.length) {
      throw new WireError('truncated varint');
    }
    const b = buf[pos++];
    result += (b & 0x7f) * mul;
    if (b < 0x80) {
      return result;
    }
    mul *= 128;
  }
  throw new WireError('varint longer than 10 bytes');
}

/** Reads a length prefix and returns the end offset of the field's bytes. */
function lengthEnd(): number {
  const len = varint();
  const end = pos + len;
  if (end > buf.length) {
    throw new WireError('length beyond end of message');
  }
  return end;
}

function skip(wire: number): void {
  switch (wire) {
    case 0:
      varint();
      return;
    case 1:
      pos += 8;
      break;
    case 2:
      pos = lengthEnd();
      return;
    case 5:
      pos += 4;
      break;
    default:
      throw new WireError(`unsupported wire type ${wire}`);
  }
  if (pos > buf.length) {
    throw new WireError('truncated fixed-width field');
  }
}

function str(end: number): string {
  const text = buf.toString('utf8', pos, end);
  pos = end;
  return text;
}

/** Throws unless a sub-message ended exactly at its length. */
function closed(end: number): void {
  if (pos !== end) {
    throw new WireError('sub-message overran its length');
  }
}

type Scan = {
  sec: number;
  nanos: number;
  uuid: string;
  verdict: number;
  srcStart: number;
  srcEnd: number;
  dstStart: number;
  dstEnd: number;
  srcName: string;
  dstName: string;
  l4: L4Name;
  sport: number;
  dport: number;
  l7: '' | 'http' | 'dns';
  l7type: number;
  httpCode: number;
  latencyNs: number;
  dnsQuery: string;
  direction: number;
  isReply: number;
  eventType: number;
  hasTime: boolean;
};

// One scratch object, reset per flow (scanning is synchronous): no allocation per field.
const s: Scan = {
  sec: 0,
  nanos: 0,
  uuid: '',
  verdict: 0,
  srcStart: -1,
  srcEnd: -1,
  dstStart: -1,
  dstEnd: -1,
  srcName: '',
  dstName: '',
  l4: '',
  sport: 0,
  dport: 0,
  l7: '',
  l7type: 0,
  httpCode: 0,
  latencyNs: 0,
  dnsQuery: '',
  direction: 0,
  isReply: -1,
  eventType: 0,
  hasTime: false,
};

function reset(): void {
  s.sec = 0;
  s.nanos = 0;
  s.uuid = '';
  s.verdict = 0;
  s.srcStart = -1;
  s.srcEnd = -1;
  s.dstStart = -1;
  s.dstEnd = -1;
  s.srcName = '';
  s.dstName = '';
  s.l4 = '';
  s.sport = 0;
  s.dport = 0;
  s.l7 = '';
  s.l7type = 0;
  s.httpCode = 0;
  s.latencyNs = 0;
  s.dnsQuery = '';
  s.direction = 0;
  s.isReply = -1;
  s.eventType = 0;
  s.hasTime = false;
}

function scanTime(end: number): void {
  // google.protobuf.Timestamp{1 seconds, 2 nanos}
  s.hasTime = true;
  while (pos < end) {
    const tag = varint();
    if (tag === 0x08) {
      s.sec = varint();
    } else if (tag === 0x10) {
      s.nanos = varint();
    } else {
      skip(tag & 7);
    }
  }
  closed(end);
}

function scanL4(end: number): void {
  // oneof 1 TCP, 2 UDP, 3 ICMPv4, 4 ICMPv6, 5 SCTP; ports 1, 2
  while (pos < end) {
    const tag = varint();
    const f = tag >>> 3;
    if ((tag & 7) !== 2 || f < 1 || f > 5) {
      skip(tag & 7);
      continue;
    }
    s.l4 = L4_NAMES[f];
    const pe = lengthEnd();
    if (f === 3 || f === 4) {
      pos = pe;
      continue;
    }
    while (pos < pe) {
      const t = varint();
      if (t === 0x08) {
        s.sport = varint();
      } else if (t === 0x10) {
        s.dport = varint();
      } else {
        skip(t & 7);
      }
    }
    closed(pe);
  }
  closed(end);
}

function scanL7(end: number): void {
  // 1 type, 2 latency_ns, 100 dns{1 query}, 101 http{1 code}
  while (pos < end) {
    const tag = varint();
    if (tag === 0x08) {
      s.l7type = varint();
    } else if (tag === 0x10) {
      s.latencyNs = varint();
    } else if (tag === ((100 << 3) | 2)) {
      s.l7 = 'dns';
      const de = lengthEnd();
      while (pos < de) {
        const t = varint();
        if (t === 0x0a) {
          s.dnsQuery = str(lengthEnd());
        } else {
          skip(t & 7);
        }
      }
      closed(de);
    } else if (tag === ((101 << 3) | 2)) {
      s.l7 = 'http';
      const he = lengthEnd();
      while (pos < he) {
        const t = varint();
        if (t === 0x08) {
          s.httpCode = varint();
        } else {
          skip(t & 7);
        }
      }
      closed(he);
    } else {
      skip(tag & 7);
    }
  }
  closed(end);
}

/** Reads field 1 (varint) of a small sub-message ending at `end`; 0 when absent. */
function firstVarint(end: number): number {
  let v = 0;
  while (pos < end) {
    const tag = varint();
    if (tag === 0x08) {
      v = varint();
    } else {
      skip(tag & 7);
    }
  }
  closed(end);
  return v;
}

function scanTop(start: number, end: number): void {
  pos = start;
  while (pos < end) {
    const tag = varint();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) {
      const v = varint();
      if (field === 2) {
        s.verdict = v;
      } else if (field === 22) {
        s.direction = v;
      }
      continue;
    }
    if (wire !== 2) {
      skip(wire);
      continue;
    }
    const e = lengthEnd();
    switch (field) {
      case 1:
        scanTime(e);
        break;
      case 34:
        s.uuid = str(e);
        break;
      case 6:
        scanL4(e);
        break;
      case 8:
        s.srcStart = pos;
        s.srcEnd = e;
        pos = e;
        break;
      case 9:
        s.dstStart = pos;
        s.dstEnd = e;
        pos = e;
        break;
      case 13:
        if (!s.srcName) {
          s.srcName = str(e);
        } else {
          pos = e;
        }
        break;
      case 14:
        if (!s.dstName) {
          s.dstName = str(e);
        } else {
          pos = e;
        }
        break;
      case 15:
        scanL7(e);
        break;
      case 19:
        s.eventType = firstVarint(e) | 0;
        break; // event_type{1 type}
      case 26:
        s.isReply = firstVarint(e) ? 1 : 0;
        break; // is_reply: BoolValue{1 value}
      default:
        pos = e;
    }
  }
  if (pos !== end) {
    throw new WireError('field overran the message');
  }
}

/** Where the members of an encoded observer.GetFlowsResponse lie ([start, end), -1 when absent). */
export type ResponseLayout = {
  flowStart: number;
  flowEnd: number;
  lostStart: number;
  lostEnd: number;
  nodeStatus: boolean;
};

/**
 * Locates field 1 (flow), 2 (node_status) and 3 (lost_events) of an encoded GetFlowsResponse
 * without decoding them. Throws WireError on malformed bytes.
 */
export function locateResponse(bytes: Uint8Array): ResponseLayout {
  buf = bytes as Buffer;
  pos = 0;
  const out: ResponseLayout = { flowStart: -1, flowEnd: -1, lostStart: -1, lostEnd: -1, nodeStatus: false };
  try {
    while (pos < bytes.length) {
      const tag = varint();
      if (tag === 0x0a) {
        const e = lengthEnd();
        out.flowStart = pos;
        out.flowEnd = e;
        pos = e;
      } else if (tag === 0x1a) {
        const e = lengthEnd();
        out.lostStart = pos;
        out.lostEnd = e;
        pos = e;
      } else {
        if (tag >>> 3 === 2) {
          out.nodeStatus = true;
        }
        skip(tag & 7);
      }
    }
    if (pos !== bytes.length) {
      throw new WireError('field overran the message');
    }
  } finally {
    buf = EMPTY;
  }
  return out;
}

type CachedEndpoint = { pre: Buffer; labels: Buffer | null; post: Buffer; name: string; summary: EndpointSummary };
const endpointCache = new Map<number, CachedEndpoint[]>();
let cachedEndpoints = 0;
const MAX_ENDPOINTS = 50_000;

function fnv(bytes: Buffer, from: number, to: number, h: number): number {
  for (let i = from; i < to; i++) {
    h = Math.imul(h ^ bytes[i], 16777619);
  }
  return h;
}

function same(cached: Buffer, bytes: Buffer, from: number, to: number): boolean {
  if (cached.length !== to - from) {
    return false;
  }
  for (let i = 0; i < cached.length; i++) {
    if (cached[i] !== bytes[from + i]) {
      return false;
    }
  } // short runs: cheaper than a native call
  return true;
}

/**
 * The summary of the encoded flow.Endpoint at bytes[start, end) with DNS name `name`, cached by
 * its bytes. For a pod the labels (field 4, one run of entries) are left out of the comparison:
 * namespace, pod name, workloads and identity decide its summary. Other endpoints (reserved
 * identities) compare their labels too.
 */
function endpoint(Endpoint: protobuf.Type, bytes: Buffer, start: number, end: number, name: string): EndpointSummary {
  if (start < 0) {
    return endpointSummary(null, name ? [name] : []);
  }
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
    if (pos > end) {
      throw new WireError('endpoint field overran the endpoint');
    }
    const field = tag >>> 3;
    if (field === 4) {
      if (labelsStart < 0) {
        labelsStart = fieldStart;
      } else if (labelsEnd !== fieldStart) {
        contiguous = false;
      }
      labelsEnd = pos;
    } else if (field === 5) {
      pod = true;
    }
  }
  if (labelsStart < 0 || !contiguous) {
    labelsStart = labelsEnd = end;
  } // compare everything as one run
  let h = fnv(bytes, start, labelsStart, 2166136261);
  h = fnv(bytes, labelsEnd, end, h);
  if (!pod) {
    h = fnv(bytes, labelsStart, labelsEnd, h);
  }
  h = (h ^ name.length) >>> 0;
  const bucket = endpointCache.get(h);
  if (bucket) {
    for (const c of bucket) {
      if (
        c.name === name &&
        same(c.pre, bytes, start, labelsStart) &&
        same(c.post, bytes, labelsEnd, end) &&
        (pod ? c.labels === null : c.labels !== null && same(c.labels, bytes, labelsStart, labelsEnd))
      ) {
        return c.summary;
      }
    }
  }
  const ep = Endpoint.decode(bytes.subarray(start, end)) as unknown as Record<string, any>;
  const summary = endpointSummary(ep, name ? [name] : []);
  if (cachedEndpoints >= MAX_ENDPOINTS) {
    endpointCache.clear();
    cachedEndpoints = 0;
  }
  const entry: CachedEndpoint = {
    pre: Buffer.from(bytes.subarray(start, labelsStart)),
    post: Buffer.from(bytes.subarray(labelsEnd, end)),
    labels: pod ? null : Buffer.from(bytes.subarray(labelsStart, labelsEnd)),
    name,
    summary,
  };
  if (bucket) {
    bucket.push(entry);
  } else {
    endpointCache.set(h, [entry]);
  }
  cachedEndpoints++;
  return summary;
}

/**
 * Builds the record of encoded flow.Flow `input`, copying its bytes into `arena` (grpc-js hands each
 * message over in Node's shared 8 KiB pool; keeping those slices measured ~50 MB more RSS per 100k flows).
 * Throws WireError on malformed bytes and TypeError on a flow without time.
 */
export function scanFlow(
  Endpoint: protobuf.Type,
  input: Uint8Array,
  arena: ByteArena,
  start = 0,
  end = input.length
): FlowRecord {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  buf = bytes;
  reset();
  try {
    scanTop(start, end);
  } finally {
    buf = EMPTY;
  }
  if (!s.hasTime) {
    throw new TypeError('flow without time');
  }
  const src = endpoint(Endpoint, bytes, s.srcStart, s.srcEnd, s.srcName);
  const dst = endpoint(Endpoint, bytes, s.dstStart, s.dstEnd, s.dstName);
  buf = EMPTY;
  return {
    bytes: arena.copy(bytes, start, end),
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
