import { DRILLDOWN_ROUTES } from '../../constants';
import { panel, range, table } from '../define';
import { CLUSTER, CONTAINERS } from '../promql';
import { PageQueries } from '../types';

const POD = 'namespace="$namespace", pod="$pod"';

/** Pod drill-down (route `cluster/namespace/:namespace/pod/:pod`): containers, their resources and state. */
export const podQueries: PageQueries = {
  route: DRILLDOWN_ROUTES.pod,
  title: 'Pod',
  panels: [
    panel({
      key: 'info',
      title: 'Pod',
      section: 'State',
      viz: 'table',
      requires: ['kubeStateMetrics'],
      wide: true,
      description: 'Node, IPs and owner of the pod (kube_pod_info).',
      links: [{ field: 'node', title: 'Open node', path: 'cluster/node/${__value.raw}' }],
      targets: [
        table(`max by (node, pod_ip, host_ip, created_by_kind, created_by_name) (kube_pod_info{${CLUSTER}, ${POD}})`),
      ],
    }),
    panel({
      key: 'containers',
      title: 'Containers',
      section: 'State',
      viz: 'table',
      requires: ['kubeStateMetrics'],
      wide: true,
      description: 'Each container with readiness and restarts (kube_pod_container_status_ready, _restarts_total).',
      targets: [
        table(`sum by (container) (kube_pod_container_status_ready{${CLUSTER}, ${POD}})`, { refId: 'ready' }),
        table(`sum by (container) (kube_pod_container_status_restarts_total{${CLUSTER}, ${POD}})`, {
          refId: 'restarts',
        }),
      ],
    }),
    panel({
      key: 'cpu',
      title: 'CPU by container',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['cadvisor'],
      unit: 'short',
      description:
        'CPU cores used by each container, with its request and limit (kube_pod_container_resource_requests/limits).',
      targets: [
        range(
          `sum by (container) (rate(container_cpu_usage_seconds_total{${CLUSTER}, ${POD}, ${CONTAINERS}}[$__rate_interval]))`,
          '{{container}}'
        ),
        range(
          `sum by (container) (kube_pod_container_resource_requests{${CLUSTER}, ${POD}, resource="cpu"})`,
          '{{container}} request'
        ),
      ],
    }),
    panel({
      key: 'memory',
      title: 'Memory by container',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['cadvisor'],
      unit: 'bytes',
      description: 'Working set memory of each container, with its limit.',
      targets: [
        range(
          `sum by (container) (container_memory_working_set_bytes{${CLUSTER}, ${POD}, ${CONTAINERS}})`,
          '{{container}}'
        ),
        range(
          `sum by (container) (kube_pod_container_resource_limits{${CLUSTER}, ${POD}, resource="memory"})`,
          '{{container}} limit'
        ),
      ],
    }),
    panel({
      key: 'throttling',
      title: 'CPU throttling',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['cadvisor'],
      unit: 'percentunit',
      min: 0,
      description:
        'Share of CFS periods in which each container was throttled (container_cpu_cfs_throttled_periods_total / container_cpu_cfs_periods_total).',
      targets: [
        range(
          `sum by (container) (rate(container_cpu_cfs_throttled_periods_total{${CLUSTER}, ${POD}, ${CONTAINERS}}[$__rate_interval])) / clamp_min(sum by (container) (rate(container_cpu_cfs_periods_total{${CLUSTER}, ${POD}, ${CONTAINERS}}[$__rate_interval])), 1e-9)`,
          '{{container}}'
        ),
      ],
    }),
    panel({
      key: 'network',
      title: 'Network I/O',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['cadvisor'],
      unit: 'Bps',
      description: 'Bytes received (+) and transmitted (−) by the pod (container_network_*_bytes_total).',
      targets: [
        range(`sum(rate(container_network_receive_bytes_total{${CLUSTER}, ${POD}}[$__rate_interval]))`, 'received'),
        range(
          `-sum(rate(container_network_transmit_bytes_total{${CLUSTER}, ${POD}}[$__rate_interval]))`,
          'transmitted'
        ),
      ],
    }),
    panel({
      key: 'restarts',
      title: 'Restarts',
      section: 'State',
      viz: 'timeseries',
      requires: ['kubeStateMetrics'],
      description: 'Restarts of each container in each interval.',
      targets: [
        range(
          `sum by (container) (increase(kube_pod_container_status_restarts_total{${CLUSTER}, ${POD}}[$__rate_interval]))`,
          '{{container}}'
        ),
      ],
    }),
  ],
};
