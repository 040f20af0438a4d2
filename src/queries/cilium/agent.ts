import { ROUTES } from '../../constants';
import { asTrends, instant, panel, range, table } from '../define';
import { CLUSTER } from '../promql';
import { PageQueries } from '../types';

/** Agent series of the selected nodes: `node` comes from the Cilium Helm ServiceMonitor relabeling. */
const A = `${CLUSTER}, node=~"$node"`;
const AGENT = ['ciliumAgent'];

function p99(metric: string, by: string, extra = ''): string {
  return `histogram_quantile(0.99, sum by (le${by ? `, ${by}` : ''}) (rate(${metric}{${A}${extra}}[$__rate_interval])))`;
}

/**
 * Cilium agent health (route `cilium`): everything Cilium's "Cilium Metrics" dashboard shows, by node.
 * Metrics: cilium-agent on port 9962 (`prometheus.enabled=true`), names from Cilium's metrics.rst.
 */
export const ciliumAgentQueries: PageQueries = {
  route: ROUTES.Cilium,
  title: 'Cilium agent',
  variables: [{ name: 'node', label: 'Node', metric: 'cilium_version' }],
  panels: asTrends([
    panel({
      key: 'versions',
      title: 'Agents by version',
      section: 'Health',
      viz: 'table',
      requires: AGENT,
      description: 'Running agents per Cilium version (cilium_version).',
      targets: [table(`count by (version) (cilium_version{${A}})`)],
    }),
    panel({
      key: 'unreachable-nodes',
      title: 'Unreachable nodes',
      section: 'Health',
      viz: 'stat',
      requires: AGENT,
      thresholds: [
        { value: 0, color: 'green' },
        { value: 1, color: 'red' },
      ],
      description: 'Most nodes any agent cannot reach (cilium_unreachable_nodes); health endpoints likewise.',
      targets: [
        instant(`max(cilium_unreachable_nodes{${A}})`, 'nodes'),
        instant(`max(cilium_unreachable_health_endpoints{${A}})`, 'health endpoints'),
      ],
    }),
    panel({
      key: 'failing-controllers',
      title: 'Failing controllers',
      section: 'Health',
      viz: 'timeseries',
      requires: AGENT,
      description: 'Controllers whose last run failed, per node (cilium_controllers_failing).',
      targets: [range(`sum by (node) (cilium_controllers_failing{${A}})`, '{{node}}')],
    }),
    panel({
      key: 'errors-warnings',
      title: 'Errors and warnings',
      section: 'Health',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'short',
      description: 'Log errors and warnings per second by level and subsystem (cilium_errors_warnings_total).',
      targets: [
        range(
          `sum by (level, subsystem) (rate(cilium_errors_warnings_total{${A}}[$__rate_interval]))`,
          '{{level}} {{subsystem}}'
        ),
      ],
    }),
    panel({
      key: 'controller-runs',
      title: 'Controller runs',
      section: 'Health',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'ops',
      description: 'Controller runs per second by status (cilium_controllers_runs_total).',
      targets: [range(`sum by (status) (rate(cilium_controllers_runs_total{${A}}[$__rate_interval]))`, '{{status}}')],
    }),
    panel({
      key: 'endpoint-states',
      title: 'Endpoints by state',
      section: 'Endpoints',
      viz: 'timeseries',
      requires: AGENT,
      stacked: true,
      description:
        'Endpoints in each state (cilium_endpoint_state{endpoint_state}); "invalid" or long "not-ready" need attention.',
      targets: [range(`sum by (endpoint_state) (cilium_endpoint_state{${A}})`, '{{endpoint_state}}')],
    }),
    panel({
      key: 'endpoint-regenerations',
      title: 'Endpoint regenerations',
      section: 'Endpoints',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'ops',
      description: 'Regenerations per second by outcome (cilium_endpoint_regenerations_total).',
      targets: [
        range(`sum by (outcome) (rate(cilium_endpoint_regenerations_total{${A}}[$__rate_interval]))`, '{{outcome}}'),
      ],
    }),
    panel({
      key: 'regeneration-latency',
      title: 'Endpoint regeneration time (p99)',
      section: 'Endpoints',
      viz: 'timeseries',
      requires: AGENT,
      unit: 's',
      description: 'p99 time to regenerate an endpoint, by scope (cilium_endpoint_regeneration_time_stats_seconds).',
      targets: [
        range(
          p99('cilium_endpoint_regeneration_time_stats_seconds_bucket', 'scope', ', status="success"'),
          '{{scope}}'
        ),
      ],
    }),
    panel({
      key: 'bpf-map-pressure',
      title: 'BPF map pressure',
      section: 'BPF and datapath',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'percentunit',
      min: 0,
      max: 1,
      description:
        'Fill level of each BPF map, worst node (cilium_bpf_map_pressure). Above 0.9 new entries start to fail.',
      targets: [range(`max by (map_name) (cilium_bpf_map_pressure{${A}})`, '{{map_name}}')],
    }),
    panel({
      key: 'bpf-map-ops',
      title: 'BPF map operations',
      section: 'BPF and datapath',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'ops',
      description: 'Map operations per second by outcome (cilium_bpf_map_ops_total).',
      targets: [
        range(
          `sum by (operation, outcome) (rate(cilium_bpf_map_ops_total{${A}}[$__rate_interval]))`,
          '{{operation}} {{outcome}}'
        ),
      ],
    }),
    panel({
      key: 'bpf-memory',
      title: 'BPF memory',
      section: 'BPF and datapath',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'bytes',
      description: 'Virtual memory of BPF maps and programs per node.',
      targets: [
        range(`sum by (node) (cilium_bpf_maps_virtual_memory_max_bytes{${A}})`, '{{node}} maps'),
        range(`sum by (node) (cilium_bpf_progs_virtual_memory_max_bytes{${A}})`, '{{node}} programs'),
      ],
    }),
    panel({
      key: 'forwarded',
      title: 'Forwarded traffic',
      section: 'BPF and datapath',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'Bps',
      description: 'Bytes per second forwarded by the datapath, by direction (cilium_forward_bytes_total).',
      targets: [
        range(`sum by (direction) (rate(cilium_forward_bytes_total{${A}}[$__rate_interval]))`, '{{direction}}'),
      ],
    }),
    panel({
      key: 'dropped',
      title: 'Dropped packets by reason',
      section: 'BPF and datapath',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'pps',
      description: 'Packets dropped per second by reason and direction (cilium_drop_count_total).',
      targets: [
        range(
          `sum by (reason, direction) (rate(cilium_drop_count_total{${A}}[$__rate_interval]))`,
          '{{reason}} ({{direction}})'
        ),
      ],
    }),
    panel({
      key: 'conntrack-gc',
      title: 'Conntrack entries after GC',
      section: 'BPF and datapath',
      viz: 'timeseries',
      requires: AGENT,
      description:
        'Connection tracking entries alive or deleted by garbage collection (cilium_datapath_conntrack_gc_entries).',
      targets: [
        range(
          `sum by (family, protocol, status) (cilium_datapath_conntrack_gc_entries{${A}})`,
          '{{family}} {{protocol}} {{status}}'
        ),
      ],
    }),
    panel({
      key: 'policies',
      title: 'Policies loaded',
      section: 'Policy',
      viz: 'timeseries',
      requires: AGENT,
      description: 'Policies loaded per node (cilium_policy) and the highest policy revision.',
      targets: [
        range(`sum by (node) (cilium_policy{${A}})`, '{{node}}'),
        range(`max(cilium_policy_max_revision{${A}})`, 'max revision'),
      ],
    }),
    panel({
      key: 'policy-changes',
      title: 'Policy changes',
      section: 'Policy',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'ops',
      description: 'Policy imports per second by outcome (cilium_policy_change_total); "fail" means a rejected policy.',
      targets: [range(`sum by (outcome) (rate(cilium_policy_change_total{${A}}[$__rate_interval]))`, '{{outcome}}')],
    }),
    panel({
      key: 'policy-enforcement',
      title: 'Endpoint policy enforcement',
      section: 'Policy',
      viz: 'timeseries',
      requires: AGENT,
      stacked: true,
      description: 'Endpoints by enforcement status (cilium_policy_endpoint_enforcement_status).',
      targets: [range(`sum by (enforcement) (cilium_policy_endpoint_enforcement_status{${A}})`, '{{enforcement}}')],
    }),
    panel({
      key: 'policy-delay',
      title: 'Policy implementation delay (p99)',
      section: 'Policy',
      viz: 'timeseries',
      requires: AGENT,
      unit: 's',
      description: 'Time from policy change to datapath, p99 by source (cilium_policy_implementation_delay).',
      targets: [range(p99('cilium_policy_implementation_delay_bucket', 'source'), '{{source}}')],
    }),
    panel({
      key: 'l7-policy',
      title: 'L7 policy and proxy',
      section: 'Policy',
      viz: 'timeseries',
      requires: AGENT,
      description:
        'L7 requests per second by rule and proxy (cilium_policy_l7_total) and proxy redirects (cilium_proxy_redirects).',
      targets: [
        range(
          `sum by (rule, proxy_type) (rate(cilium_policy_l7_total{${A}}[$__rate_interval]))`,
          '{{proxy_type}} {{rule}}'
        ),
        range(`sum by (protocol_l7) (cilium_proxy_redirects{${A}})`, 'redirects {{protocol_l7}}'),
      ],
    }),
    panel({
      key: 'api-latency',
      title: 'Agent API latency (p99)',
      section: 'Agent',
      viz: 'timeseries',
      requires: AGENT,
      unit: 's',
      description: 'p99 processing time of the agent API by path (cilium_agent_api_process_time_seconds).',
      targets: [range(p99('cilium_agent_api_process_time_seconds_bucket', 'method, path'), '{{method}} {{path}}')],
    }),
    panel({
      key: 'api-return-codes',
      title: 'Agent API return codes',
      section: 'Agent',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'reqps',
      description: 'Agent API calls per second by return code (cilium_agent_api_process_time_seconds_count).',
      targets: [
        range(
          `sum by (return_code) (rate(cilium_agent_api_process_time_seconds_count{${A}}[$__rate_interval]))`,
          '{{return_code}}'
        ),
      ],
    }),
    panel({
      key: 'agent-cpu',
      title: 'Agent CPU per node',
      section: 'Agent',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'short',
      description: 'CPU cores used by the agent process (cilium_process_cpu_seconds_total).',
      targets: [range(`sum by (node) (rate(cilium_process_cpu_seconds_total{${A}}[$__rate_interval]))`, '{{node}}')],
    }),
    panel({
      key: 'agent-memory',
      title: 'Agent memory per node',
      section: 'Agent',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'bytes',
      description: 'Resident memory of the agent process (cilium_process_resident_memory_bytes).',
      targets: [range(`sum by (node) (cilium_process_resident_memory_bytes{${A}})`, '{{node}}')],
    }),
    panel({
      key: 'agent-fds',
      title: 'Agent open file descriptors',
      section: 'Agent',
      viz: 'timeseries',
      requires: AGENT,
      description: 'Open file descriptors of the agent process (cilium_process_open_fds).',
      targets: [range(`sum by (node) (cilium_process_open_fds{${A}})`, '{{node}}')],
    }),
    panel({
      key: 'ipam',
      title: 'IP addresses',
      section: 'Agent',
      viz: 'timeseries',
      requires: AGENT,
      description: 'Allocated pod IPs against IPAM capacity per family (cilium_ip_addresses, cilium_ipam_capacity).',
      targets: [
        range(`sum by (family) (cilium_ip_addresses{${A}})`, 'allocated {{family}}'),
        range(`sum by (family) (cilium_ipam_capacity{${A}})`, 'capacity {{family}}'),
      ],
    }),
    panel({
      key: 'k8s-events',
      title: 'Kubernetes events handled',
      section: 'Agent',
      viz: 'timeseries',
      requires: AGENT,
      unit: 'ops',
      description: 'Kubernetes events processed per second by scope and action (cilium_kubernetes_events_total).',
      targets: [
        range(
          `sum by (scope, action) (rate(cilium_kubernetes_events_total{${A}}[$__rate_interval]))`,
          '{{scope}} {{action}}'
        ),
      ],
    }),
  ]),
};
