/**
 * One pass over an encoded flow.Flow (wire format, field numbers of Cilium 1.19's flow.proto) that
 * reads what the gateway indexes (time, uuid, verdict, L4 protocol and ports, L7 record type, HTTP
 * code, latency, DNS query, direction, is_reply, event type, first DNS names), locates the fields
 * that are interned (source, destination and the node/policy context, see chunks.ts), and reports
 * fields and enum values our protos do not know to an UnknownSink. Labels, headers, URLs and the
 * summary are skipped without decoding.
 *
 * Reference: `recordFromFlow` (test/recordReference.ts) builds the same index from a full protobufjs
 * decode; flowScan.test.ts checks both agree on every captured flow.
 */
import type { L4Name } from './flowRecord';
import { checkMessage, type UnknownSink } from './wireCheck';
import { FIXED32, FIXED64, LEN, VARINT, WireError, WireReader } from './wireReader';
import { fieldOf, type WireMessage } from './wireSchema';

export { WireError } from './wireReader';

const L4_NAMES: L4Name[] = ['', 'TCP', 'UDP', 'ICMPv4', 'ICMPv6', 'SCTP', 'VRRP', 'IGMP'];

/** Fields of flow.Flow kept in the node/policy context chunk. */
const CONTEXT_FIELDS = new Set([11, 37, 41, 20, 21, 21001, 21002, 21004, 21005, 21006]);

/**
 * What one scan found. The object and its span arrays are reused by the next scan: copy what you
 * keep. Spans are offsets into the scanned buffer, pairs [start, end) of whole fields (tags included).
 */
export type ScannedFlow = {
  /** The flow's bytes: buf[start, end). */
  start: number;
  end: number;
  sec: number;
  nanos: number;
  hasTime: boolean;
  /** The uuid's bytes: buf[uuidStart, uuidEnd) (both -1 when the flow has none). */
  uuidStart: number;
  uuidEnd: number;
  verdict: number;
  l4: L4Name;
  sport: number;
  dport: number;
  l7: '' | 'http' | 'dns' | 'kafka';
  l7type: number;
  httpCode: number;
  latencyNs: number;
  dnsQuery: string;
  direction: number;
  isReply: number;
  eventType: number;
  /** First of source_names / destination_names, "" when none. */
  srcName: string;
  dstName: string;
  src: number[];
  srcN: number;
  dst: number[];
  dstN: number;
  ctx: number[];
  ctxN: number;
  /** Every span of src, dst and ctx, in wire order: what the rest of the flow leaves out. */
  cut: number[];
  cutN: number;
};

const s: ScannedFlow = {
  start: 0,
  end: 0,
  sec: 0,
  nanos: 0,
  hasTime: false,
  uuidStart: -1,
  uuidEnd: -1,
  verdict: 0,
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
  srcName: '',
  dstName: '',
  src: [],
  srcN: 0,
  dst: [],
  dstN: 0,
  ctx: [],
  ctxN: 0,
  cut: [],
  cutN: 0,
};

function reset(start: number, end: number): void {
  s.start = start;
  s.end = end;
  s.sec = 0;
  s.nanos = 0;
  s.hasTime = false;
  s.uuidStart = -1;
  s.uuidEnd = -1;
  s.verdict = 0;
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
  s.srcName = '';
  s.dstName = '';
  s.srcN = 0;
  s.dstN = 0;
  s.ctxN = 0;
  s.cutN = 0;
}

function span(list: number[], n: number, start: number, end: number): number {
  list[n] = start;
  list[n + 1] = end;
  return n + 2;
}

/** Throws unless a sub-message ended exactly at its length. */
function closed(r: WireReader, end: number): void {
  if (r.pos !== end) {
    throw new WireError('sub-message overran its length');
  }
}

function scanTime(r: WireReader, end: number): void {
  // google.protobuf.Timestamp{1 seconds int64, 2 nanos int32}; the last value wins.
  s.hasTime = true;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 0x08) {
      r.varint64();
      s.sec =
        r.hi < 0x80000000 ? r.hi * 4294967296 + r.lo : Number(BigInt.asIntN(64, (BigInt(r.hi) << 32n) | BigInt(r.lo)));
    } else if (tag === 0x10) {
      r.varint64();
      s.nanos = r.lo | 0;
    } else {
      r.skip(tag & 7);
    }
  }
  closed(r, end);
}

function scanL4(r: WireReader, end: number): void {
  // oneof 1 TCP, 2 UDP, 3 ICMPv4, 4 ICMPv6, 5 SCTP, 6 VRRP, 7 IGMP; ports are fields 1 and 2.
  while (r.pos < end) {
    const tag = r.tag();
    const f = tag >>> 3;
    if ((tag & 7) !== LEN || f < 1 || f > 7) {
      r.skip(tag & 7);
      continue;
    }
    const pe = r.lengthEnd();
    s.l4 = L4_NAMES[f];
    s.sport = 0;
    s.dport = 0;
    if (f === 1 || f === 2 || f === 5) {
      while (r.pos < pe) {
        const t = r.tag();
        if (t === 0x08) {
          s.sport = r.varint() >>> 0;
        } else if (t === 0x10) {
          s.dport = r.varint() >>> 0;
        } else {
          r.skip(t & 7);
        }
      }
      closed(r, pe);
    }
    r.pos = pe;
  }
  closed(r, end);
}

function scanL7(r: WireReader, end: number): void {
  // 1 type, 2 latency_ns, oneof 100 dns{1 query}, 101 http{1 code}, 102 kafka
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 0x08) {
      s.l7type = r.varint() >>> 0;
    } else if (tag === 0x10) {
      r.varint64();
      s.latencyNs = r.hi * 4294967296 + r.lo;
    } else if (tag === ((100 << 3) | LEN)) {
      s.l7 = 'dns';
      s.httpCode = 0;
      const de = r.lengthEnd();
      s.dnsQuery = '';
      while (r.pos < de) {
        const t = r.tag();
        if (t === 0x0a) {
          const e = r.lengthEnd();
          s.dnsQuery = r.buf.toString('utf8', r.pos, e);
          r.pos = e;
        } else {
          r.skip(t & 7);
        }
      }
      closed(r, de);
    } else if (tag === ((101 << 3) | LEN)) {
      s.l7 = 'http';
      s.dnsQuery = '';
      const he = r.lengthEnd();
      s.httpCode = 0;
      while (r.pos < he) {
        const t = r.tag();
        if (t === 0x08) {
          s.httpCode = r.varint() >>> 0;
        } else {
          r.skip(t & 7);
        }
      }
      closed(r, he);
    } else if (tag === ((102 << 3) | LEN)) {
      s.l7 = 'kafka';
      s.httpCode = 0;
      s.dnsQuery = '';
      r.skip(LEN);
    } else {
      r.skip(tag & 7);
    }
  }
  closed(r, end);
}

/** Field 1 (varint) of a small sub-message ending at `end`; 0 when absent. */
function firstVarint(r: WireReader, end: number): number {
  let v = 0;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag === 0x08) {
      v = r.varint() >>> 0;
    } else {
      r.skip(tag & 7);
    }
  }
  closed(r, end);
  return v;
}

const reader = new WireReader(Buffer.alloc(0));

/**
 * Scans the encoded flow.Flow in buf[start, end) (see module doc). `flow` is the wire table of
 * flow.Flow. Throws WireError on malformed bytes; a flow without time is reported by `hasTime`.
 */
export function scanFlow(flow: WireMessage, buf: Buffer, start: number, end: number, sink: UnknownSink): ScannedFlow {
  const r = reader;
  r.buf = buf;
  r.pos = start;
  reset(start, end);
  while (r.pos < end) {
    const fieldStart = r.pos;
    const tag = r.tag();
    const number = Math.floor(tag / 8);
    const wire = tag & 7;
    const field = fieldOf(flow, number);
    if (field === undefined || !(wire === field.wire || (field.packable && wire === LEN))) {
      if (number > 536870911) {
        throw new WireError('field number out of range');
      }
      sink.field(flow.name, number, wire);
      r.skip(wire);
      continue;
    }
    if (wire === VARINT) {
      r.varint64();
      const v = r.lo;
      if (number === 2) {
        s.verdict = v;
      } else if (number === 22) {
        s.direction = v;
      }
      if (field.kind === 'enum' && !field.enumNames!.has(v | 0)) {
        sink.enumValue(field.enumName!, v | 0);
      }
      continue;
    }
    if (wire === FIXED64 || wire === FIXED32) {
      r.skip(wire);
      continue;
    }
    const e = r.lengthEnd();
    const valueStart = r.pos;
    switch (number) {
      case 1:
        scanTime(r, e);
        break;
      case 34:
        s.uuidStart = valueStart;
        s.uuidEnd = e;
        break;
      case 6:
        scanL4(r, e);
        break;
      case 8:
        s.srcN = span(s.src, s.srcN, fieldStart, e);
        s.cutN = span(s.cut, s.cutN, fieldStart, e);
        break;
      case 9:
        s.dstN = span(s.dst, s.dstN, fieldStart, e);
        s.cutN = span(s.cut, s.cutN, fieldStart, e);
        break;
      case 13:
        if (!s.srcName) {
          s.srcName = buf.toString('utf8', valueStart, e);
        }
        break;
      case 14:
        if (!s.dstName) {
          s.dstName = buf.toString('utf8', valueStart, e);
        }
        break;
      case 15:
        scanL7(r, e);
        break;
      case 19:
        s.eventType = firstVarint(r, e) | 0; // event_type{1 type}
        break;
      case 26:
        s.isReply = firstVarint(r, e) ? 1 : 0; // is_reply: BoolValue{1 value}
        break;
      default:
        if (CONTEXT_FIELDS.has(number)) {
          s.ctxN = span(s.ctx, s.ctxN, fieldStart, e);
          s.cutN = span(s.cut, s.cutN, fieldStart, e);
        }
    }
    // Nested messages not interned are checked here; interned ones once per distinct chunk.
    if (field.kind === 'message' && number !== 8 && number !== 9 && !CONTEXT_FIELDS.has(number)) {
      checkMessage(field.message!, r, valueStart, e, sink);
    } else if (field.kind === 'enum') {
      // A packed repeated enum: check every value.
      r.pos = valueStart;
      while (r.pos < e) {
        r.varint64();
        if (!field.enumNames!.has(r.lo | 0)) {
          sink.enumValue(field.enumName!, r.lo | 0);
        }
      }
    }
    r.pos = e;
  }
  if (r.pos !== end) {
    throw new WireError('field overran the message');
  }
  return s;
}

/** Where the members of an encoded observer.GetFlowsResponse lie ([start, end), -1 when absent). */
export type ResponseLayout = {
  flowStart: number;
  flowEnd: number;
  lostStart: number;
  lostEnd: number;
  nodeStatus: boolean;
  /** A field GetFlowsResponse does not declare (0 when none): a newer Relay's event type. */
  unknownField: number;
};

/**
 * Locates field 1 (flow), 2 (node_status) and 3 (lost_events) of an encoded GetFlowsResponse
 * without decoding them. The result is reused by the next call. Throws WireError on malformed bytes.
 */
export function locateResponse(bytes: Buffer): ResponseLayout {
  const r = responseReader;
  r.buf = bytes;
  r.pos = 0;
  const out = layout;
  out.flowStart = -1;
  out.flowEnd = -1;
  out.lostStart = -1;
  out.lostEnd = -1;
  out.nodeStatus = false;
  out.unknownField = 0;
  while (r.pos < bytes.length) {
    const tag = r.tag();
    if (tag === 0x0a) {
      const e = r.lengthEnd();
      out.flowStart = r.pos;
      out.flowEnd = e;
      out.lostStart = -1;
      out.nodeStatus = false;
      r.pos = e;
    } else if (tag === 0x1a) {
      const e = r.lengthEnd();
      out.lostStart = r.pos;
      out.lostEnd = e;
      out.flowStart = -1;
      out.nodeStatus = false;
      r.pos = e;
    } else if (tag === 0x12) {
      out.nodeStatus = true;
      out.flowStart = -1;
      out.lostStart = -1;
      r.skip(LEN);
    } else {
      const number = Math.floor(tag / 8);
      if (number !== 1000 && number !== 1001) {
        out.unknownField = number;
      }
      r.skip(tag & 7);
    }
  }
  return out;
}

const responseReader = new WireReader(Buffer.alloc(0));
const layout: ResponseLayout = {
  flowStart: -1,
  flowEnd: -1,
  lostStart: -1,
  lostEnd: -1,
  nodeStatus: false,
  unknownField: 0,
};
