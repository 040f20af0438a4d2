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
      short: true,
      description: 'Node, IPs and owner of the pod (kube_pod_info).',
      links: [{ field: 'node', title: 'Open node', path: 'cluster/node/${__value.raw}' }],
      columns: {
        pod: { hidden: true },
        info: { hidden: true },
        inPhase: { hidden: true },
        phase: { header: 'Phase' },
        ready: { header: 'Status', valueText: { 1: 'Ready', 0: 'Not ready' } },
        age: { header: 'Age', unit: 'dtdurations' },
        node: { header: 'Node' },
        pod_ip: { header: 'Pod IP' },
        host_ip: { header: 'Host IP' },
        created_by_kind: { header: 'Owner kind' },
        created_by_name: { header: 'Owner' },
      },
      targets: [
        table(`max by (pod, phase) (kube_pod_status_phase{${CLUSTER}, ${POD}} == 1)`, { refId: 'inPhase' }),
        table(`max by (pod) (kube_pod_status_ready{${CLUSTER}, ${POD}, condition="true"})`, { refId: 'ready' }),
        table(`max by (pod) (time() - kube_pod_created{${CLUSTER}, ${POD}})`, { refId: 'age' }),
        table(
          `max by (pod, node, pod_ip, host_ip, created_by_kind, created_by_name) (kube_pod_info{${CLUSTER}, ${POD}})`,
          { refId: 'info' }
        ),
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
      columns: {
        container: { header: 'Container' },
        ready: { header: 'Status', valueText: { 1: 'Ready', 0: 'Not ready' } },
        restarts: { header: 'Restarts in range', unit: 'none' },
      },
      targets: [
        table(`sum by (container) (kube_pod_container_status_ready{${CLUSTER}, ${POD}})`, { refId: 'ready' }),
        table(
          `round(sum by (container) (increase(kube_pod_container_status_restarts_total{${CLUSTER}, ${POD}}[$__range])))`,
          { refId: 'restarts' }
        ),
      ],
    }),
    panel({
      key: 'cpu',
      title: 'CPU by container',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['cadvisor'],
      unit: 'suffix: cores',
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
      wide: true,
      decimals: 0,
      min: 0,
      softMax: 1,
      description: 'Restarts of each container in each interval.',
      targets: [
        range(
          `round(sum by (container) (increase(kube_pod_container_status_restarts_total{${CLUSTER}, ${POD}}[$__rate_interval])))`,
          '{{container}}'
        ),
      ],
    }),
  ],
};
