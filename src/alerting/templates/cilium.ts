import { AlertTemplate } from '../types';
import { AGENT_LABELS, thresholdParam } from './common';

const CILIUM_EXEC = 'kubectl -n kube-system exec ds/cilium -c cilium-agent --';

/**
 * Cilium templates. Metrics: cilium-agent (`cilium_*`, port 9962) and kube-state-metrics for the
 * agent DaemonSet. Agent series carry `namespace`, `pod` and `node` from the Cilium Helm
 * ServiceMonitor; `cluster` in multi-cluster setups.
 */
export const ciliumTemplates: AlertTemplate[] = [
  {
    id: 'cilium-agent-down',
    uid: 'kubeobs-cilium-agent-down',
    alert: 'CiliumAgentDown',
    area: 'cilium',
    title: 'Cilium agent down',
    severity: 'critical',
    for: '5m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when unavailable agents are above',
        'kube_daemonset_status_number_unavailable of the agent DaemonSet',
        0
      ),
      {
        name: 'namespace',
        label: 'Cilium namespace',
        description: 'Namespace of the cilium DaemonSet (regex)',
        kind: 'regex',
        default: 'kube-system',
      },
      {
        name: 'daemonset',
        label: 'DaemonSet name',
        description: 'Name of the agent DaemonSet (regex)',
        kind: 'regex',
        default: 'cilium',
      },
    ],
    comparison: '>',
    query: (p) =>
      `max by (cluster, namespace, daemonset) (kube_daemonset_status_number_unavailable{namespace=~"${p.namespace}",daemonset=~"${p.daemonset}"})`,
    outputLabels: ['namespace', 'daemonset'],
    summary: '{{ printf "%.0f" $value }} Cilium agent(s) unavailable',
    description:
      '{{ printf "%.0f" $value }} pod(s) of DaemonSet {{ $labels.namespace }}/{{ $labels.daemonset }} are not available: their nodes get no new pod networking or policy updates.',
    runbook: {
      meaning:
        'A cilium-agent pod is not ready or not running on some nodes. Existing datapath state keeps working for a while; new pods on those nodes get no network.',
      check: [
        'kubectl -n kube-system get pods -l k8s-app=cilium -o wide',
        'kubectl -n kube-system logs <cilium pod> -c cilium-agent --previous',
        'cilium status --wait (cilium CLI)',
      ],
      fix: [
        'Fix what the agent log reports (API server reachability, kernel/BPF mount, resource limits), then kubectl -n kube-system delete pod <cilium pod>.',
        'After a bad upgrade: helm rollback cilium -n kube-system.',
      ],
    },
  },
  {
    id: 'cilium-unreachable-nodes',
    uid: 'kubeobs-cilium-unreachable-nodes',
    alert: 'CiliumUnreachableNodes',
    area: 'cilium',
    title: 'Cilium unreachable nodes',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [thresholdParam('Alert when unreachable nodes are above', 'cilium_unreachable_nodes, a count', 0)],
    comparison: '>',
    query: () => `max by (${AGENT_LABELS}) (cilium_unreachable_nodes)`,
    outputLabels: ['node', 'pod'],
    summary: 'Cilium on {{ $labels.node }} cannot reach {{ printf "%.0f" $value }} node(s)',
    description:
      'The Cilium health checks of agent {{ $labels.pod }} on node {{ $labels.node }} fail for {{ printf "%.0f" $value }} other node(s).',
    runbook: {
      meaning:
        'Node-to-node health probes (ICMP and TCP 4240) fail: pods on those nodes probably cannot talk to each other.',
      check: [`${CILIUM_EXEC} cilium-health status`, `${CILIUM_EXEC} cilium-dbg status --verbose`],
      fix: [
        'Open the ports between nodes: 4240/TCP (health), 8472/UDP (VXLAN) or 6081/UDP (Geneve) per Helm tunnelProtocol, or the native routes per Helm routingMode=native and ipv4NativeRoutingCIDR.',
        'Check cloud security groups and host firewalls; replace a node whose network is broken.',
      ],
    },
  },
  {
    id: 'cilium-controllers-failing',
    uid: 'kubeobs-cilium-controllers-failing',
    alert: 'CiliumControllersFailing',
    area: 'cilium',
    title: 'Cilium controllers failing',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [thresholdParam('Alert when failing controllers are above', 'cilium_controllers_failing, a count', 0)],
    comparison: '>',
    query: () => `max by (${AGENT_LABELS}) (cilium_controllers_failing)`,
    outputLabels: ['node', 'pod'],
    summary: '{{ printf "%.0f" $value }} Cilium controller(s) failing on {{ $labels.node }}',
    description:
      'Agent {{ $labels.pod }} on node {{ $labels.node }} has {{ printf "%.0f" $value }} controller(s) whose last run failed.',
    runbook: {
      meaning: 'Background reconcilers of the agent keep failing (endpoint sync, ipcache, policy, CRD status).',
      check: [
        `${CILIUM_EXEC} cilium-dbg status --all-controllers | grep -i fail`,
        'kubectl -n kube-system logs <cilium pod> -c cilium-agent | grep -i error',
      ],
      fix: [
        'Fix the cause named in the controller error (often API server access or a bad CRD object); restart the agent pod if the failure is stuck.',
      ],
    },
  },
  {
    id: 'cilium-bpf-map-pressure',
    uid: 'kubeobs-cilium-bpf-map-pressure',
    alert: 'CiliumBpfMapPressureHigh',
    area: 'cilium',
    title: 'Cilium BPF map pressure above 0.9',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [thresholdParam('Alert when map fill ratio is above', 'cilium_bpf_map_pressure, 0..1', 0.9)],
    comparison: '>',
    query: () => `max by (${AGENT_LABELS}, map_name) (cilium_bpf_map_pressure)`,
    outputLabels: ['node', 'pod', 'map_name'],
    summary: 'BPF map {{ $labels.map_name }} on {{ $labels.node }} is {{ printf "%.2f" $value }} full',
    description:
      'BPF map {{ $labels.map_name }} of agent {{ $labels.pod }} on node {{ $labels.node }} is {{ printf "%.2f" $value }} full; when it is full new entries fail and packets are dropped.',
    runbook: {
      meaning: 'A BPF map (conntrack, NAT, policy, load balancer, ...) is nearly full.',
      check: [`${CILIUM_EXEC} cilium-dbg map list`, `${CILIUM_EXEC} cilium-dbg bpf ct list global | wc -l`],
      fix: [
        'Size maps to memory: Helm bpf.mapDynamicSizeRatio (e.g. 0.005), or per map bpf.ctTcpMax, bpf.ctAnyMax, bpf.natMax, bpf.policyMapMax, bpf.lbMapMax.',
        'Roll the agents after the change (kubectl -n kube-system rollout restart ds/cilium); policy maps also shrink with fewer identities per endpoint.',
      ],
    },
  },
  {
    id: 'cilium-invalid-endpoints',
    uid: 'kubeobs-cilium-invalid-endpoints',
    alert: 'CiliumInvalidEndpoints',
    area: 'cilium',
    title: 'Cilium invalid endpoints',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when invalid endpoints are above',
        'cilium_endpoint_state{endpoint_state="invalid"}, a count',
        0
      ),
    ],
    comparison: '>',
    query: () => `max by (${AGENT_LABELS}) (cilium_endpoint_state{endpoint_state="invalid"})`,
    outputLabels: ['node', 'pod'],
    summary: '{{ printf "%.0f" $value }} invalid Cilium endpoint(s) on {{ $labels.node }}',
    description:
      'Agent {{ $labels.pod }} on node {{ $labels.node }} has {{ printf "%.0f" $value }} endpoint(s) in state invalid: their pods have no working datapath.',
    runbook: {
      meaning: 'Endpoint regeneration failed for good; the pods behind these endpoints lose connectivity or policy.',
      check: [
        `${CILIUM_EXEC} cilium-dbg endpoint list | grep -v ready`,
        `${CILIUM_EXEC} cilium-dbg endpoint log <endpoint id>`,
      ],
      fix: [
        'Delete the affected pods so they get new endpoints (kubectl -n <namespace> delete pod <pod>); fix the policy or BPF error the endpoint log names.',
      ],
    },
  },
  {
    id: 'cilium-policy-import-errors',
    uid: 'kubeobs-cilium-policy-import-errors',
    alert: 'CiliumPolicyImportErrors',
    area: 'cilium',
    title: 'Cilium policy import errors',
    severity: 'warning',
    for: '5m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when failed policy changes in 15m are above',
        'increase of cilium_policy_change_total{outcome="fail"}',
        0
      ),
    ],
    comparison: '>',
    query: () => `sum by (${AGENT_LABELS}) (increase(cilium_policy_change_total{outcome="fail"}[15m]))`,
    outputLabels: ['node', 'pod'],
    summary: 'Cilium on {{ $labels.node }} failed to import network policies',
    description:
      'Agent {{ $labels.pod }} on node {{ $labels.node }} rejected {{ printf "%.0f" $value }} policy change(s) in the last 15 minutes; the intended policy is not enforced.',
    runbook: {
      meaning:
        'A CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy or NetworkPolicy could not be imported by the agent.',
      check: [
        'kubectl get cnp,ccnp -A -o wide (VALID column) and kubectl -n <namespace> describe cnp <name>',
        'kubectl -n kube-system logs <cilium pod> -c cilium-agent | grep -i policy',
        `${CILIUM_EXEC} cilium-dbg policy get`,
      ],
      fix: [
        'Correct the rejected policy (unsupported field, invalid selector, L7 rule without the proxy enabled) and apply it again.',
      ],
    },
  },
  {
    id: 'cilium-conntrack-nat-full',
    uid: 'kubeobs-cilium-ct-nat-full',
    alert: 'CiliumConntrackOrNatTableFull',
    area: 'cilium',
    title: 'Cilium conntrack or NAT table full',
    severity: 'critical',
    for: '5m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when drops per second are above',
        'packets/s dropped as "CT: Map insertion failed" or "No mapping for NAT masquerade"',
        0
      ),
    ],
    comparison: '>',
    query: () =>
      `sum by (${AGENT_LABELS}, reason) (rate(cilium_drop_count_total{reason=~"CT: Map insertion failed|No mapping for NAT masquerade"}[5m]))`,
    outputLabels: ['node', 'pod', 'reason'],
    summary: 'Cilium on {{ $labels.node }} drops packets: {{ $labels.reason }}',
    description:
      'Agent {{ $labels.pod }} on node {{ $labels.node }} drops {{ printf "%.2f" $value }} packets/s because its conntrack or NAT table is full ({{ $labels.reason }}).',
    runbook: {
      meaning: 'New connections are dropped because the BPF conntrack or NAT map has no room.',
      check: [
        `${CILIUM_EXEC} cilium-dbg bpf ct list global | wc -l`,
        `${CILIUM_EXEC} cilium-dbg bpf nat list | wc -l`,
        'hubble observe --verdict DROPPED --node-name <node>',
      ],
      fix: [
        'Raise the tables: Helm bpf.ctTcpMax, bpf.ctAnyMax, bpf.natMax, or bpf.mapDynamicSizeRatio; then kubectl -n kube-system rollout restart ds/cilium.',
        'Find the client that opens connections in bulk (hubble observe --node-name <node> --tcp-flags SYN).',
      ],
    },
  },
  {
    id: 'cilium-ipam-exhaustion',
    uid: 'kubeobs-cilium-ipam-exhaustion',
    alert: 'CiliumIpamAddressesRunningOut',
    area: 'cilium',
    title: 'Cilium IPAM addresses running out',
    severity: 'warning',
    for: '15m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when used/capacity is above',
        'cilium_ip_addresses / cilium_ipam_capacity per node and family, 0..1',
        0.9
      ),
    ],
    comparison: '>',
    query: () =>
      `sum by (${AGENT_LABELS}, family) (cilium_ip_addresses) / on (${AGENT_LABELS}, family) (sum by (${AGENT_LABELS}, family) (cilium_ipam_capacity) > 0)`,
    outputLabels: ['node', 'pod', 'family'],
    summary: 'Pod IPs on {{ $labels.node }} are running out ({{ $labels.family }})',
    description:
      'Node {{ $labels.node }} has allocated {{ printf "%.2f" $value }} of its {{ $labels.family }} pod address pool; new pods on it will fail to start.',
    runbook: {
      meaning: 'The pod CIDR (or the ENI/Azure pool) of the node is nearly used up.',
      check: [
        "kubectl get ciliumnodes <node> -o jsonpath='{.spec.ipam.podCIDRs}'",
        `${CILIUM_EXEC} cilium-dbg status --verbose | grep -A3 IPAM`,
      ],
      fix: [
        'Cluster-pool IPAM: add a CIDR to Helm ipam.operator.clusterPoolIPv4PodCIDRList or use a smaller ipam.operator.clusterPoolIPv4MaskSize for new nodes.',
        'Lower the kubelet maxPods or add nodes so pods spread.',
      ],
    },
  },
  {
    id: 'cilium-policy-denied-drops',
    uid: 'kubeobs-cilium-policy-denied-drops',
    alert: 'CiliumPolicyDeniedDropsHigh',
    area: 'cilium',
    title: 'High rate of policy-denied drops',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when policy drops per second are above',
        'packets/s of cilium_drop_count_total{reason="Policy denied"}',
        1
      ),
    ],
    comparison: '>',
    query: () => `sum by (${AGENT_LABELS}) (rate(cilium_drop_count_total{reason="Policy denied"}[5m]))`,
    outputLabels: ['node', 'pod'],
    summary: 'Cilium on {{ $labels.node }} drops {{ printf "%.2f" $value }} packets/s by policy',
    description:
      'Agent {{ $labels.pod }} on node {{ $labels.node }} drops {{ printf "%.2f" $value }} packets/s denied by network policy.',
    runbook: {
      meaning:
        'Traffic is denied by network policy at a high rate: a missing allow rule after a deployment or policy change, or a misbehaving client.',
      check: [
        'hubble observe --verdict DROPPED --type policy-verdict --node-name <node>',
        'hubble observe --verdict DROPPED -n <namespace> -o compact',
      ],
      fix: [
        'Add the missing allow rule to the CiliumNetworkPolicy of the destination (or source, for egress).',
        'Try a policy change safely first with Helm policyAuditMode=true (verdict AUDIT instead of DROPPED).',
      ],
    },
  },
];
