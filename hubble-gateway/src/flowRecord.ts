/**
 * The index the gateway keeps of each flow: the few fields that filters and the service map read
 * (the flow itself stays in its protobuf bytes and is printed as JSON only for answers).
 */
import { nodeOfEndpoint, type EndpointFields, type MapNode } from './endpoint';
import type { Time } from './time';

/** What filters and the service map need of one endpoint. Shared between flows (one per distinct endpoint). */
export type EndpointSummary = {
  namespace: string;
  /** Pod name, "" for endpoints outside pods. */
  pod: string;
  /** Workload names from `workloads[].name`, plus the name derived from the pod name. */
  workloads: string[];
  node: MapNode;
};

/** L4 protocol names as in flow.Layer4's oneof (`TCP`, `UDP`, `ICMPv4`, `ICMPv6`, `SCTP`, `VRRP`, `IGMP`), "" if none. */
export type L4Name = '' | 'TCP' | 'UDP' | 'ICMPv4' | 'ICMPv6' | 'SCTP' | 'VRRP' | 'IGMP';

/** The L7 record of flow.Layer7 (`dns`, `http`, `kafka`), "" if none. */
export type L7Name = '' | 'http' | 'dns' | 'kafka';

/**
 * The indexed fields of one flow. Numbers are as in flow.proto (enum values, ports); latency in
 * nanoseconds. Records handed out by the store may be views that read its columns: use them during
 * the call that hands them out.
 */
export interface FlowRecord {
  readonly time: Time;
  /** The same time in milliseconds since the epoch (fractional; not exact to the nanosecond). */
  readonly timeMs: number;
  /** flow.Verdict. */
  readonly verdict: number;
  readonly src: EndpointSummary;
  readonly dst: EndpointSummary;
  readonly l4: L4Name;
  /** L4 source and destination port (TCP, UDP, SCTP), 0 otherwise. */
  readonly sport: number;
  readonly dport: number;
  readonly l7: L7Name;
  /** flow.L7FlowType: 1 REQUEST, 2 RESPONSE. */
  readonly l7type: number;
  /** l7.http.code, 0 when not HTTP. */
  readonly httpCode: number;
  /** l7.latency_ns. */
  readonly latencyNs: number;
  /** l7.dns.query, "" when not DNS. */
  readonly dnsQuery: string;
  /** flow.TrafficDirection: 1 INGRESS, 2 EGRESS. */
  readonly direction: number;
  /** is_reply: 1 true, 0 false, -1 absent. */
  readonly isReply: number;
  /** event_type.type (Cilium monitor message type). */
  readonly eventType: number;
}

/** Summary of a decoded flow.Endpoint (`null` when the flow has none); `names` are its DNS names. */
export function endpointSummary(ep: EndpointFields | null, names: string[]): EndpointSummary {
  const namespace: string = ep?.namespace ?? '';
  const pod: string = ep?.pod_name ?? '';
  const node = nodeOfEndpoint(ep, names);
  const workloads = (ep?.workloads ?? []).map((w) => String(w.name ?? '')).filter(Boolean);
  if (pod && node.type === 'workload' && !workloads.includes(node.name)) {
    workloads.push(node.name);
  }
  return { namespace, pod, workloads, node };
}
