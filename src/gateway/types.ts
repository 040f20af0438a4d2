/**
 * Shapes of the Hubble gateway's HTTP/JSON API (`hubble-gateway/`, versioned under `/api/v1`).
 *
 * Flows are in the JSON shape `hubble observe -o json` prints for `.flow` (Go protojson with proto
 * field names, Cilium 1.19 flow.proto): enums by name, 64-bit integers as strings, timestamps as
 * RFC 3339 strings with up to nanosecond precision, empty fields omitted. Every field is therefore
 * optional here. Only the fields the app reads are typed; the rest stay available as raw JSON.
 */

/** `flow.Workload`: the owner of a pod as Cilium resolved it (`{ name: "reviews-v1", kind: "Deployment" }`). */
export interface FlowWorkload {
  name?: string;
  kind?: string;
}

/** `flow.Endpoint`: one side of a flow. `labels` are identity labels such as `k8s:app=x` or `reserved:world`. */
export interface FlowEndpoint {
  ID?: number;
  /** Numeric security identity (2 = world, 1 = host, 6 = remote-node, ...). */
  identity?: number;
  cluster_name?: string;
  namespace?: string;
  labels?: string[];
  pod_name?: string;
  workloads?: FlowWorkload[];
}

/** `flow.IP`: addresses of the packet; `ipVersion` is `IPv4`, `IPv6` or `IP_NOT_USED`. */
export interface FlowIP {
  source?: string;
  source_xlated?: string;
  destination?: string;
  ipVersion?: string;
  encrypted?: boolean;
}

/** `flow.TCPFlags`: only the flags that are set appear (as `true`). */
export interface TCPFlags {
  FIN?: boolean;
  SYN?: boolean;
  RST?: boolean;
  PSH?: boolean;
  ACK?: boolean;
  URG?: boolean;
  ECE?: boolean;
  CWR?: boolean;
  NS?: boolean;
}

/** Ports of a TCP, UDP or SCTP segment. */
export interface PortPair {
  source_port?: number;
  destination_port?: number;
}

/** ICMP type and code. */
export interface IcmpInfo {
  type?: number;
  code?: number;
}

/** `flow.Layer4`: exactly one member is set. */
export interface Layer4 {
  TCP?: PortPair & { flags?: TCPFlags };
  UDP?: PortPair;
  SCTP?: PortPair;
  ICMPv4?: IcmpInfo;
  ICMPv6?: IcmpInfo;
}

/** `flow.HTTP`: method, URL, status `code` (responses only) and headers. */
export interface HttpInfo {
  code?: number;
  method?: string;
  url?: string;
  protocol?: string;
  headers?: Array<{ key?: string; value?: string }>;
}

/** `flow.DNS`: query name (with trailing dot), answers and numeric `rcode` (0 NOERROR, 3 NXDOMAIN, ...). */
export interface DnsInfo {
  query?: string;
  ips?: string[];
  ttl?: number;
  cnames?: string[];
  observation_source?: string;
  rcode?: number;
  qtypes?: string[];
  rrtypes?: string[];
}

/** `flow.Layer7`: `type` REQUEST / RESPONSE / SAMPLE; `latency_ns` (uint64, so a string) on responses. */
export interface Layer7 {
  type?: string;
  latency_ns?: string;
  dns?: DnsInfo;
  http?: HttpInfo;
  kafka?: Record<string, unknown>;
}

/** `flow.Policy`: a network policy that allowed or denied the flow. */
export interface FlowPolicy {
  name?: string;
  namespace?: string;
  labels?: string[];
  revision?: string;
  kind?: string;
}

/** `flow.Service`: the Kubernetes Service a side was addressed through. */
export interface FlowService {
  name?: string;
  namespace?: string;
}

/** `flow.Flow` as `hubble observe -o json` prints it under `.flow`. */
export interface HubbleFlow {
  /** RFC 3339 with up to 9 fractional digits, UTC. */
  time?: string;
  uuid?: string;
  /** FORWARDED, DROPPED, ERROR, AUDIT, REDIRECTED, TRACED, TRANSLATED. */
  verdict?: string;
  /** Drop reason name such as POLICY_DENIED (DROPPED flows only). */
  drop_reason_desc?: string;
  IP?: FlowIP;
  l4?: Layer4;
  source?: FlowEndpoint;
  destination?: FlowEndpoint;
  /** L3_L4, L7, SOCK. */
  Type?: string;
  node_name?: string;
  source_names?: string[];
  destination_names?: string[];
  l7?: Layer7;
  is_reply?: boolean;
  event_type?: { type?: number; sub_type?: number };
  source_service?: FlowService;
  destination_service?: FlowService;
  /** INGRESS, EGRESS or TRAFFIC_DIRECTION_UNKNOWN. */
  traffic_direction?: string;
  policy_match_type?: number;
  /** TO_ENDPOINT, FROM_ENDPOINT, TO_STACK, TO_PROXY, ... */
  trace_observation_point?: string;
  trace_context?: { parent?: { trace_id?: string } };
  egress_allowed_by?: FlowPolicy[];
  ingress_allowed_by?: FlowPolicy[];
  egress_denied_by?: FlowPolicy[];
  ingress_denied_by?: FlowPolicy[];
  Summary?: string;
  [field: string]: unknown;
}

/** `GET /api/v1/flows` answer: flows newest first. */
export interface FlowsResponse {
  flows: HubbleFlow[];
}

/**
 * A node of the gateway's service map. `id` is unique: `namespace/workload`, `reserved:world`,
 * `dns:api.example.com`, `identity:1234` or `unknown`.
 */
export interface GatewayMapNode {
  id: string;
  type: 'workload' | 'reserved' | 'dns' | 'identity' | 'unknown';
  /** Pod namespace for workloads, "" otherwise. */
  namespace: string;
  /** Workload name, reserved identity (`world`), DNS name or identity number. */
  name: string;
  /** `workloads[].kind` (`Deployment`), "" when the gateway derived the workload from the pod name. */
  workload_kind: string;
  /** Identity nodes: what the identity's labels say (`bookinfo app=productpage`, `cidr 10.0.0.0/8`); absent when nothing. */
  label?: string;
  /** Flow counts over the edges of the answer. */
  flows: { in: number; out: number; dropped: number };
}

/** An edge (client → server) of the gateway's service map; reply flows count toward their request's edge. */
export interface GatewayMapEdge {
  /** `<source id>-><target id>`. */
  id: string;
  source: string;
  target: string;
  /** Destination ports; `port` 0 for ICMP. */
  ports: Array<{ port: number; protocol: string }>;
  /** L4 and L7 protocol names (`TCP`, `HTTP`, `DNS`). */
  protocols: string[];
  /** Flows in the window. */
  flows: number;
  /** Flow counts by verdict name (`FORWARDED`, `DROPPED`, ...). */
  verdicts: Record<string, number>;
  /** HTTP totals in the window; latency quantiles in milliseconds (null without responses with latency). */
  http?: {
    requests: number;
    responses: number;
    errors: number;
    latency_ms: { p50: number; p95: number; p99: number } | null;
  };
}

/** `GET /api/v1/service-map` answer. `window` is the slot-aligned range the counts cover (null when empty). */
export interface ServiceMapResponse {
  nodes: GatewayMapNode[];
  edges: GatewayMapEdge[];
  window: { since: string; until: string } | null;
}

/** `GET /api/v1/namespaces` answer: from Relay's GetNamespaces, or the buffer when Relay failed. */
export interface NamespacesResponse {
  namespaces: Array<{ cluster: string; namespace: string }>;
  source?: 'relay' | 'buffer';
}

/** One node as Relay's GetNodes reports it (protojson: `state` by name, 64-bit counters as strings). */
export interface RelayNode {
  name?: string;
  version?: string;
  address?: string;
  /** NODE_CONNECTED, NODE_UNAVAILABLE, NODE_GONE, NODE_ERROR, UNKNOWN_NODE_STATE. */
  state?: string;
  uptime_ns?: string;
  num_flows?: string;
  max_flows?: string;
  seen_flows?: string;
}

/**
 * How the gateway gets flows (`mode` of `GET /api/v1/status`, hubble-gateway README "Large clusters"):
 * `follow` keeps every flow of the cluster in its buffer; `query` asks Hubble Relay once per request
 * (clusters whose flow rate is above what one gateway follows). Rates in flows per second.
 */
export interface GatewayModeStatus {
  current: 'follow' | 'query';
  /** The gateway's `--mode` flag: `auto` picks from the measured rate. */
  setting: 'auto' | 'follow' | 'query';
  /** When the current mode began (RFC 3339). */
  since: string;
  /** Why the gateway is in this mode, in a sentence. */
  reason: string;
  /** The cluster's flow rate as last measured from Relay's ServerStatus, null before the first. */
  flow_rate: number | null;
  query_mode_rate: number;
  follow_mode_rate: number;
  last_error?: string;
}

/** `GET /api/v1/status` answer: the gateway's mode, Relay connection, Relay's ServerStatus and nodes, the buffer. */
export interface GatewayStatus {
  /** Absent from gateways older than the large-cluster mode (they always follow). */
  mode?: GatewayModeStatus;
  relay: { address: string; stream: string; last_error?: string };
  server_status: {
    num_flows?: string;
    max_flows?: string;
    seen_flows?: string;
    uptime_ns?: string;
    num_connected_nodes?: number;
    num_unavailable_nodes?: number;
    unavailable_nodes?: string[];
    version?: string;
    flows_rate?: number;
  };
  nodes: RelayNode[];
  buffer: { flows: number; capacity: number; oldest?: string; newest?: string };
}

/** Body of a gateway error: HTTP 400 names the `parameter` and what is `allowed`; 401/404/502/503 carry `error`. */
export interface GatewayErrorBody {
  error?: string;
  parameter?: string;
  allowed?: string;
}
