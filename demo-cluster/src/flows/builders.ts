/**
 * Builders of Hubble flows in the JSON shape of `hubble observe -o json` (the `flow` field):
 * protobuf field names, enums as names, uint64 fields (latency_ns, revision) as strings, zero
 * values omitted, `is_reply` always present (a BoolValue). Source: api/v1/flow/flow.proto.
 * Endpoint and policy objects are shared between flows: consumers must treat flows as read-only.
 */
import { Rng } from '../rng';
import { formatFlowTime } from '../time';
import { NodeInfo } from '../topology/types';
import { Party } from './endpoint';
import { PolicyJson } from './policies';
import { DROP_REASONS, MESSAGE_TYPE, TRACE_SUBTYPES } from './reasons';
import { FlowJson } from './types';

/** flow.TCPFlags (only the flags the simulation sets). */
export type TcpFlags = { SYN?: boolean; ACK?: boolean; FIN?: boolean; RST?: boolean; PSH?: boolean };
/** flow.TrafficDirection names used by the simulation. */
export type Direction = 'INGRESS' | 'EGRESS';
/** flow.Service: a Kubernetes Service by name and namespace. */
export type ServiceRef = { name: string; namespace: string };

/** Where generated flows go, with the random stream of the current time slot. */
/** `emit` receives the flow and its time: microseconds since the Unix epoch plus extra nanoseconds. */
export type FlowSink = { rng: Rng; emit(flow: FlowJson, us: number, ns: number): void };

/** A random version-4 UUID string (flow `uuid`). */
export function flowUuid(rng: Rng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function emitAt(sink: FlowSink, flow: FlowJson, us: number, ns: number): void {
  flow.time = formatFlowTime({ us: Math.floor(us), ns });
  sink.emit(flow, Math.floor(us), ns);
}

const FLAG_ORDER: Array<keyof TcpFlags> = ['SYN', 'ACK', 'PSH', 'FIN', 'RST'];

function tcpSummary(flags: TcpFlags): string {
  return `TCP Flags: ${FLAG_ORDER.filter((f) => flags[f]).join(', ')}`;
}

/** One L3/L4 event: a trace (packet seen at an observation point), a policy verdict or a drop. */
export type PacketSpec = {
  us: number;
  observer: NodeInfo;
  src: Party;
  dst: Party;
  proto: 'TCP' | 'UDP' | 'ICMPv4';
  srcPort?: number;
  dstPort?: number;
  flags?: TcpFlags;
  icmpType?: number;
  event: 'trace' | 'policy-verdict' | 'drop';
  verdict: 'FORWARDED' | 'DROPPED' | 'REDIRECTED';
  point?: keyof typeof TRACE_SUBTYPES;
  direction?: Direction;
  isReply: boolean;
  /** flow.DropReason code (133 POLICY_DENIED, ...). */
  dropReason?: number;
  /** policy_match_type of policy verdicts (0 none, 1 L3-only, 2 L3-L4, 3 L4-only, 4 all). */
  matchType?: number;
  ingressAllowedBy?: PolicyJson[];
  egressAllowedBy?: PolicyJson[];
  ingressDeniedBy?: PolicyJson[];
  egressDeniedBy?: PolicyJson[];
  iface?: { index: number; name: string };
  dstService?: ServiceRef;
  /** DNS names of the destination (flow.destination_names), e.g. for world addresses. */
  dstNames?: string[];
};

/** Emits one L3/L4 flow. */
export function packet(sink: FlowSink, s: PacketSpec): void {
  const rng = sink.rng;
  const l4 =
    s.proto === 'ICMPv4'
      ? { ICMPv4: s.icmpType ? { type: s.icmpType } : {} }
      : s.proto === 'TCP'
        ? { TCP: { source_port: s.srcPort, destination_port: s.dstPort, ...(s.flags ? { flags: s.flags } : {}) } }
        : { UDP: { source_port: s.srcPort, destination_port: s.dstPort } };
  const summary =
    s.proto === 'ICMPv4'
      ? `ICMPv4 ${s.icmpType === 8 ? 'EchoRequest' : 'EchoReply'}`
      : s.proto === 'TCP'
        ? tcpSummary(s.flags ?? {})
        : 'UDP';
  const eventType =
    s.event === 'trace'
      ? {
          type: MESSAGE_TYPE.TRACE,
          ...(TRACE_SUBTYPES[s.point ?? 'TO_ENDPOINT'] ? { sub_type: TRACE_SUBTYPES[s.point ?? 'TO_ENDPOINT'] } : {}),
        }
      : s.event === 'drop'
        ? { type: MESSAGE_TYPE.DROP, sub_type: s.dropReason }
        : { type: MESSAGE_TYPE.POLICY_VERDICT };
  const flow: FlowJson = {
    time: '',
    uuid: flowUuid(rng),
    verdict: s.verdict,
    ...(s.dropReason ? { drop_reason: s.dropReason } : {}),
    IP: { source: s.src.ip, destination: s.dst.ip, ipVersion: 'IPv4' },
    l4,
    source: s.src.ep(s.observer),
    destination: s.dst.ep(s.observer),
    Type: 'L3_L4',
    node_name: s.observer.name,
    ...(s.dstNames ? { destination_names: s.dstNames } : {}),
    ...(s.isReply ? { reply: true } : {}),
    event_type: eventType,
    ...(s.dstService ? { destination_service: s.dstService } : {}),
    ...(s.direction ? { traffic_direction: s.direction } : {}),
    ...(s.matchType ? { policy_match_type: s.matchType } : {}),
    ...(s.event === 'trace' ? { trace_observation_point: s.point ?? 'TO_ENDPOINT' } : {}),
    ...(s.dropReason ? { drop_reason_desc: DROP_REASONS[s.dropReason]?.name ?? 'DROP_REASON_UNKNOWN' } : {}),
    is_reply: s.isReply,
    ...(s.iface ? { interface: s.iface } : {}),
    Summary: summary,
    ...(s.egressAllowedBy ? { egress_allowed_by: s.egressAllowedBy } : {}),
    ...(s.ingressAllowedBy ? { ingress_allowed_by: s.ingressAllowedBy } : {}),
    ...(s.egressDeniedBy ? { egress_denied_by: s.egressDeniedBy } : {}),
    ...(s.ingressDeniedBy ? { ingress_denied_by: s.ingressDeniedBy } : {}),
  };
  emitAt(sink, flow, s.us, sink.rng.int(0, 999));
}

/** One HTTP exchange half seen by an L7 proxy (a REQUEST or its RESPONSE). */
export type HttpSpec = {
  us: number;
  observer: NodeInfo;
  client: Party;
  server: Party;
  clientPort: number;
  serverPort: number;
  direction: Direction;
  type: 'REQUEST' | 'RESPONSE';
  method: string;
  url: string;
  code?: number;
  latencyNs?: number;
  headers: Array<{ key: string; value: string }>;
  traceId?: string;
  dstService?: ServiceRef;
  verdict?: 'FORWARDED' | 'DROPPED';
};

/** Emits one L7 HTTP flow (event type 129, access log). */
export function http(sink: FlowSink, s: HttpSpec): void {
  const req = s.type === 'REQUEST';
  const [src, dst] = req ? [s.client, s.server] : [s.server, s.client];
  const [sp, dp] = req ? [s.clientPort, s.serverPort] : [s.serverPort, s.clientPort];
  const ms = Math.round((s.latencyNs ?? 0) / 1e6);
  const flow: FlowJson = {
    time: '',
    uuid: flowUuid(sink.rng),
    verdict: s.verdict ?? 'FORWARDED',
    IP: { source: src.ip, destination: dst.ip, ipVersion: 'IPv4' },
    l4: { TCP: { source_port: sp, destination_port: dp } },
    source: src.ep(s.observer),
    destination: dst.ep(s.observer),
    Type: 'L7',
    node_name: s.observer.name,
    l7: {
      type: s.type,
      ...(req ? {} : { latency_ns: String(Math.round(s.latencyNs ?? 0)) }),
      http: {
        ...(req ? {} : { code: s.code }),
        method: s.method,
        url: s.url,
        protocol: 'HTTP/1.1',
        headers: s.headers,
      },
    },
    ...(req ? {} : { reply: true }),
    event_type: { type: MESSAGE_TYPE.ACCESS_LOG },
    ...(req && s.dstService ? { destination_service: s.dstService } : {}),
    ...(!req && s.dstService ? { source_service: s.dstService } : {}),
    traffic_direction: s.direction,
    is_reply: !req,
    ...(s.traceId ? { trace_context: { parent: { trace_id: s.traceId } } } : {}),
    Summary: req ? `HTTP/1.1 ${s.method} ${s.url}` : `HTTP/1.1 ${s.code} ${ms}ms (${s.method} ${s.url})`,
  };
  emitAt(sink, flow, s.us, sink.rng.int(0, 999));
}

/** One DNS query or answer seen by the DNS proxy of the client's node (egress). */
export type DnsSpec = {
  us: number;
  observer: NodeInfo;
  client: Party;
  server: Party;
  clientPort: number;
  type: 'REQUEST' | 'RESPONSE';
  query: string;
  qtype: 'A' | 'AAAA';
  /** DNS rcode (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN). */
  rcode?: number;
  ips?: string[];
  ttl?: number;
  latencyNs?: number;
};

/** Hubble's text of the DNS rcodes the simulation answers (as in its flow summaries). */
const RCODE_TEXT: Record<number, string> = { 2: 'Server Failure', 3: 'Non-Existent Domain' };

/** Emits one L7 DNS flow (UDP to port 53, observation_source "proxy"). */
export function dns(sink: FlowSink, s: DnsSpec): void {
  const req = s.type === 'REQUEST';
  const [src, dst] = req ? [s.client, s.server] : [s.server, s.client];
  const [sp, dp] = req ? [s.clientPort, 53] : [53, s.clientPort];
  const failed = (s.rcode ?? 0) !== 0;
  const ips = s.ips ?? [];
  const ttl = failed ? 4294967295 : (s.ttl ?? 30);
  const dnsField = req
    ? { query: s.query, observation_source: 'proxy', qtypes: [s.qtype] }
    : {
        query: s.query,
        ...(ips.length ? { ips } : {}),
        ttl,
        observation_source: 'proxy',
        ...(s.rcode ? { rcode: s.rcode } : {}),
        qtypes: [s.qtype],
        ...(ips.length ? { rrtypes: [s.qtype] } : {}),
      };
  const summary = req
    ? `DNS Query ${s.query} ${s.qtype}`
    : failed
      ? `DNS Answer RCode: ${RCODE_TEXT[s.rcode ?? 0] ?? s.rcode} TTL: ${ttl} (Proxy ${s.query} ${s.qtype})`
      : `DNS Answer "${ips.join(',')}" TTL: ${ttl} (Proxy ${s.query} ${s.qtype})`;
  const flow: FlowJson = {
    time: '',
    uuid: flowUuid(sink.rng),
    verdict: 'FORWARDED',
    IP: { source: src.ip, destination: dst.ip, ipVersion: 'IPv4' },
    l4: { UDP: { source_port: sp, destination_port: dp } },
    source: src.ep(s.observer),
    destination: dst.ep(s.observer),
    Type: 'L7',
    node_name: s.observer.name,
    l7: { type: s.type, ...(req ? {} : { latency_ns: String(Math.round(s.latencyNs ?? 0)) }), dns: dnsField },
    ...(req ? {} : { reply: true }),
    event_type: { type: MESSAGE_TYPE.ACCESS_LOG },
    ...(req ? { destination_service: { name: 'kube-dns', namespace: 'kube-system' } } : {}),
    traffic_direction: 'EGRESS',
    is_reply: !req,
    Summary: summary,
  };
  emitAt(sink, flow, s.us, sink.rng.int(0, 999));
}
