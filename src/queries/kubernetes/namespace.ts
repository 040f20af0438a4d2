import { DRILLDOWN_ROUTES } from '../../constants';
import { panel, range, table } from '../define';
import { CLUSTER, CONTAINERS, podWorkload } from '../promql';
import { PageQueries } from '../types';

const NS = 'namespace="$namespace"';
const KSM = ['kubeStateMetrics'];
const CADVISOR = ['cadvisor', 'kubeStateMetrics'];
/** The recorded pod → workload mapping of the namespace (recordingRules.ts). */
const RECORDED_OWNERS = `kubeobs:pod_workload:info{${CLUSTER}, ${NS}}`;

/** Namespace drill-down (route `cluster/namespace/:namespace`): its workloads, pods, resources and traffic. */
export const namespaceQueries: PageQueries = {
  route: DRILLDOWN_ROUTES.namespace,
  title: 'Namespace',
  panels: [
    panel({
      key: 'pods-by-phase',
      title: 'Pods by phase',
      section: 'Pods',
      viz: 'timeseries',
      requires: KSM,
      stacked: true,
      description: 'Pods of this namespace in each phase (kube_pod_status_phase).',
      targets: [
        range(`sum by (phase) (kube_pod_status_phase{${CLUSTER}, ${NS}})`, '{{phase}}', {
          recorded: `sum by (phase) (kubeobs:namespace_phase_pods:sum{${CLUSTER}, ${NS}})`,
        }),
      ],
    }),
    panel({
      key: 'cpu-by-workload',
      title: 'CPU by workload',
      section: 'Resources',
      viz: 'timeseries',
      requires: CADVISOR,
      unit: 'short',
      stacked: true,
      description:
        'CPU cores used per workload (cAdvisor joined to kube_pod_owner, ReplicaSets resolved to Deployments).',
      targets: [
        range(
          `sum by (owner_kind, owner_name) (rate(container_cpu_usage_seconds_total{${CLUSTER}, ${NS}, ${CONTAINERS}}[$__rate_interval]) * on (cluster, namespace, pod) group_left (owner_kind, owner_name) ${podWorkload(NS)})`,
          '{{owner_name}}',
          { recorded: `sum by (owner_kind, owner_name) (kubeobs:workload_cpu_usage_seconds:rate5m{${CLUSTER}, ${NS}})` }
        ),
      ],
    }),
    panel({
      key: 'memory-by-workload',
      title: 'Memory by workload',
      section: 'Resources',
      viz: 'timeseries',
      requires: CADVISOR,
      unit: 'bytes',
      stacked: true,
      description: 'Working set memory per workload.',
      targets: [
        range(
          `sum by (owner_kind, owner_name) (container_memory_working_set_bytes{${CLUSTER}, ${NS}, ${CONTAINERS}} * on (cluster, namespace, pod) group_left (owner_kind, owner_name) ${podWorkload(NS)})`,
          '{{owner_name}}',
          {
            recorded: `sum by (owner_kind, owner_name) (kubeobs:workload_memory_working_set_bytes:sum{${CLUSTER}, ${NS}})`,
          }
        ),
      ],
    }),
    panel({
      key: 'network-by-pod',
      title: 'Network I/O by pod',
      section: 'Resources',
      viz: 'timeseries',
      requires: ['cadvisor'],
      unit: 'Bps',
      description:
        'Bytes per second each pod received (+) and transmitted (−) (container_network_receive/transmit_bytes_total, pod network namespace).',
      targets: [
        range(
          `sum by (pod) (rate(container_network_receive_bytes_total{${CLUSTER}, ${NS}}[$__rate_interval]))`,
          '{{pod}} received'
        ),
        range(
          `-sum by (pod) (rate(container_network_transmit_bytes_total{${CLUSTER}, ${NS}}[$__rate_interval]))`,
          '{{pod}} transmitted'
        ),
      ],
    }),
    panel({
      key: 'restarts',
      title: 'Container restarts',
      section: 'Pods',
      viz: 'timeseries',
      requires: KSM,
      decimals: 0,
      description: 'Restarts per pod in each interval, in whole restarts (kube_pod_container_status_restarts_total).',
      targets: [
        range(
          `round(sum by (pod) (increase(kube_pod_container_status_restarts_total{${CLUSTER}, ${NS}}[$__rate_interval])))`,
          '{{pod}}'
        ),
      ],
    }),
    panel({
      key: 'workloads',
      title: 'Workloads',
      section: 'Workloads',
      viz: 'table',
      requires: KSM,
      wide: true,
      description: 'Workloads of the namespace with their pods. Click a workload to drill down.',
      columns: {
        owner_kind: { header: 'Kind' },
        owner_name: { header: 'Workload', width: 320 },
        pods: { header: 'Pods' },
        ready: { header: 'Ready pods' },
      },
      links: [
        {
          field: 'owner_name',
          title: 'Open workload',
          path: 'cluster/namespace/$namespace/workload/${__data.fields.owner_kind}/${__value.raw}',
        },
      ],
      targets: [
        table(`count by (owner_kind, owner_name) (${podWorkload(NS)})`, {
          refId: 'pods',
          recorded: `count by (owner_kind, owner_name) (${RECORDED_OWNERS})`,
        }),
        table(
          `sum by (owner_kind, owner_name) (kube_pod_status_ready{${CLUSTER}, ${NS}, condition="true"} * on (cluster, namespace, pod) group_left (owner_kind, owner_name) ${podWorkload(NS)})`,
          {
            refId: 'ready',
            recorded: `sum by (owner_kind, owner_name) (kube_pod_status_ready{${CLUSTER}, ${NS}, condition="true"} * on (cluster, namespace, pod) group_left (owner_kind, owner_name) ${RECORDED_OWNERS})`,
          }
        ),
      ],
    }),
    panel({
      key: 'pods',
      tall: true,
      title: 'Pods',
      section: 'Pods',
      viz: 'table',
      requires: KSM,
      wide: true,
      description:
        'Pods of the namespace with their phase, node and restarts in the time range. Click a pod to drill down.',
      links: [{ field: 'pod', title: 'Open pod', path: 'cluster/namespace/$namespace/pod/${__value.raw}' }],
      columns: {
        pod: { header: 'Pod', width: 380 },
        phase: { header: 'Phase' },
        node: { header: 'Node' },
        pod_ip: { header: 'Pod IP' },
        info: { hidden: true },
        inPhase: { hidden: true },
        restarts: { header: 'Restarts in range', unit: 'none' },
      },
      targets: [
        table(`max by (pod, node, pod_ip) (kube_pod_info{${CLUSTER}, ${NS}})`, { refId: 'info' }),
        table(`max by (pod, phase) (kube_pod_status_phase{${CLUSTER}, ${NS}} == 1)`, { refId: 'inPhase' }),
        table(`round(sum by (pod) (increase(kube_pod_container_status_restarts_total{${CLUSTER}, ${NS}}[$__range])))`, {
          refId: 'restarts',
        }),
      ],
    }),
  ],
};
