import { CONTAINERS, NODE_DEVICES, REAL_FS, podWorkload, runningPodsByNode } from './promql';

/**
 * One optional recording rule of the app: a Prometheus `record` with its expression. Names follow
 * Prometheus' `level:metric:operations` convention with the `kubeobs:` prefix so they never collide
 * with kube-prometheus' rules. Every rule keeps `cluster`; none uses Grafana variables.
 */
export interface RecordingRule {
  record: string;
  expr: string;
  /** What the series holds and which page panels read it. */
  description: string;
}

/** Rule group name, in the Prometheus rule file and as the Grafana-managed group. */
export const RECORDING_RULE_GROUP = 'kubeobs-recording-rules';

/** The series whose presence tells a page the rules run: one per node, so counting it is cheap. */
export const RECORDING_PROBE_METRIC = 'kubeobs:node_running_pods:sum';

const POD_WORKLOAD = 'kubeobs:pod_workload:info';
const HTTP_BUCKETS = 'kubeobs:workload_http_request_duration_seconds_bucket:rate5m';
/** The quantiles of HTTP duration into each workload the Network page shows, recorded by {@link destinationHttpQuantile}. */
export const HTTP_QUANTILES = [0.5, 0.95, 0.99];

/**
 * Name of the recorded `q` quantile (one of {@link HTTP_QUANTILES}) of HTTP request duration into
 * each workload, per reporter: labels `cluster, reporter, destination_namespace, destination_workload`.
 */
export function destinationHttpQuantile(q: number): string {
  return `kubeobs:destination_workload_http_request_duration_seconds:p${Math.round(q * 100)}_rate5m`;
}
/** Joins a per-(cluster, instance) node-exporter result to its node name, as the pages do. */
const NODE_NAME = ' * on (cluster, instance) group_left (nodename) node_uname_info';

/**
 * The expensive aggregations and joins of the Cluster, Namespace, Workload, Node and Network pages
 * as recording rules (issue 11): evaluated once per interval by Prometheus instead of on every page
 * view. Rates are over 5m (the recorded series are smoother than the pages' `$__rate_interval`).
 * Order matters: the workload rules read `kubeobs:pod_workload:info` recorded before them.
 */
export const RECORDING_RULES: RecordingRule[] = [
  {
    record: POD_WORKLOAD,
    expr: podWorkload('', undefined, ''),
    description:
      'Pod → workload owner (kube_pod_owner, ReplicaSets resolved to Deployments): cluster, namespace, pod, owner_kind, owner_name. Workload tables and the Workload page.',
  },
  {
    record: 'kubeobs:node_running_pods:sum',
    expr: runningPodsByNode('node!=""', ''),
    description:
      'Running pods per node (kube_pod_info joined with the Running phase): pod capacity per node, Nodes table, Node page.',
  },
  {
    record: 'kubeobs:namespace_phase_pods:sum',
    expr: 'sum by (cluster, namespace, phase) (kube_pod_status_phase)',
    description: 'Pods per namespace and phase: Pods by phase, Namespaces table.',
  },
  {
    record: 'kubeobs:namespace_cpu_usage_seconds:rate5m',
    expr: `sum by (cluster, namespace) (rate(container_cpu_usage_seconds_total{${CONTAINERS}}[5m]))`,
    description: 'CPU cores used per namespace (cAdvisor containers): CPU by namespace, Namespaces table.',
  },
  {
    record: 'kubeobs:namespace_memory_working_set_bytes:sum',
    expr: `sum by (cluster, namespace) (container_memory_working_set_bytes{${CONTAINERS}})`,
    description: 'Working set bytes per namespace: Memory by namespace, Namespaces table.',
  },
  {
    record: 'kubeobs:workload_cpu_usage_seconds:rate5m',
    expr: `sum by (cluster, namespace, owner_kind, owner_name) (rate(container_cpu_usage_seconds_total{${CONTAINERS}}[5m]) * on (cluster, namespace, pod) group_left (owner_kind, owner_name) ${POD_WORKLOAD})`,
    description: 'CPU cores used per workload: the Namespace page’s CPU by workload.',
  },
  {
    record: 'kubeobs:workload_memory_working_set_bytes:sum',
    expr: `sum by (cluster, namespace, owner_kind, owner_name) (container_memory_working_set_bytes{${CONTAINERS}} * on (cluster, namespace, pod) group_left (owner_kind, owner_name) ${POD_WORKLOAD})`,
    description: 'Working set bytes per workload: the Namespace page’s Memory by workload.',
  },
  {
    record: 'kubeobs:node_cpu_utilisation:rate5m',
    expr: `(1 - avg by (cluster, instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))${NODE_NAME}`,
    description: 'Share of CPU time not idle per node, with its nodename: the Cluster page’s CPU use per node.',
  },
  {
    record: 'kubeobs:node_memory_utilisation:ratio',
    expr: `(1 - sum by (cluster, instance) (node_memory_MemAvailable_bytes) / sum by (cluster, instance) (node_memory_MemTotal_bytes))${NODE_NAME}`,
    description: '1 - MemAvailable / MemTotal per node: the Cluster page’s Memory use per node.',
  },
  {
    record: 'kubeobs:node_filesystem_usage:max',
    expr: `max by (cluster, instance) (1 - node_filesystem_avail_bytes{${REAL_FS}} / node_filesystem_size_bytes{${REAL_FS}})${NODE_NAME}`,
    description: 'Fullest real filesystem per node: the Cluster page’s Filesystem use per node.',
  },
  {
    record: 'kubeobs:node_network_receive_bytes:rate5m',
    expr: `sum by (cluster, instance) (rate(node_network_receive_bytes_total{${NODE_DEVICES}}[5m]))${NODE_NAME}`,
    description: 'Bytes per second received on the node’s own interfaces: the Cluster page’s Network I/O per node.',
  },
  {
    record: 'kubeobs:node_network_transmit_bytes:rate5m',
    expr: `sum by (cluster, instance) (rate(node_network_transmit_bytes_total{${NODE_DEVICES}}[5m]))${NODE_NAME}`,
    description: 'Bytes per second transmitted on the node’s own interfaces: the Cluster page’s Network I/O per node.',
  },
  {
    record: 'kubeobs:workload_http_requests:rate5m',
    expr: 'sum by (cluster, reporter, source_namespace, source_workload, destination_namespace, destination_workload, status) (rate(hubble_http_requests_total[5m]))',
    description:
      'Hubble HTTP requests per second between workloads by reporter and status: the Network page’s HTTP golden signals.',
  },
  {
    record: HTTP_BUCKETS,
    expr: 'sum by (cluster, reporter, le, source_namespace, source_workload, destination_namespace, destination_workload) (rate(hubble_http_request_duration_seconds_bucket[5m]))',
    description:
      'Hubble HTTP duration buckets between workloads, summed over nodes and addresses: what the recorded duration quantiles below read.',
  },
  // Quantiles are not additive: the Network page's duration panels by destination read them as recorded
  // (per reporter, the page's $reporter), instead of summing some 75,000 recorded bucket series per step.
  ...HTTP_QUANTILES.map((q) => ({
    record: destinationHttpQuantile(q),
    expr: `histogram_quantile(${q}, sum by (cluster, reporter, le, destination_namespace, destination_workload) (${HTTP_BUCKETS}))`,
    description: `p${Math.round(q * 100)} HTTP request duration into each workload, per reporter: the Network page’s HTTP duration p${Math.round(q * 100)} by destination workload (no exemplars).`,
  })),
];
