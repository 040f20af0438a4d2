/**
 * Every drop reason Hubble can report, with a plain-language explanation and what to change.
 *
 * Keys are the names of Cilium's `flow.DropReason` enum (flow.proto of Cilium 1.19, which Hubble
 * prints in `drop_reason_desc`); `code` is the enum number (the same number as bpf/lib/common.h
 * `DROP_*` and the agent's drop notifications); `text` is the agent's own description of the code
 * (pkg/monitor/api/drop.go), which is also the `reason` label of `cilium_drop_count_total`.
 * Helm values are those of the cilium/cilium chart; agent flags those of cilium-agent.
 * A test (dropReasons.test.ts) fails when the enum has a reason this catalogue lacks.
 */

/** How bad a drop of this kind is for connectivity. */
export type DropSeverity = 'error' | 'warning' | 'info';

/** One catalogue entry. */
export type DropReasonInfo = {
  /** flow.DropReason number. */
  code: number;
  /** The agent's text for the code (`cilium_drop_count_total{reason}`). */
  text: string;
  severity: DropSeverity;
  /** What happened, in plain language. */
  explanation: string;
  /** What to change: the policy, the Helm value or agent flag, the workload. */
  fix: string;
  /** Marked `deprecated` in flow.proto: current datapaths no longer emit it. */
  deprecated?: boolean;
  /** Where the facts come from. */
  source: string;
};

const PROTO = 'Cilium 1.19 api/v1/flow/flow.proto enum DropReason';
const MAPS_DOC = 'Cilium docs "eBPF Maps" (map sizes and the flags that change them)';

type Spec = Omit<DropReasonInfo, 'source'> & { docs?: string };

function entries(specs: Record<string, Spec>): Record<string, DropReasonInfo> {
  const out: Record<string, DropReasonInfo> = {};
  for (const [name, { docs, ...s }] of Object.entries(specs)) {
    out[name] = {
      ...s,
      source: `${PROTO} ${name} = ${s.code}; agent text "${s.text}" (pkg/monitor/api/drop.go)${docs ? `; ${docs}` : ''}`,
    };
  }
  return out;
}

const TRANSIENT = 'Transient while the agent restarts or endpoints regenerate.';
const REPORT = 'If it persists, collect `cilium-bugtool` output from the node and report it to Cilium.';
const DEPRECATED = 'No longer emitted by current Cilium datapaths; seen only from old agents: upgrade Cilium.';

/** The catalogue, by flow.DropReason name. */
export const DROP_REASONS: Record<string, DropReasonInfo> = entries({
  DROP_REASON_UNKNOWN: {
    code: 0,
    text: 'Success',
    severity: 'warning',
    explanation: 'The flow was dropped but carries no drop reason.',
    fix: "Watch the raw drop events on the flow's node: `kubectl -n kube-system exec <cilium pod on that node> -- cilium-dbg monitor --type drop`.",
  },
  INVALID_SOURCE_MAC: {
    code: 130,
    text: 'Invalid source mac',
    severity: 'error',
    deprecated: true,
    explanation: "The packet's source MAC address was not the endpoint's.",
    fix: DEPRECATED,
  },
  INVALID_DESTINATION_MAC: {
    code: 131,
    text: 'Invalid destination mac',
    severity: 'error',
    deprecated: true,
    explanation: "The packet's destination MAC address was not the endpoint's.",
    fix: DEPRECATED,
  },
  INVALID_SOURCE_IP: {
    code: 132,
    text: 'Invalid source ip',
    severity: 'error',
    explanation:
      "A packet left a pod with a source IP that is not the pod's own address, so Cilium's anti-spoofing check dropped it.",
    fix: 'Find what in the pod sends from another address (a VIP, a secondary IP, a nested network namespace or a chained CNI plugin). Pods may only send from the addresses Cilium IPAM gave them; do other address translation outside the pod.',
  },
  POLICY_DENIED: {
    code: 133,
    text: 'Policy denied',
    severity: 'error',
    explanation:
      'No network policy rule allows this traffic: the endpoint is selected by at least one policy in this direction, which puts it in default deny, and no rule matches this peer, port and protocol.',
    fix: 'Add a rule that allows exactly this peer on this port (see the suggested policy), or stop the client if the traffic is unwanted. To try a policy change without dropping anything, run in audit mode first (Helm `policyAuditMode=true`, agent flag `--policy-audit-mode`) and watch for AUDIT verdicts.',
    docs: 'Cilium docs "Policy Enforcement Modes" (default deny once an endpoint is selected)',
  },
  INVALID_PACKET_DROPPED: {
    code: 134,
    text: 'Invalid packet',
    severity: 'error',
    explanation: 'The datapath could not parse the packet: truncated or malformed headers.',
    fix: 'Find the sender of malformed packets (`cilium-dbg monitor --type drop -v` on the node). Check for MTU mismatches between pods, the tunnel and the NICs (Helm `MTU`).',
  },
  CT_TRUNCATED_OR_INVALID_HEADER: {
    code: 135,
    text: 'CT: Truncated or invalid header',
    severity: 'error',
    explanation:
      'Connection tracking could not read the L4 header: the packet is truncated or its header length is wrong.',
    fix: 'Usually malformed or fragmented packets: check the MTU (Helm `MTU`) and that IPv4 fragment tracking is on (agent flag `--enable-ipv4-fragment-tracking`, on by default).',
  },
  CT_MISSING_TCP_ACK_FLAG: {
    code: 136,
    text: 'CT: Missing TCP ACK flag',
    severity: 'error',
    explanation: 'A TCP packet of an established connection lacked the ACK flag.',
    fix: `Unused by current datapaths (the agent marks the code unused). ${REPORT}`,
  },
  CT_UNKNOWN_L4_PROTOCOL: {
    code: 137,
    text: 'CT: Unknown L4 protocol',
    severity: 'error',
    explanation: 'Connection tracking met an L4 protocol it does not track.',
    fix: 'Cilium tracks TCP, UDP, ICMP and SCTP; SCTP needs Helm `sctp.enabled=true` (agent flag `--enable-sctp`). Other IP protocols (GRE, ESP, ...) cannot pass between pods; tunnel them over UDP or TCP.',
  },
  CT_CANNOT_CREATE_ENTRY_FROM_PACKET: {
    code: 138,
    text: "CT: Can't create entry from packet",
    severity: 'error',
    deprecated: true,
    explanation: 'Connection tracking could not create an entry for the packet.',
    fix: DEPRECATED,
  },
  UNSUPPORTED_L3_PROTOCOL: {
    code: 139,
    text: 'Unsupported L3 protocol',
    severity: 'error',
    explanation: 'The packet is neither IPv4 nor IPv6, or uses an IP family that is disabled in Cilium.',
    fix: 'Enable the family the traffic uses (Helm `ipv4.enabled`, `ipv6.enabled`; agent flags `--enable-ipv4`, `--enable-ipv6`). Non-IP protocols cannot pass between pods.',
  },
  MISSED_TAIL_CALL: {
    code: 140,
    text: 'Missed tail call',
    severity: 'error',
    explanation: 'A BPF program jumped to another program that was not loaded.',
    fix: `${TRANSIENT} Otherwise check \`cilium_endpoint_regenerations_total{outcome="fail"}\` and the agent log for BPF load errors. ${REPORT}`,
  },
  ERROR_WRITING_TO_PACKET: {
    code: 141,
    text: 'Error writing to packet',
    severity: 'error',
    explanation: 'The datapath failed to rewrite the packet (address translation or a header change).',
    fix: `Check NIC offloads and the MTU (Helm \`MTU\`). ${REPORT}`,
  },
  UNKNOWN_L4_PROTOCOL: {
    code: 142,
    text: 'Unknown L4 protocol',
    severity: 'error',
    explanation: 'Load balancing or NAT met an L4 protocol it cannot translate.',
    fix: 'Services and NAT handle TCP, UDP, ICMP and SCTP (Helm `sctp.enabled=true`); reach other protocols by pod IP, not through a Service.',
  },
  UNKNOWN_ICMPV4_CODE: {
    code: 143,
    text: 'Unknown ICMPv4 code',
    severity: 'warning',
    explanation: 'An ICMPv4 message with a code the datapath does not handle on this path.',
    fix: 'Usually harmless noise; change nothing unless an application relies on that ICMP message.',
  },
  UNKNOWN_ICMPV4_TYPE: {
    code: 144,
    text: 'Unknown ICMPv4 type',
    severity: 'warning',
    explanation: 'An ICMPv4 message of a type the datapath does not handle on this path.',
    fix: 'Usually harmless noise; change nothing unless an application relies on that ICMP message.',
  },
  UNKNOWN_ICMPV6_CODE: {
    code: 145,
    text: 'Unknown ICMPv6 code',
    severity: 'warning',
    explanation: 'An ICMPv6 message with a code the datapath does not handle on this path.',
    fix: 'Usually harmless noise; change nothing unless an application relies on that ICMPv6 message.',
  },
  UNKNOWN_ICMPV6_TYPE: {
    code: 146,
    text: 'Unknown ICMPv6 type',
    severity: 'warning',
    explanation: 'An ICMPv6 message of a type the datapath does not handle on this path.',
    fix: 'Usually harmless noise; change nothing unless an application relies on that ICMPv6 message.',
  },
  ERROR_RETRIEVING_TUNNEL_KEY: {
    code: 147,
    text: 'Error retrieving tunnel key',
    severity: 'error',
    explanation: 'The tunnel metadata of an overlay (VXLAN or Geneve) packet could not be read.',
    fix: 'Use the same tunnel protocol on every node (Helm `tunnelProtocol`) and make sure nothing else uses its UDP port (Helm `tunnelPort`; 8472 for VXLAN, 6081 for Geneve).',
  },
  ERROR_RETRIEVING_TUNNEL_OPTIONS: {
    code: 148,
    text: 'Error retrieving tunnel options',
    severity: 'error',
    deprecated: true,
    explanation: 'The Geneve options of an overlay packet could not be read.',
    fix: DEPRECATED,
  },
  INVALID_GENEVE_OPTION: {
    code: 149,
    text: 'Invalid Geneve option',
    severity: 'error',
    deprecated: true,
    explanation: 'An overlay packet carried an invalid Geneve option.',
    fix: DEPRECATED,
  },
  UNKNOWN_L3_TARGET_ADDRESS: {
    code: 150,
    text: 'Unknown L3 target address',
    severity: 'error',
    explanation: "The destination address is not known to this node's datapath: no endpoint and no route for it.",
    fix: 'Check that the destination still exists (`kubectl get pod -o wide`, `cilium-dbg ip list` on the node) and that clients do not use stale pod IPs (use a Service or DNS).',
  },
  STALE_OR_UNROUTABLE_IP: {
    code: 151,
    text: 'Stale or unroutable IP',
    severity: 'error',
    explanation:
      'The address belongs to no current endpoint on this node: a stale pod IP (the pod was deleted or restarted with a new IP) or an address that is not routable from here.',
    fix: 'Clients holding a cached pod IP should go through a Service or DNS; the drops stop after pod churn settles. If they persist, check that pod CIDRs do not overlap (IPAM, Helm `ipam.operator.clusterPoolIPv4PodCIDRList`) and, in native routing, that `ipv4NativeRoutingCIDR` covers the pod network.',
  },
  NO_MATCHING_LOCAL_CONTAINER_FOUND: {
    code: 152,
    text: 'No matching local container found',
    severity: 'error',
    deprecated: true,
    explanation: 'No local endpoint matched the destination.',
    fix: DEPRECATED,
  },
  ERROR_WHILE_CORRECTING_L3_CHECKSUM: {
    code: 153,
    text: 'Error while correcting L3 checksum',
    severity: 'error',
    explanation: 'The IP checksum could not be updated after the packet was rewritten.',
    fix: `Check NIC checksum offloads on the node. ${REPORT}`,
  },
  ERROR_WHILE_CORRECTING_L4_CHECKSUM: {
    code: 154,
    text: 'Error while correcting L4 checksum',
    severity: 'error',
    explanation: 'The TCP/UDP checksum could not be updated after the packet was rewritten.',
    fix: `Check NIC checksum offloads on the node. ${REPORT}`,
  },
  CT_MAP_INSERTION_FAILED: {
    code: 155,
    text: 'CT: Map insertion failed',
    severity: 'error',
    explanation:
      "The node's connection-tracking BPF map is full, so new connections cannot get an entry and are dropped.",
    fix: 'Raise the connection-tracking map sizes: Helm `bpf.ctTcpMax` / `bpf.ctAnyMax` (agent flags `--bpf-ct-global-tcp-max`, `--bpf-ct-global-any-max`), or size the maps from node memory with Helm `bpf.mapDynamicSizeRatio` (agent flag `--bpf-map-dynamic-size-ratio`, e.g. 0.0025). Watch `cilium_bpf_map_pressure{map_name=~"cilium_ct.*"}`; clients that open a connection per request fill it fastest.',
    docs: MAPS_DOC,
  },
  INVALID_IPV6_EXTENSION_HEADER: {
    code: 156,
    text: 'Invalid IPv6 extension header',
    severity: 'error',
    explanation: 'An IPv6 packet carried an extension header the datapath could not parse.',
    fix: 'Find the sender (`cilium-dbg monitor --type drop -v`); such headers cannot pass through Cilium.',
  },
  IP_FRAGMENTATION_NOT_SUPPORTED: {
    code: 157,
    text: 'IP fragmentation not supported',
    severity: 'error',
    explanation: 'A fragmented IP packet arrived on a path that cannot handle fragments.',
    fix: 'Turn IPv4 fragment tracking on (agent flag `--enable-ipv4-fragment-tracking`, on by default) or avoid fragmentation: align the MTU of pods, tunnel and NICs (Helm `MTU`).',
  },
  SERVICE_BACKEND_NOT_FOUND: {
    code: 158,
    text: 'Service backend not found',
    severity: 'error',
    explanation:
      'Traffic to a Service address found no backend: the Service has no ready endpoints, or its backend went away during the connection.',
    fix: "List the Service's endpoints (`kubectl get endpointslices -l kubernetes.io/service-name=<service>`): make the pods Ready (readiness probe) and check that the Service's selector matches their labels and its targetPort their port.",
  },
  NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT: {
    code: 160,
    text: 'No tunnel/encapsulation endpoint (datapath BUG!)',
    severity: 'error',
    explanation: "No tunnel endpoint is known for the destination's node.",
    fix: 'Check that every node runs a healthy agent (`cilium-dbg status`, `cilium_unreachable_nodes`), that the CiliumNode of the destination node exists, and that all nodes use the same routing mode (Helm `routingMode`).',
  },
  FAILED_TO_INSERT_INTO_PROXYMAP: {
    code: 161,
    text: 'Failed to insert into proxymap',
    severity: 'error',
    explanation:
      'The proto keeps this old name; current datapaths use code 161 for IPv4/IPv6 translation traffic while the NAT46/64 gateway is disabled.',
    fix: 'If IPv4<->IPv6 translation is intended, enable it (Helm `nat46x64Gateway.enabled=true`, with kube-proxy replacement); otherwise find the client that sends to 64:ff9b::/96 addresses.',
  },
  REACHED_EDT_RATE_LIMITING_DROP_HORIZON: {
    code: 162,
    text: 'Reached EDT rate-limiting drop horizon',
    severity: 'warning',
    explanation:
      "The pod's egress bandwidth limit (annotation `kubernetes.io/egress-bandwidth`, enforced by Cilium's bandwidth manager) would have delayed the packet too far, so it was dropped.",
    fix: "Raise or remove the pod's `kubernetes.io/egress-bandwidth` annotation (bandwidth manager: Helm `bandwidthManager.enabled`).",
  },
  UNKNOWN_CONNECTION_TRACKING_STATE: {
    code: 163,
    text: 'Unknown connection tracking state',
    severity: 'error',
    explanation: 'Connection tracking returned a state the datapath does not know.',
    fix: REPORT,
  },
  LOCAL_HOST_IS_UNREACHABLE: {
    code: 164,
    text: 'Local host is unreachable',
    severity: 'error',
    explanation: "A packet for the node's own host network stack could not be delivered there.",
    fix: "Check the node's routes to `cilium_host` and, with the host firewall on (Helm `hostFirewall.enabled`), the CiliumClusterwideNetworkPolicies with a `nodeSelector` that govern the host.",
  },
  NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION: {
    code: 165,
    text: 'No configuration available to perform policy decision',
    severity: 'error',
    explanation: "The endpoint's policy was not computed yet.",
    fix: `${TRANSIENT} The agent marks the code unused; check \`cilium-dbg endpoint list\` for endpoints that are not ready.`,
  },
  UNSUPPORTED_L2_PROTOCOL: {
    code: 166,
    text: 'Unsupported L2 protocol',
    severity: 'warning',
    explanation: 'A frame with an EtherType other than IPv4, IPv6 or ARP reached the datapath.',
    fix: 'Non-IP protocols cannot pass between pods; nothing to change unless an application needs them.',
  },
  NO_MAPPING_FOR_NAT_MASQUERADE: {
    code: 167,
    text: 'No mapping for NAT masquerade',
    severity: 'error',
    explanation:
      'A reply arrived for masqueraded (SNAT) traffic but no NAT entry matches: the entry expired, or the NAT map was full when the connection started.',
    fix: 'Raise the NAT map size: Helm `bpf.natMax` (agent flag `--bpf-nat-global-max`) or `bpf.mapDynamicSizeRatio`; watch `cilium_bpf_map_pressure{map_name=~"cilium_snat.*"}`. Long-idle connections through NAT need TCP keep-alives.',
    docs: MAPS_DOC,
  },
  UNSUPPORTED_PROTOCOL_FOR_NAT_MASQUERADE: {
    code: 168,
    text: 'Unsupported protocol for NAT masquerade',
    severity: 'error',
    explanation: 'BPF masquerading met an L4 protocol it cannot translate.',
    fix: 'Exclude the destination from masquerading (Helm `ipv4NativeRoutingCIDR`, or `ipMasqAgent.enabled=true` with its `nonMasqueradeCIDRs`) or masquerade with iptables (Helm `bpf.masquerade=false`).',
  },
  FIB_LOOKUP_FAILED: {
    code: 169,
    text: 'FIB lookup failed',
    severity: 'error',
    explanation: "The node's routing table (FIB) has no route or neighbour entry for the destination.",
    fix: "Check the node's routes to the destination (`ip route get <ip>` on the node). In native routing set Helm `ipv4NativeRoutingCIDR`, and `autoDirectNodeRoutes=true` when nodes share an L2 segment.",
  },
  ENCAPSULATION_TRAFFIC_IS_PROHIBITED: {
    code: 170,
    text: 'Encapsulation traffic is prohibited',
    severity: 'error',
    explanation: "Tunnel traffic arrived where it is not accepted: the nodes' routing modes disagree.",
    fix: 'Use one routing mode on every node (Helm `routingMode` and `tunnelProtocol`).',
  },
  INVALID_IDENTITY: {
    code: 171,
    text: 'Invalid identity',
    severity: 'error',
    explanation: 'The packet carried a security identity that is invalid on this node.',
    fix: 'Check identity propagation: `cilium-dbg identity list`, the operator, and in Cluster Mesh `cilium clustermesh status`.',
  },
  UNKNOWN_SENDER: {
    code: 172,
    text: 'Unknown sender',
    severity: 'error',
    explanation: 'A packet came from an address this node knows neither as a Cilium node nor as an endpoint.',
    fix: 'Check that every node runs Cilium and appears in `kubectl get ciliumnodes`.',
  },
  NAT_NOT_NEEDED: {
    code: 173,
    text: 'NAT not needed',
    severity: 'info',
    explanation:
      'The datapath decided that no NAT was needed for this packet; an internal signal rather than lost traffic.',
    fix: 'Nothing to change.',
  },
  IS_A_CLUSTERIP: {
    code: 174,
    text: 'Is a ClusterIP',
    severity: 'error',
    explanation: 'Traffic from outside the cluster was sent to a ClusterIP, which is reachable only from inside.',
    fix: 'Expose the Service as NodePort or LoadBalancer, or allow outside access to ClusterIPs (Helm `bpf.lbExternalClusterIP=true`).',
  },
  FIRST_LOGICAL_DATAGRAM_FRAGMENT_NOT_FOUND: {
    code: 175,
    text: 'First logical datagram fragment not found',
    severity: 'error',
    explanation: 'A later IP fragment arrived but the first one (which carries the ports) was not seen.',
    fix: 'Avoid fragmentation (Helm `MTU`), or raise the fragment map (agent flag `--bpf-fragments-map-max`).',
    docs: MAPS_DOC,
  },
  FORBIDDEN_ICMPV6_MESSAGE: {
    code: 176,
    text: 'Forbidden ICMPv6 message',
    severity: 'warning',
    explanation: 'An ICMPv6 message type that Cilium does not let through.',
    fix: 'Nothing to change unless an application relies on that ICMPv6 message.',
  },
  DENIED_BY_LB_SRC_RANGE_CHECK: {
    code: 177,
    text: 'Denied by LB src range check',
    severity: 'error',
    explanation: "The client's address is outside the Service's `spec.loadBalancerSourceRanges`.",
    fix: "Add the client's CIDR to the Service's `loadBalancerSourceRanges` (an empty list allows every client).",
  },
  SOCKET_LOOKUP_FAILED: {
    code: 178,
    text: 'Socket lookup failed',
    severity: 'error',
    explanation: 'Traffic redirected to a proxy (L7 policy or DNS proxy) found no proxy listening.',
    fix: 'Check that the L7 proxy runs (`cilium-dbg status` "Proxy Status"; Helm `l7Proxy=true`, Envoy as `envoy.enabled`) and the agent log for proxy errors.',
  },
  SOCKET_ASSIGN_FAILED: {
    code: 179,
    text: 'Socket assign failed',
    severity: 'error',
    explanation: 'Traffic redirected to a proxy could not be handed to the proxy socket.',
    fix: 'Check that the L7 proxy runs (`cilium-dbg status` "Proxy Status"; Helm `l7Proxy=true`) and the agent log for proxy errors.',
  },
  PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL: {
    code: 180,
    text: 'Proxy redirection not supported for protocol',
    severity: 'error',
    explanation:
      'An L7 rule applies to traffic whose protocol the proxy cannot handle (for example an HTTP rule on UDP).',
    fix: "Limit the L7 rule's `toPorts` to the protocol it understands: TCP for HTTP and Kafka, port 53 UDP/TCP for DNS.",
  },
  POLICY_DENY: {
    code: 181,
    text: 'Policy denied by denylist',
    severity: 'error',
    explanation:
      'An explicit deny rule (`ingressDeny` / `egressDeny`) matched. Deny rules win over every allow rule, so adding an allow rule cannot let this traffic through.',
    fix: 'Narrow or remove the deny rule named in `ingress_denied_by` / `egress_denied_by` (`kubectl get cnp,ccnp -A`).',
    docs: 'Cilium docs "Deny Policies"',
  },
  VLAN_FILTERED: {
    code: 182,
    text: 'VLAN traffic disallowed by VLAN filter',
    severity: 'error',
    explanation: 'VLAN-tagged traffic with a VLAN ID that is not allowed through.',
    fix: 'Allow the VLAN IDs: Helm `bpf.vlanBypass` (agent flag `--vlan-bpf-bypass`), e.g. `{10,20}`, or `{0}` for all.',
  },
  INVALID_VNI: {
    code: 183,
    text: 'Incorrect VNI from VTEP',
    severity: 'error',
    explanation: 'Traffic from a VXLAN tunnel endpoint (VTEP integration) carried an unexpected VNI.',
    fix: 'Check the VTEP integration settings (Helm `vtep.enabled`, `vtep.endpoint`, `vtep.cidr`, `vtep.mac`) against the external VTEP device.',
  },
  INVALID_TC_BUFFER: {
    code: 184,
    text: 'Failed to update or lookup TC buffer',
    severity: 'error',
    explanation: 'The datapath could not read or update per-packet metadata.',
    fix: REPORT,
  },
  NO_SID: {
    code: 185,
    text: 'No SID was found for the IP address',
    severity: 'error',
    explanation: 'SRv6: no segment identifier is known for the destination.',
    fix: 'Check the SRv6 configuration: the VRF and egress policies that should cover the destination.',
  },
  MISSING_SRV6_STATE: {
    code: 186,
    text: 'SRv6 state was removed during tail call',
    severity: 'error',
    deprecated: true,
    explanation: 'SRv6 state disappeared while the packet was processed.',
    fix: DEPRECATED,
  },
  NAT46: {
    code: 187,
    text: 'L3 translation from IPv4 to IPv6 failed (NAT46)',
    severity: 'error',
    explanation: 'Translating an IPv4 packet to IPv6 failed.',
    fix: 'Check the NAT46/64 setup (Helm `nat46x64Gateway.enabled`) and that the destination is reachable over IPv6.',
  },
  NAT64: {
    code: 188,
    text: 'L3 translation from IPv6 to IPv4 failed (NAT64)',
    severity: 'error',
    explanation: 'Translating an IPv6 packet to IPv4 failed.',
    fix: 'Check the NAT46/64 setup (Helm `nat46x64Gateway.enabled`) and that the destination is reachable over IPv4.',
  },
  AUTH_REQUIRED: {
    code: 189,
    text: 'Authentication required',
    severity: 'error',
    explanation:
      'A policy rule requires mutual authentication (`authentication.mode: required`) and the two identities have not authenticated yet.',
    fix: 'Make sure mutual authentication works: Helm `authentication.mutual.spire.enabled=true` with a healthy SPIRE server and agents (the first packets drop until the handshake completes), or remove `authentication` from the rule.',
  },
  CT_NO_MAP_FOUND: {
    code: 190,
    text: 'No conntrack map found',
    severity: 'error',
    explanation: "Cluster Mesh: the connection-tracking map of the sender's cluster does not exist on this node.",
    fix: 'Give every cluster a unique Helm `cluster.id` and check `cilium clustermesh status`.',
  },
  SNAT_NO_MAP_FOUND: {
    code: 191,
    text: 'No nat map found',
    severity: 'error',
    explanation: "Cluster Mesh: the NAT map of the sender's cluster does not exist on this node.",
    fix: 'Give every cluster a unique Helm `cluster.id` and check `cilium clustermesh status`.',
  },
  INVALID_CLUSTER_ID: {
    code: 192,
    text: 'Invalid ClusterID',
    severity: 'error',
    explanation: 'The packet carried a cluster ID this node does not accept.',
    fix: 'Set a unique Helm `cluster.id` on every cluster of the mesh, within the range allowed by `clustermesh.maxConnectedClusters` (255 by default).',
  },
  UNSUPPORTED_PROTOCOL_FOR_DSR_ENCAP: {
    code: 193,
    text: 'Unsupported packet protocol for DSR encapsulation',
    severity: 'error',
    explanation: 'Direct server return with encapsulation supports only TCP and UDP.',
    fix: 'Serve such traffic without DSR: Helm `loadBalancer.mode=snat` or `hybrid`.',
  },
  NO_EGRESS_GATEWAY: {
    code: 194,
    text: 'No egress gateway found',
    severity: 'error',
    explanation: 'The traffic matches a CiliumEgressGatewayPolicy but no gateway node is available.',
    fix: "Check that nodes match the policy's `egressGateway.nodeSelector` and are Ready, and that the feature is on (Helm `egressGateway.enabled=true`).",
  },
  UNENCRYPTED_TRAFFIC: {
    code: 195,
    text: 'Traffic is unencrypted',
    severity: 'error',
    explanation: 'Strict encryption mode dropped pod traffic that would have left the node unencrypted.',
    fix: 'Check WireGuard on both nodes (`cilium-dbg encrypt status`). Strict mode is Helm `encryption.strictMode.enabled` with `encryption.strictMode.cidr`: traffic to that CIDR must go to a node whose WireGuard peer is up.',
  },
  TTL_EXCEEDED: {
    code: 196,
    text: 'TTL exceeded',
    severity: 'warning',
    explanation: "The packet's TTL (hop limit) reached zero: a routing loop, or a traceroute.",
    fix: 'Look for a routing loop between nodes and gateways (`ip route` on the nodes); traceroute probes are expected to end this way.',
  },
  NO_NODE_ID: {
    code: 197,
    text: 'No node ID found',
    severity: 'error',
    explanation: "No node ID is known for the destination node's address (IPsec encryption needs one).",
    fix: `${TRANSIENT} Nodes get IDs when they join; check the agent log for node ID allocation errors and \`kubectl get ciliumnodes\`.`,
  },
  DROP_RATE_LIMITED: {
    code: 198,
    text: 'Rate limited',
    severity: 'warning',
    explanation: 'A rate limiter in the datapath dropped the packet.',
    fix: `Usually harmless. ${REPORT}`,
  },
  IGMP_HANDLED: {
    code: 199,
    text: 'IGMP handled',
    severity: 'info',
    explanation: "An IGMP message was consumed by Cilium's multicast support; not lost traffic.",
    fix: 'Nothing to change.',
  },
  IGMP_SUBSCRIBED: {
    code: 200,
    text: 'IGMP subscribed',
    severity: 'info',
    explanation: "An IGMP join was processed by Cilium's multicast support; not lost traffic.",
    fix: 'Nothing to change.',
  },
  MULTICAST_HANDLED: {
    code: 201,
    text: 'Multicast handled',
    severity: 'info',
    explanation: "A multicast packet was delivered by Cilium's multicast support; the original is consumed, not lost.",
    fix: 'Nothing to change.',
  },
  DROP_HOST_NOT_READY: {
    code: 202,
    text: 'Host datapath not ready',
    severity: 'warning',
    explanation: "The node's host datapath was not loaded yet.",
    fix: `${TRANSIENT} If it persists, check the agent log for errors loading bpf_host.`,
  },
  DROP_EP_NOT_READY: {
    code: 203,
    text: 'Endpoint policy program not available',
    severity: 'warning',
    explanation: "The endpoint's policy program was not loaded yet (pod starting or endpoint regenerating).",
    fix: `${TRANSIENT} If it persists, check \`cilium-dbg endpoint list\` for endpoints not ready and \`cilium_endpoint_regenerations_total{outcome="fail"}\`.`,
  },
  DROP_NO_EGRESS_IP: {
    code: 204,
    text: 'No Egress IP configured',
    severity: 'error',
    explanation: 'An egress gateway node matched the traffic against a policy that selects no valid egress IP.',
    fix: "Set `egressIP` or `interface` in the CiliumEgressGatewayPolicy's `egressGateway` to an address present on the gateway node.",
  },
  DROP_PUNT_PROXY: {
    code: 205,
    text: 'Punt to proxy',
    severity: 'info',
    explanation: 'The packet was handed to a user-space proxy instead of being forwarded by the datapath.',
    fix: 'Nothing to change.',
  },
});

/**
 * The catalogue entry of a `drop_reason_desc` value (the enum name, or its number when the
 * gateway's proto predates it), or undefined when unknown.
 */
export function dropReasonInfo(reason: string | number | undefined): DropReasonInfo | undefined {
  if (reason === undefined) {
    return undefined;
  }
  if (typeof reason === 'number') {
    return Object.values(DROP_REASONS).find((r) => r.code === reason);
  }
  return DROP_REASONS[reason];
}

/** The flow.DropReason name of a `drop_reason_desc` value (a name, or a number the proto lacked); null when absent. */
export function dropReasonName(reason: string | number | undefined): string | null {
  if (reason === undefined) {
    return null;
  }
  if (typeof reason === 'string') {
    return reason;
  }
  return Object.entries(DROP_REASONS).find(([, r]) => r.code === reason)?.[0] ?? String(reason);
}
