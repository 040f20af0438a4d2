import { ROUTES } from '../../constants';
import { asTrends, instant, panel, range, table } from '../define';
import { CLUSTER, CONTAINERS, NODE_DEVICES, REAL_FS, onlyRunning, withNodeName } from '../promql';
import { PageQueries } from '../types';

const NS = 'namespace=~"$namespace"';
const KSM = ['kubeStateMetrics'];
const NODE = ['nodeExporter'];
const CADVISOR = ['cadvisor'];
const ALLOCATABLE_PODS = `sum by (cluster, node) (kube_node_status_allocatable{${CLUSTER}, resource="pods"})`;
/** Recorded forms (recordingRules.ts) of CPU cores and working set per namespace. */
const NAMESPACE_CPU = `sum by (namespace) (kubeobs:namespace_cpu_usage_seconds:rate5m{${CLUSTER}, ${NS}})`;
const NAMESPACE_MEMORY = `sum by (namespace) (kubeobs:namespace_memory_working_set_bytes:sum{${CLUSTER}, ${NS}})`;

/**
 * Cluster overview (route `cluster`): nodes, pods and capacity, resource use per node and per
 * namespace, restarts, and the namespace and node tables that drill down.
 * Metrics: kube-state-metrics v2, node-exporter, cAdvisor.
 */
export const clusterOverviewQueries: PageQueries = {
  route: ROUTES.Cluster,
  title: 'Cluster overview',
  variables: [{ name: 'namespace', label: 'Namespace', metric: 'kube_namespace_status_phase' }],
  panels: asTrends([
    panel({
      key: 'nodes-ready',
      title: 'Nodes ready',
      section: 'Nodes and pods',
      viz: 'stat',
      requires: KSM,
      description: 'Nodes whose Ready condition is true (kube_node_status_condition).',
      targets: [instant(`sum(kube_node_status_condition{${CLUSTER}, condition="Ready", status="true"})`)],
    }),
    panel({
      key: 'nodes-not-ready',
      title: 'Nodes not ready',
      section: 'Nodes and pods',
      viz: 'stat',
      requires: KSM,
      description: 'Nodes whose Ready condition is false or unknown.',
      thresholds: [
        { value: 0, color: 'green' },
        { value: 1, color: 'red' },
      ],
      targets: [instant(`sum(kube_node_status_condition{${CLUSTER}, condition="Ready", status!="true"})`)],
    }),
    panel({
      key: 'nodes-unschedulable',
      title: 'Unschedulable nodes',
      section: 'Nodes and pods',
      viz: 'stat',
      requires: KSM,
      description: 'Cordoned nodes (kube_node_spec_unschedulable).',
      thresholds: [
        { value: 0, color: 'green' },
        { value: 1, color: 'orange' },
      ],
      targets: [instant(`sum(kube_node_spec_unschedulable{${CLUSTER}})`)],
    }),
    panel({
      key: 'cluster-pod-capacity',
      title: 'Cluster pod capacity',
      section: 'Nodes and pods',
      viz: 'gauge',
      requires: KSM,
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholds: [
        { value: 0, color: 'green' },
        { value: 0.8, color: 'orange' },
        { value: 0.9, color: 'red' },
      ],
      description:
        'Running pods against the pods all nodes can admit (allocatable pods, 110 per node by default). Pods beyond it stay Pending.',
      targets: [
        instant(
          `sum(kube_pod_status_phase{${CLUSTER}, phase="Running"}) / sum(kube_node_status_allocatable{${CLUSTER}, resource="pods"})`,
          'Running / allocatable pods'
        ),
      ],
    }),
    panel({
      key: 'workloads',
      title: 'Workloads',
      section: 'Nodes and pods',
      viz: 'stat',
      requires: KSM,
      description: 'Deployments, DaemonSets and StatefulSets in the selected namespaces.',
      targets: [
        instant(`count(kube_deployment_spec_replicas{${CLUSTER}, ${NS}})`, 'Deployments'),
        instant(`count(kube_daemonset_status_desired_number_scheduled{${CLUSTER}, ${NS}})`, 'DaemonSets'),
        instant(`count(kube_statefulset_replicas{${CLUSTER}, ${NS}})`, 'StatefulSets'),
      ],
    }),
    panel({
      key: 'pods-by-phase',
      title: 'Pods by phase',
      section: 'Nodes and pods',
      viz: 'timeseries',
      requires: KSM,
      stacked: true,
      description: 'Pods in each phase (Running, Pending, Succeeded, Failed, Unknown).',
      targets: [
        range(`sum by (phase) (kube_pod_status_phase{${CLUSTER}, ${NS}})`, '{{phase}}', {
          recorded: `sum by (phase) (kubeobs:namespace_phase_pods:sum{${CLUSTER}, ${NS}})`,
        }),
      ],
    }),
    panel({
      key: 'pod-capacity-per-node',
      title: 'Pod capacity per node',
      section: 'Nodes and pods',
      viz: 'bargauge',
      requires: KSM,
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholds: [
        { value: 0, color: 'green' },
        { value: 0.8, color: 'orange' },
        { value: 0.9, color: 'red' },
      ],
      description:
        'Running pods on each node against its allocatable pods (kube_node_status_allocatable{resource="pods"}).',
      targets: [
        instant(
          `sum by (cluster, node) (kube_pod_info{${CLUSTER}, node!=""}${onlyRunning()}) / ${ALLOCATABLE_PODS}`,
          '{{node}}',
          { recorded: `sum by (cluster, node) (kubeobs:node_running_pods:sum{${CLUSTER}}) / ${ALLOCATABLE_PODS}` }
        ),
      ],
    }),
    panel({
      key: 'cpu-per-node',
      title: 'CPU use per node',
      section: 'Nodes',
      viz: 'timeseries',
      requires: NODE,
      unit: 'percentunit',
      min: 0,
      max: 1,
      description: 'Share of CPU time not idle, per node (node_cpu_seconds_total).',
      targets: [
        range(
          `1 - (avg by (cluster, instance) (rate(node_cpu_seconds_total{${CLUSTER}, mode="idle"}[$__rate_interval]))${withNodeName()})`,
          '{{nodename}}',
          { recorded: `kubeobs:node_cpu_utilisation:rate5m{${CLUSTER}}` }
        ),
      ],
    }),
    panel({
      key: 'memory-per-node',
      title: 'Memory use per node',
      section: 'Nodes',
      viz: 'timeseries',
      requires: NODE,
      unit: 'percentunit',
      min: 0,
      max: 1,
      description: '1 - MemAvailable / MemTotal per node (node-exporter).',
      targets: [
        range(
          `1 - (sum by (cluster, instance) (node_memory_MemAvailable_bytes{${CLUSTER}}) / sum by (cluster, instance) (node_memory_MemTotal_bytes{${CLUSTER}})${withNodeName()})`,
          '{{nodename}}',
          { recorded: `kubeobs:node_memory_utilisation:ratio{${CLUSTER}}` }
        ),
      ],
    }),
    panel({
      key: 'filesystem-per-node',
      title: 'Filesystem use per node',
      section: 'Nodes',
      viz: 'timeseries',
      requires: NODE,
      unit: 'percentunit',
      min: 0,
      max: 1,
      description: 'Fullest real filesystem on each node (node_filesystem_avail_bytes / node_filesystem_size_bytes).',
      targets: [
        range(
          `max by (cluster, instance) (1 - node_filesystem_avail_bytes{${CLUSTER}, ${REAL_FS}} / node_filesystem_size_bytes{${CLUSTER}, ${REAL_FS}})${withNodeName()}`,
          '{{nodename}}',
          { recorded: `kubeobs:node_filesystem_usage:max{${CLUSTER}}` }
        ),
      ],
    }),
    panel({
      key: 'network-per-node',
      title: 'Network I/O per node',
      section: 'Nodes',
      viz: 'timeseries',
      requires: NODE,
      unit: 'Bps',
      description:
        "Bytes received (+) and transmitted (−) on the node's own interfaces, without Cilium endpoint devices.",
      targets: [
        range(
          `sum by (cluster, instance) (rate(node_network_receive_bytes_total{${CLUSTER}, ${NODE_DEVICES}}[$__rate_interval]))${withNodeName()}`,
          '{{nodename}} received',
          { recorded: `kubeobs:node_network_receive_bytes:rate5m{${CLUSTER}}` }
        ),
        range(
          `-(sum by (cluster, instance) (rate(node_network_transmit_bytes_total{${CLUSTER}, ${NODE_DEVICES}}[$__rate_interval]))${withNodeName()})`,
          '{{nodename}} transmitted',
          { recorded: `-kubeobs:node_network_transmit_bytes:rate5m{${CLUSTER}}` }
        ),
      ],
    }),
    panel({
      key: 'cpu-by-namespace',
      title: 'CPU by namespace',
      section: 'Namespaces',
      viz: 'timeseries',
      requires: CADVISOR,
      unit: 'suffix: cores',
      stacked: true,
      description: 'CPU cores used by the containers of each namespace (container_cpu_usage_seconds_total).',
      targets: [
        range(
          `sum by (namespace) (rate(container_cpu_usage_seconds_total{${CLUSTER}, ${NS}, ${CONTAINERS}}[$__rate_interval]))`,
          '{{namespace}}',
          { recorded: NAMESPACE_CPU }
        ),
      ],
    }),
    panel({
      key: 'memory-by-namespace',
      title: 'Memory by namespace',
      section: 'Namespaces',
      viz: 'timeseries',
      requires: CADVISOR,
      unit: 'bytes',
      stacked: true,
      description: 'Working set memory of the containers of each namespace (container_memory_working_set_bytes).',
      targets: [
        range(
          `sum by (namespace) (container_memory_working_set_bytes{${CLUSTER}, ${NS}, ${CONTAINERS}})`,
          '{{namespace}}',
          { recorded: NAMESPACE_MEMORY }
        ),
      ],
    }),
    panel({
      key: 'top-pods-cpu',
      tall: true,
      columns: { namespace: { width: 130 }, value: { header: 'CPU (cores)', unit: 'none', width: 140 } },
      title: 'Top pods by CPU',
      section: 'Namespaces',
      viz: 'table',
      requires: CADVISOR,
      description: 'The 10 pods using the most CPU cores now.',
      links: [
        { field: 'pod', title: 'Open pod', path: 'cluster/namespace/${__data.fields.namespace}/pod/${__value.raw}' },
      ],
      targets: [
        table(
          `topk(10, sum by (namespace, pod) (rate(container_cpu_usage_seconds_total{${CLUSTER}, ${NS}, ${CONTAINERS}}[5m])))`
        ),
      ],
    }),
    panel({
      key: 'top-pods-memory',
      tall: true,
      columns: { namespace: { width: 130 }, value: { header: 'Working set', unit: 'bytes', width: 140 } },
      title: 'Top pods by memory',
      section: 'Namespaces',
      viz: 'table',
      requires: CADVISOR,
      description: 'The 10 pods with the largest working set now.',
      links: [
        { field: 'pod', title: 'Open pod', path: 'cluster/namespace/${__data.fields.namespace}/pod/${__value.raw}' },
      ],
      targets: [
        table(
          `topk(10, sum by (namespace, pod) (container_memory_working_set_bytes{${CLUSTER}, ${NS}, ${CONTAINERS}}))`
        ),
      ],
    }),
    panel({
      key: 'restarts',
      tall: true,
      wide: true,
      columns: { value: { header: 'Restarts in range', unit: 'none' } },
      title: 'Container restarts',
      section: 'Namespaces',
      viz: 'table',
      requires: KSM,
      description:
        'Pods whose containers restarted in the selected time range, most first, in whole restarts (kube_pod_container_status_restarts_total); pods without restarts are left out.',
      links: [
        { field: 'pod', title: 'Open pod', path: 'cluster/namespace/${__data.fields.namespace}/pod/${__value.raw}' },
      ],
      targets: [
        table(
          `topk(10, round(sum by (namespace, pod) (increase(kube_pod_container_status_restarts_total{${CLUSTER}, ${NS}}[$__range])))) > 0`
        ),
      ],
    }),
    panel({
      key: 'namespaces',
      tall: true,
      columns: {
        pods: { header: 'Running pods' },
        cpu: { header: 'CPU (cores)', unit: 'none' },
        memory: { header: 'Memory (working set)', unit: 'bytes' },
      },
      title: 'Namespaces',
      section: 'Namespaces',
      viz: 'table',
      requires: KSM,
      wide: true,
      description: 'Running pods, CPU and memory per namespace. Click a namespace to drill down.',
      links: [{ field: 'namespace', title: 'Open namespace', path: 'cluster/namespace/${__value.raw}' }],
      targets: [
        table(`sum by (namespace) (kube_pod_status_phase{${CLUSTER}, ${NS}, phase="Running"})`, {
          refId: 'pods',
          recorded: `sum by (namespace) (kubeobs:namespace_phase_pods:sum{${CLUSTER}, ${NS}, phase="Running"})`,
        }),
        table(`sum by (namespace) (rate(container_cpu_usage_seconds_total{${CLUSTER}, ${NS}, ${CONTAINERS}}[5m]))`, {
          refId: 'cpu',
          recorded: NAMESPACE_CPU,
        }),
        table(`sum by (namespace) (container_memory_working_set_bytes{${CLUSTER}, ${NS}, ${CONTAINERS}})`, {
          refId: 'memory',
          recorded: NAMESPACE_MEMORY,
        }),
      ],
    }),
    panel({
      key: 'nodes',
      columns: {
        pods: { header: 'Running pods' },
        allocatable: { header: 'Allocatable pods' },
        ready: { header: 'Status', valueText: { 1: 'Ready', 0: 'Not ready' } },
      },
      title: 'Nodes',
      section: 'Nodes',
      viz: 'table',
      requires: KSM,
      wide: true,
      description: 'Each node with its pods and allocatable pods. Click a node to drill down.',
      links: [{ field: 'node', title: 'Open node', path: 'cluster/node/${__value.raw}' }],
      targets: [
        table(`sum by (node) (kube_pod_info{${CLUSTER}, node!=""}${onlyRunning()})`, {
          refId: 'pods',
          recorded: `sum by (node) (kubeobs:node_running_pods:sum{${CLUSTER}})`,
        }),
        table(`sum by (node) (kube_node_status_allocatable{${CLUSTER}, resource="pods"})`, { refId: 'allocatable' }),
        table(`sum by (node) (kube_node_status_condition{${CLUSTER}, condition="Ready", status="true"})`, {
          refId: 'ready',
        }),
      ],
    }),
  ]),
};
