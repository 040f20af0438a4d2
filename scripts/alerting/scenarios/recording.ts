import { destinationHttpQuantile } from '../../../src/queries/recordingRules';
import { InputSeries, s } from './types';

/** One promtool case of a recording rule: input series, and the recorded samples expected at `at` minutes. */
export interface RecordingScenario {
  record: string;
  name: string;
  series: InputSeries[];
  at: number;
  expect: Array<{ labels: Record<string, string>; value: number }>;
}

const C = { cluster: 'c1' };
const KSM = { ...C, instance: '10.0.0.20:8080', job: 'kube-state-metrics' };
const CADVISOR = { ...C, instance: '10.0.0.11:10250', job: 'kubelet', metrics_path: '/metrics/cadvisor', node: 'n1' };
const WEB = { namespace: 'shop', pod: 'web-5d8f6c7b9-x2kqp' };
const DB = { namespace: 'shop', pod: 'db-0' };

/** A Deployment pod (through its ReplicaSet) and a StatefulSet pod, as kube-state-metrics v2 reports them. */
const OWNERS: InputSeries[] = [
  s(
    'kube_pod_owner',
    { ...KSM, ...WEB, owner_kind: 'ReplicaSet', owner_name: 'web-5d8f6c7b9', owner_is_controller: 'true' },
    '1x15'
  ),
  s(
    'kube_replicaset_owner',
    {
      ...KSM,
      namespace: 'shop',
      replicaset: 'web-5d8f6c7b9',
      owner_kind: 'Deployment',
      owner_name: 'web',
      owner_is_controller: 'true',
    },
    '1x15'
  ),
  s(
    'kube_pod_owner',
    { ...KSM, ...DB, owner_kind: 'StatefulSet', owner_name: 'db', owner_is_controller: 'true' },
    '1x15'
  ),
];

/** Containers of both pods (0.5 and 0.25 cores; 100 MiB and 300 MiB) plus their pod-level cgroups, which the rules skip. */
const CONTAINERS: InputSeries[] = [
  s('container_cpu_usage_seconds_total', { ...CADVISOR, ...WEB, container: 'web', cpu: 'total' }, '0+30x15'),
  s('container_cpu_usage_seconds_total', { ...CADVISOR, ...DB, container: 'postgres', cpu: 'total' }, '0+15x15'),
  s('container_cpu_usage_seconds_total', { ...CADVISOR, ...WEB, container: '', cpu: 'total' }, '0+60x15'),
  s('container_memory_working_set_bytes', { ...CADVISOR, ...WEB, container: 'web' }, '104857600x15'),
  s('container_memory_working_set_bytes', { ...CADVISOR, ...DB, container: 'postgres' }, '314572800x15'),
  s('container_memory_working_set_bytes', { ...CADVISOR, ...WEB, container: '' }, '999999999x15'),
];

const HTTP = {
  ...C,
  node: 'n1',
  job: 'hubble-metrics',
  reporter: 'server',
  method: 'GET',
  source_namespace: 'shop',
  source_workload: 'web',
  destination_namespace: 'shop',
  destination_workload: 'api',
  traffic_direction: 'ingress',
};

const NODE = { ...C, instance: '10.0.0.11:9100', job: 'node-exporter' };
const UNAME = s('node_uname_info', { ...NODE, nodename: 'n1', sysname: 'Linux' }, '1x15');
const NODE_OUT = { ...C, instance: '10.0.0.11:9100', nodename: 'n1' };

/** Expected samples of each recording rule (alerting/prometheus/tests/kubeobs-recording.test.yaml). */
export const RECORDING_SCENARIOS: RecordingScenario[] = [
  {
    record: 'kubeobs:pod_workload:info',
    name: 'resolves ReplicaSets to their Deployment and keeps other owners',
    series: OWNERS,
    at: 10,
    expect: [
      { labels: { ...C, ...WEB, owner_kind: 'Deployment', owner_name: 'web' }, value: 1 },
      { labels: { ...C, ...DB, owner_kind: 'StatefulSet', owner_name: 'db' }, value: 1 },
    ],
  },
  {
    record: 'kubeobs:node_running_pods:sum',
    name: 'counts only Running pods of each node',
    series: [
      s('kube_pod_info', { ...KSM, ...WEB, node: 'n1' }, '1x15'),
      s('kube_pod_info', { ...KSM, ...DB, node: 'n1' }, '1x15'),
      s('kube_pod_info', { ...KSM, namespace: 'shop', pod: 'batch-1', node: 'n2' }, '1x15'),
      s('kube_pod_status_phase', { ...KSM, ...WEB, phase: 'Running' }, '1x15'),
      s('kube_pod_status_phase', { ...KSM, ...DB, phase: 'Running' }, '1x15'),
      s('kube_pod_status_phase', { ...KSM, namespace: 'shop', pod: 'batch-1', phase: 'Running' }, '0x15'),
      s('kube_pod_status_phase', { ...KSM, namespace: 'shop', pod: 'batch-1', phase: 'Succeeded' }, '1x15'),
    ],
    at: 10,
    expect: [{ labels: { ...C, node: 'n1' }, value: 2 }],
  },
  {
    record: 'kubeobs:namespace_phase_pods:sum',
    name: 'sums pods per namespace and phase',
    series: [
      s('kube_pod_status_phase', { ...KSM, ...WEB, phase: 'Running' }, '1x15'),
      s('kube_pod_status_phase', { ...KSM, ...DB, phase: 'Running' }, '1x15'),
      s('kube_pod_status_phase', { ...KSM, ...DB, phase: 'Pending' }, '0x15'),
    ],
    at: 10,
    expect: [
      { labels: { ...C, namespace: 'shop', phase: 'Pending' }, value: 0 },
      { labels: { ...C, namespace: 'shop', phase: 'Running' }, value: 2 },
    ],
  },
  {
    record: 'kubeobs:namespace_cpu_usage_seconds:rate5m',
    name: 'adds the containers of a namespace, not their pod cgroups',
    series: CONTAINERS,
    at: 10,
    expect: [{ labels: { ...C, namespace: 'shop' }, value: 0.75 }],
  },
  {
    record: 'kubeobs:namespace_memory_working_set_bytes:sum',
    name: 'adds the working sets of the containers of a namespace',
    series: CONTAINERS,
    at: 10,
    expect: [{ labels: { ...C, namespace: 'shop' }, value: 419430400 }],
  },
  {
    record: 'kubeobs:workload_cpu_usage_seconds:rate5m',
    name: 'attributes container CPU to the owning workload',
    series: [...OWNERS, ...CONTAINERS],
    at: 10,
    expect: [
      { labels: { ...C, namespace: 'shop', owner_kind: 'Deployment', owner_name: 'web' }, value: 0.5 },
      { labels: { ...C, namespace: 'shop', owner_kind: 'StatefulSet', owner_name: 'db' }, value: 0.25 },
    ],
  },
  {
    record: 'kubeobs:workload_memory_working_set_bytes:sum',
    name: 'attributes container memory to the owning workload',
    series: [...OWNERS, ...CONTAINERS],
    at: 10,
    expect: [
      { labels: { ...C, namespace: 'shop', owner_kind: 'Deployment', owner_name: 'web' }, value: 104857600 },
      { labels: { ...C, namespace: 'shop', owner_kind: 'StatefulSet', owner_name: 'db' }, value: 314572800 },
    ],
  },
  {
    record: 'kubeobs:node_cpu_utilisation:rate5m',
    name: 'averages the busy share of all CPUs of a node and names the node',
    series: [
      UNAME,
      s('node_cpu_seconds_total', { ...NODE, cpu: '0', mode: 'idle' }, '0+45x15'),
      s('node_cpu_seconds_total', { ...NODE, cpu: '1', mode: 'idle' }, '0+15x15'),
      s('node_cpu_seconds_total', { ...NODE, cpu: '1', mode: 'user' }, '0+45x15'),
    ],
    at: 10,
    expect: [{ labels: NODE_OUT, value: 0.5 }],
  },
  {
    record: 'kubeobs:node_memory_utilisation:ratio',
    name: 'is the share of memory not available',
    series: [
      UNAME,
      s('node_memory_MemAvailable_bytes', NODE, '1073741824x15'),
      s('node_memory_MemTotal_bytes', NODE, '4294967296x15'),
    ],
    at: 10,
    expect: [{ labels: NODE_OUT, value: 0.75 }],
  },
  {
    record: 'kubeobs:node_filesystem_usage:max',
    name: 'takes the fullest real filesystem, not tmpfs',
    series: [
      UNAME,
      s('node_filesystem_avail_bytes', { ...NODE, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' }, '30x15'),
      s('node_filesystem_size_bytes', { ...NODE, device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' }, '100x15'),
      s('node_filesystem_avail_bytes', { ...NODE, device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run' }, '0x15'),
      s('node_filesystem_size_bytes', { ...NODE, device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run' }, '10x15'),
    ],
    at: 10,
    expect: [{ labels: NODE_OUT, value: 0.7 }],
  },
  {
    record: 'kubeobs:node_network_receive_bytes:rate5m',
    name: 'adds the node’s own interfaces, not Cilium endpoint devices',
    series: [
      UNAME,
      s('node_network_receive_bytes_total', { ...NODE, device: 'eth0' }, '0+600x15'),
      s('node_network_receive_bytes_total', { ...NODE, device: 'lxc12ab34cd' }, '0+6000x15'),
    ],
    at: 10,
    expect: [{ labels: NODE_OUT, value: 10 }],
  },
  {
    record: 'kubeobs:node_network_transmit_bytes:rate5m',
    name: 'adds the node’s own interfaces, not the VXLAN device',
    series: [
      UNAME,
      s('node_network_transmit_bytes_total', { ...NODE, device: 'eth0' }, '0+300x15'),
      s('node_network_transmit_bytes_total', { ...NODE, device: 'cilium_vxlan' }, '0+6000x15'),
    ],
    at: 10,
    expect: [{ labels: NODE_OUT, value: 5 }],
  },
  {
    record: 'kubeobs:workload_http_requests:rate5m',
    name: 'sums requests between workloads across nodes and addresses, by status',
    series: [
      s('hubble_http_requests_total', { ...HTTP, source_ip: '10.1.0.5', status: '200' }, '0+60x15'),
      s('hubble_http_requests_total', { ...HTTP, node: 'n2', source_ip: '10.1.1.7', status: '200' }, '0+30x15'),
      s('hubble_http_requests_total', { ...HTTP, source_ip: '10.1.0.5', status: '503' }, '0+6x15'),
    ],
    at: 10,
    expect: [
      { labels: { ...pick(HTTP), status: '200' }, value: 1.5 },
      { labels: { ...pick(HTTP), status: '503' }, value: 0.1 },
    ],
  },
  {
    record: 'kubeobs:workload_http_request_duration_seconds_bucket:rate5m',
    name: 'keeps the buckets of requests between workloads',
    series: [
      s('hubble_http_request_duration_seconds_bucket', { ...HTTP, source_ip: '10.1.0.5', le: '0.1' }, '0+30x15'),
      s('hubble_http_request_duration_seconds_bucket', { ...HTTP, source_ip: '10.1.0.5', le: '+Inf' }, '0+60x15'),
      s('hubble_http_request_duration_seconds_bucket', { ...HTTP, source_ip: '10.1.1.7', le: '+Inf' }, '0+60x15'),
    ],
    at: 10,
    expect: [
      { labels: { ...pick(HTTP), le: '0.1' }, value: 0.5 },
      { labels: { ...pick(HTTP), le: '+Inf' }, value: 2 },
    ],
  },
  ...[
    [0.5, 0.625],
    [0.95, 1],
    [0.99, 1],
  ].map(([q, value]) => ({
    record: destinationHttpQuantile(q),
    name: `p${Math.round(q * 100)} into each workload, from the buckets summed over sources and nodes`,
    series: [
      s('hubble_http_request_duration_seconds_bucket', { ...HTTP, source_ip: '10.1.0.5', le: '0.25' }, '0+30x15'),
      s('hubble_http_request_duration_seconds_bucket', { ...HTTP, source_ip: '10.1.0.5', le: '1' }, '0+60x15'),
      s('hubble_http_request_duration_seconds_bucket', { ...HTTP, source_ip: '10.1.0.5', le: '+Inf' }, '0+60x15'),
      s(
        'hubble_http_request_duration_seconds_bucket',
        { ...HTTP, node: 'n2', source_workload: 'cron', le: '0.25' },
        '0+0x15'
      ),
      s(
        'hubble_http_request_duration_seconds_bucket',
        { ...HTTP, node: 'n2', source_workload: 'cron', le: '1' },
        '0+30x15'
      ),
      s(
        'hubble_http_request_duration_seconds_bucket',
        { ...HTTP, node: 'n2', source_workload: 'cron', le: '+Inf' },
        '0+60x15'
      ),
    ],
    at: 10,
    expect: [
      {
        labels: { cluster: 'c1', reporter: 'server', destination_namespace: 'shop', destination_workload: 'api' },
        value,
      },
    ],
  })),
];

/** The labels the HTTP rules keep. */
function pick(h: typeof HTTP) {
  const { cluster, reporter, source_namespace, source_workload, destination_namespace, destination_workload } = h;
  return { cluster, reporter, source_namespace, source_workload, destination_namespace, destination_workload };
}
