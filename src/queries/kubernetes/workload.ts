import { DRILLDOWN_ROUTES } from '../../constants';
import { panel, range, table } from '../define';
import { CLUSTER, CONTAINERS, podWorkload } from '../promql';
import { PageQueries } from '../types';

const NS = 'namespace="$namespace"';
const OWNER = 'owner_kind="$kind", owner_name="$workload"';
const OF_WORKLOAD = `* on (cluster, namespace, pod) group_left (owner_kind, owner_name) ${podWorkload(NS, OWNER)}`;
const CADVISOR = ['cadvisor', 'kubeStateMetrics'];
const HTTP_TO = 'destination_namespace="$namespace", destination_workload="$workload", reporter="server"';

/**
 * Workload drill-down (route `cluster/namespace/:namespace/workload/:kind/:workload`): its pods and
 * their resources, and the HTTP golden signals of traffic into it as Hubble sees them
 * (hubble_http_requests_total with labelsContext destination_namespace, destination_workload).
 */
export const workloadQueries: PageQueries = {
  route: DRILLDOWN_ROUTES.workload,
  title: 'Workload',
  panels: [
    panel({
      key: 'pods-ready',
      title: 'Pods ready',
      section: 'Pods',
      viz: 'timeseries',
      requires: ['kubeStateMetrics'],
      decimals: 0,
      description: 'Pods of the workload that are Ready, and all its pods (kube_pod_status_ready).',
      targets: [
        range(`sum(kube_pod_status_ready{${CLUSTER}, ${NS}, condition="true"} ${OF_WORKLOAD})`, 'ready'),
        range(`count(${podWorkload(NS, OWNER)})`, 'pods'),
      ],
    }),
    panel({
      key: 'cpu-by-pod',
      title: 'CPU by pod',
      section: 'Resources',
      viz: 'timeseries',
      requires: CADVISOR,
      unit: 'short',
      description: 'CPU cores used by each pod of the workload.',
      targets: [
        range(
          `sum by (pod) (rate(container_cpu_usage_seconds_total{${CLUSTER}, ${NS}, ${CONTAINERS}}[$__rate_interval]) ${OF_WORKLOAD})`,
          '{{pod}}'
        ),
      ],
    }),
    panel({
      key: 'memory-by-pod',
      title: 'Memory by pod',
      section: 'Resources',
      viz: 'timeseries',
      requires: CADVISOR,
      unit: 'bytes',
      description: 'Working set memory of each pod of the workload.',
      targets: [
        range(
          `sum by (pod) (container_memory_working_set_bytes{${CLUSTER}, ${NS}, ${CONTAINERS}} ${OF_WORKLOAD})`,
          '{{pod}}'
        ),
      ],
    }),
    panel({
      key: 'network-by-pod',
      title: 'Network I/O by pod',
      section: 'Resources',
      viz: 'timeseries',
      requires: CADVISOR,
      unit: 'Bps',
      description: 'Bytes received (+) and transmitted (−) by each pod.',
      targets: [
        range(
          `sum by (pod) (rate(container_network_receive_bytes_total{${CLUSTER}, ${NS}}[$__rate_interval]) ${OF_WORKLOAD})`,
          '{{pod}} received'
        ),
        range(
          `-sum by (pod) (rate(container_network_transmit_bytes_total{${CLUSTER}, ${NS}}[$__rate_interval]) ${OF_WORKLOAD})`,
          '{{pod}} transmitted'
        ),
      ],
    }),
    panel({
      key: 'restarts',
      title: 'Container restarts',
      section: 'Pods',
      viz: 'timeseries',
      requires: ['kubeStateMetrics'],
      description: 'Restarts per pod in each interval.',
      targets: [
        range(
          `sum by (pod) (increase(kube_pod_container_status_restarts_total{${CLUSTER}, ${NS}}[$__rate_interval]) ${OF_WORKLOAD})`,
          '{{pod}}'
        ),
      ],
    }),
    panel({
      key: 'http-requests',
      title: 'HTTP requests into the workload',
      section: 'HTTP (Hubble)',
      viz: 'timeseries',
      requires: ['hubbleHttp'],
      unit: 'reqps',
      description:
        'Requests per second by source workload and status, as the receiving side reports them (hubble_http_requests_total, reporter="server").',
      targets: [
        range(
          `sum by (source_workload, status) (rate(hubble_http_requests_total{${CLUSTER}, ${HTTP_TO}}[$__rate_interval]))`,
          '{{source_workload}} {{status}}'
        ),
      ],
    }),
    panel({
      key: 'http-latency',
      title: 'HTTP duration into the workload',
      section: 'HTTP (Hubble)',
      viz: 'timeseries',
      requires: ['hubbleHttp'],
      unit: 's',
      description: 'p50 / p95 / p99 request duration (hubble_http_request_duration_seconds); exemplars link to traces.',
      targets: [0.5, 0.95, 0.99].map((q) =>
        range(
          `histogram_quantile(${q}, sum by (le) (rate(hubble_http_request_duration_seconds_bucket{${CLUSTER}, ${HTTP_TO}}[$__rate_interval])))`,
          `p${Math.round(q * 100)}`,
          { exemplar: true }
        )
      ),
    }),
    panel({
      key: 'pods',
      title: 'Pods',
      section: 'Pods',
      viz: 'table',
      requires: ['kubeStateMetrics'],
      wide: true,
      description: 'Pods of the workload. Click a pod to drill down.',
      links: [{ field: 'pod', title: 'Open pod', path: 'cluster/namespace/$namespace/pod/${__value.raw}' }],
      columns: {
        pod: { header: 'Pod', width: 420 },
        node: { header: 'Node' },
        pod_ip: { header: 'Pod IP' },
        value: { hidden: true },
      },
      targets: [table(`max by (pod, node, pod_ip) (kube_pod_info{${CLUSTER}, ${NS}} ${OF_WORKLOAD})`)],
    }),
  ],
};
