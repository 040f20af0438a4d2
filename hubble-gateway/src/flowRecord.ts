/**
 * The compact form in which the gateway keeps a flow: the flow's protobuf bytes (converted to JSON
 * only when a response needs it) plus the few decoded fields that filters and the service map read.
 */
import type * as protobuf from 'protobufjs';
import { nodeOfEndpoint, type EndpointFields, type MapNode } from './endpoint';
import type { Time } from './time';

/** What filters and the service map need of one endpoint. Shared between flows (flowScan interns them). */
export type EndpointSummary = {
  namespace: string;
  /** Pod name, "" for endpoints outside pods. */
  pod: string;
  /** Workload names from `workloads[].name`, plus the name derived from the pod name. */
  workloads: string[];
  node: MapNode;
};

/** L4 protocol names as in flow.Layer4's oneof (`TCP`, `UDP`, `ICMPv4`, `ICMPv6`, `SCTP`), "" if none. */
export type L4Name = '' | 'TCP' | 'UDP' | 'ICMPv4' | 'ICMPv6' | 'SCTP';

/** One buffered flow. Numbers are as in flow.proto (enum values, ports); latency in nanoseconds. */
export type FlowRecord = {
  /** Encoded flow.Flow. */
  bytes: Uint8Array;
  time: Time;
  uuid: string;
  verdict: number;
  src: EndpointSummary;
  dst: EndpointSummary;
  l4: L4Name;
  sport: number;
  dport: number;
  /** "" | "http" | "dns" (flow.Layer7 record). */
  l7: '' | 'http' | 'dns';
  /** flow.L7FlowType: 1 REQUEST, 2 RESPONSE. */
  l7type: number;
  httpCode: number;
  latencyNs: number;
  dnsQuery: string;
  /** flow.TrafficDirection: 1 INGRESS, 2 EGRESS. */
  direction: number;
  /** is_reply: 1 true, 0 false, -1 absent. */
  isReply: number;
  /** event_type.type (Cilium monitor message type). */
  eventType: number;
};

type Msg = Record<string, any>; // a protobufjs-decoded message

function toNumber(v: unknown): number {
  if (typeof v === 'number') {
    return v;
  }
  if (v && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    return (v as { toNumber(): number }).toNumber();
  }
  return Number(v ?? 0);
}

/** Summary of a decoded flow.Endpoint (`null` when the flow has none); `names` are its DNS names. */
export function endpointSummary(ep: Msg | null, names: string[]): EndpointSummary {
  const namespace: string = ep?.namespace ?? '';
  const pod: string = ep?.pod_name ?? '';
  const node = nodeOfEndpoint(ep as EndpointFields, names);
  const workloads = ((ep?.workloads ?? []) as Msg[]).map((w) => String(w.name ?? '')).filter(Boolean);
  if (pod && node.type === 'workload' && !workloads.includes(node.name)) {
    workloads.push(node.name);
  }
  return { namespace, pod, workloads, node };
}

/** Copies `bytes` into memory of its own, so a record does not pin a larger network buffer. */
function own(bytes: Uint8Array): Uint8Array {
  const copy = Buffer.allocUnsafe(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * Builds the record of a decoded flow.Flow `flow` whose encoding is `bytes` by reading the decoded
 * object: the reference for the fast path `scanFlow` (flowScan.ts), which the gateway uses.
 * Throws TypeError if `flow` lacks `time` (a flow without time cannot be placed in the buffer).
 */
export function recordFromFlow(flow: Msg, bytes: Uint8Array): FlowRecord {
  const t = flow.time;
  if (!t) {
    throw new TypeError('flow without time');
  }
  const l4m: Msg | null = flow.l4;
  let l4: L4Name = '';
  let ports: Msg | null = null;
  if (l4m) {
    if (l4m.TCP) {
      l4 = 'TCP';
      ports = l4m.TCP;
    } else if (l4m.UDP) {
      l4 = 'UDP';
      ports = l4m.UDP;
    } else if (l4m.SCTP) {
      l4 = 'SCTP';
      ports = l4m.SCTP;
    } else if (l4m.ICMPv4) {
      l4 = 'ICMPv4';
    } else if (l4m.ICMPv6) {
      l4 = 'ICMPv6';
    }
  }
  const l7m: Msg | null = flow.l7;
  return {
    bytes: own(bytes),
    time: { sec: toNumber(t.seconds), nanos: t.nanos ?? 0 },
    uuid: flow.uuid ?? '',
    verdict: flow.verdict ?? 0,
    src: endpointSummary(flow.source, (flow.source_names ?? []).slice(0, 1)),
    dst: endpointSummary(flow.destination, (flow.destination_names ?? []).slice(0, 1)),
    l4,
    sport: ports?.source_port ?? 0,
    dport: ports?.destination_port ?? 0,
    l7: l7m?.http ? 'http' : l7m?.dns ? 'dns' : '',
    l7type: l7m?.type ?? 0,
    httpCode: l7m?.http?.code ?? 0,
    latencyNs: l7m ? toNumber(l7m.latency_ns) : 0,
    dnsQuery: l7m?.dns?.query ?? '',
    direction: flow.traffic_direction ?? 0,
    isReply: flow.is_reply ? (flow.is_reply.value ? 1 : 0) : -1,
    eventType: flow.event_type?.type ?? 0,
  };
}

/** Decodes encoded flow.Flow bytes fully and builds the record (reference path). Throws on invalid bytes. */
export function recordFromBytes(Flow: protobuf.Type, bytes: Uint8Array): FlowRecord {
  return recordFromFlow(Flow.decode(bytes) as Msg, bytes);
}
