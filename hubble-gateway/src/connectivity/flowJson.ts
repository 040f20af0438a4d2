/**
 * The fields of a flow that the connectivity analysis reads, in the JSON shape `GET /api/v1/flows`
 * prints (that of `hubble observe -o json` for `.flow`: proto field names, enum names, 64-bit
 * integers as strings, defaults omitted). Source: flow.proto of Cilium 1.19 (`flow.Flow`).
 * Every field is optional, as protojson omits defaults; unknown fields are kept.
 */

/** `flow.Policy`: a network policy named in `*_allowed_by` / `*_denied_by`. */
export type PolicyJson = { name?: string; namespace?: string; labels?: string[]; revision?: string; kind?: string };

/** `flow.Endpoint`. `ID` is set only when the endpoint is local to the observing node. */
export type EndpointJson = {
  ID?: number;
  identity?: number;
  cluster_name?: string;
  namespace?: string;
  /** `k8s:app=x`, `reserved:world`, ... */
  labels?: string[];
  pod_name?: string;
  workloads?: Array<{ name?: string; kind?: string }>;
};

/** `flow.TCPFlags`. */
export type TcpFlagsJson = { SYN?: boolean; ACK?: boolean; FIN?: boolean; RST?: boolean; PSH?: boolean };

/** `flow.Layer4`: one of the protocols. */
export type Layer4Json = {
  TCP?: { source_port?: number; destination_port?: number; flags?: TcpFlagsJson };
  UDP?: { source_port?: number; destination_port?: number };
  SCTP?: { source_port?: number; destination_port?: number };
  ICMPv4?: { type?: number; code?: number };
  ICMPv6?: { type?: number; code?: number };
};

/** `flow.DNS`. `rcode` is the DNS response code (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED). */
export type DnsJson = { query?: string; ips?: string[]; ttl?: number; rcode?: number; qtypes?: string[] };

/** `flow.HTTP`. */
export type HttpJson = { code?: number; method?: string; url?: string; protocol?: string };

/** `flow.Layer7`; `latency_ns` is a uint64, so a string. */
export type Layer7Json = { type?: string; latency_ns?: string; dns?: DnsJson; http?: HttpJson };

/** `flow.Flow` as `/api/v1/flows` prints it. */
export type FlowJson = {
  time?: string;
  uuid?: string;
  /** FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED */
  verdict?: string;
  /** flow.DropReason name (`POLICY_DENIED`), or its number when the gateway's proto lacks it. */
  drop_reason_desc?: string | number;
  IP?: { source?: string; destination?: string; ipVersion?: string };
  l4?: Layer4Json;
  source?: EndpointJson;
  destination?: EndpointJson;
  /** L3_L4, L7, SOCK */
  Type?: string;
  node_name?: string;
  source_names?: string[];
  destination_names?: string[];
  l7?: Layer7Json;
  is_reply?: boolean;
  event_type?: { type?: number; sub_type?: number };
  source_service?: { name?: string; namespace?: string };
  destination_service?: { name?: string; namespace?: string };
  /** INGRESS, EGRESS or TRAFFIC_DIRECTION_UNKNOWN */
  traffic_direction?: string;
  egress_allowed_by?: PolicyJson[];
  ingress_allowed_by?: PolicyJson[];
  egress_denied_by?: PolicyJson[];
  ingress_denied_by?: PolicyJson[];
  [field: string]: unknown;
};

/** An L4 port as the API reports it: TCP/UDP/SCTP with the server port, ICMP with port 0. */
export type PortJson = { port: number; protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMPv4' | 'ICMPv6' };

/**
 * The server-side port of a flow: the destination port of a request, the source port of a reply
 * (`is_reply`). Undefined for flows without L4.
 */
export function serverPort(f: FlowJson): PortJson | undefined {
  const l4 = f.l4;
  if (!l4) {
    return undefined;
  }
  for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
    const p = l4[protocol];
    if (p) {
      return { port: (f.is_reply ? p.source_port : p.destination_port) ?? 0, protocol };
    }
  }
  if (l4.ICMPv4) {
    return { port: 0, protocol: 'ICMPv4' };
  }
  if (l4.ICMPv6) {
    return { port: 0, protocol: 'ICMPv6' };
  }
  return undefined;
}

/** Adds `p` to `ports` unless present; keeps the list sorted by protocol, then port. */
export function addPort(ports: PortJson[], p: PortJson | undefined): void {
  if (!p || ports.some((q) => q.port === p.port && q.protocol === p.protocol)) {
    return;
  }
  ports.push(p);
  ports.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
}

/** Milliseconds since the epoch of a flow's RFC 3339 `time` (NaN when absent or malformed). */
export function flowTimeMs(f: FlowJson): number {
  return f.time ? Date.parse(f.time) : NaN;
}
