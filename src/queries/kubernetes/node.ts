import { DRILLDOWN_ROUTES } from '../../constants';
import { instant, panel, range, table } from '../define';
import { CLUSTER, NODE_DEVICES, REAL_FS, onlyRunning } from '../promql';
import { PageQueries } from '../types';

/** The node's node-exporter series, by the `$instance` the page resolves from node_uname_info{nodename}. */
const INSTANCE = `${CLUSTER}, instance=~"$instance"`;
const ALLOCATABLE = `sum(kube_node_status_allocatable{${CLUSTER}, node="$node", resource="pods"})`;

/**
 * Node drill-down (route `cluster/node/:node`): conditions, pods against capacity, CPU, memory, disk,
 * network. node-exporter series are selected by the node's `instance` (hidden variable from
 * node_uname_info), not joined: on 1,000 nodes the join made CPU by mode cost seconds.
 */
export const nodeQueries: PageQueries = {
  route: DRILLDOWN_ROUTES.node,
  title: 'Node',
  variables: [
    { name: 'instance', label: 'Instance', metric: 'node_uname_info', selector: 'nodename="$node"', hidden: true },
  ],
  panels: [
    panel({
      key: 'conditions',
      title: 'Conditions',
      section: 'State',
      viz: 'table',
      requires: ['kubeStateMetrics'],
      description: 'Node conditions that hold now (kube_node_status_condition with value 1).',
      columns: { condition: { header: 'Condition' }, status: { header: 'Status' }, value: { hidden: true } },
      targets: [table(`max by (condition, status) (kube_node_status_condition{${CLUSTER}, node="$node"} == 1)`)],
    }),
    panel({
      key: 'pod-capacity',
      title: 'Pod capacity',
      section: 'State',
      viz: 'gauge',
      requires: ['kubeStateMetrics'],
      unit: 'percentunit',
      min: 0,
      max: 1,
      thresholds: [
        { value: 0, color: 'green' },
        { value: 0.8, color: 'orange' },
        { value: 0.9, color: 'red' },
      ],
      description: 'Running pods on the node against its allocatable pods.',
      targets: [
        instant(
          `sum(kube_pod_info{${CLUSTER}, node="$node"}${onlyRunning()}) / ${ALLOCATABLE}`,
          'Running / allocatable pods',
          {
            recorded: `sum(kubeobs:node_running_pods:sum{${CLUSTER}, node="$node"}) / ${ALLOCATABLE}`,
          }
        ),
      ],
    }),
    panel({
      key: 'cpu',
      title: 'CPU by mode',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['nodeExporter'],
      unit: 'suffix: cores',
      stacked: true,
      description: 'CPU cores busy by mode (node_cpu_seconds_total), without idle.',
      targets: [
        range(`sum by (mode) (rate(node_cpu_seconds_total{${INSTANCE}, mode!="idle"}[$__rate_interval]))`, '{{mode}}'),
      ],
    }),
    panel({
      key: 'memory',
      title: 'Memory',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['nodeExporter'],
      unit: 'bytes',
      min: 0,
      description: 'Total and available memory (node_memory_MemTotal_bytes, node_memory_MemAvailable_bytes).',
      targets: [
        range(`sum(node_memory_MemTotal_bytes{${INSTANCE}})`, 'total'),
        range(`sum(node_memory_MemAvailable_bytes{${INSTANCE}})`, 'available'),
      ],
    }),
    panel({
      key: 'filesystem',
      title: 'Filesystem use',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['nodeExporter'],
      unit: 'percentunit',
      min: 0,
      max: 1,
      description: 'Use of each real filesystem by mount point.',
      targets: [
        range(
          `max by (mountpoint) (1 - node_filesystem_avail_bytes{${INSTANCE}, ${REAL_FS}} / node_filesystem_size_bytes{${INSTANCE}, ${REAL_FS}})`,
          '{{mountpoint}}'
        ),
      ],
    }),
    panel({
      key: 'network',
      title: 'Network I/O by device',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['nodeExporter'],
      unit: 'Bps',
      description: 'Bytes received (+) and transmitted (−) per device.',
      targets: [
        range(
          `sum by (device) (rate(node_network_receive_bytes_total{${INSTANCE}, ${NODE_DEVICES}}[$__rate_interval]))`,
          '{{device}} received'
        ),
        range(
          `-sum by (device) (rate(node_network_transmit_bytes_total{${INSTANCE}, ${NODE_DEVICES}}[$__rate_interval]))`,
          '{{device}} transmitted'
        ),
      ],
    }),
    panel({
      key: 'cilium-agent',
      title: 'Cilium endpoints on this node by state',
      section: 'Cilium',
      viz: 'timeseries',
      requires: ['ciliumAgent'],
      description:
        "Endpoints managed by the node's Cilium agent by state (cilium_endpoint_state, node label from the Cilium ServiceMonitor).",
      targets: [
        range(`sum by (endpoint_state) (cilium_endpoint_state{${CLUSTER}, node="$node"})`, '{{endpoint_state}}'),
      ],
    }),
    panel({
      key: 'pods',
      tall: true,
      title: 'Pods on the node',
      section: 'State',
      viz: 'table',
      requires: ['kubeStateMetrics'],
      wide: true,
      description: 'Pods scheduled on the node. Click a pod to drill down.',
      links: [
        { field: 'pod', title: 'Open pod', path: 'cluster/namespace/${__data.fields.namespace}/pod/${__value.raw}' },
      ],
      columns: {
        namespace: { header: 'Namespace' },
        pod: { header: 'Pod', width: 420 },
        pod_ip: { header: 'Pod IP' },
        value: { hidden: true },
      },
      targets: [table(`max by (namespace, pod, pod_ip) (kube_pod_info{${CLUSTER}, node="$node"})`)],
    }),
  ],
};
