import { InputSeries, KSM, Scenario, s } from './types';

const POD = { ...KSM, namespace: 'shop', pod: 'cart-7c9f8-abcde' };

/** 10 pods on node-1 (allocatable 10): `runningAlways` run from the start, the last one from minute 3 if `lastRuns`. */
function pods(runningAlways: number, lastRuns: boolean): InputSeries[] {
  const out: InputSeries[] = [
    s('kube_node_status_allocatable', { ...KSM, node: 'node-1', resource: 'pods', unit: 'integer' }, '10x60'),
  ];
  for (let i = 1; i <= 10; i++) {
    const pod = { ...KSM, namespace: 'shop', pod: `web-${i}` };
    out.push(
      s(
        'kube_pod_info',
        {
          ...pod,
          node: 'node-1',
          host_ip: '10.0.0.11',
          pod_ip: `10.1.0.${i}`,
          created_by_kind: 'ReplicaSet',
          created_by_name: 'web-5d8c',
        },
        '1x60'
      )
    );
    const running = i <= runningAlways ? '1x60' : i === 10 && lastRuns ? '0x2 1x60' : '0x60';
    out.push(s('kube_pod_status_phase', { ...pod, phase: 'Running' }, running));
    out.push(
      s(
        'kube_pod_status_phase',
        { ...pod, phase: 'Pending' },
        running === '1x60' ? '0x60' : running === '0x60' ? '1x60' : '1x2 0x60'
      )
    );
  }
  return out;
}

/** promtool scenarios of the Kubernetes templates (see {@link Scenario}). */
export const kubernetesScenarios: Scenario[] = [
  {
    templateId: 'k8s-target-down',
    firing: {
      series: [s('up', { job: 'node-exporter', instance: '10.0.0.11:9100' }, '1x2 0x60')],
      activeFrom: 3,
      expect: { labels: { job: 'node-exporter', instance: '10.0.0.11:9100' }, value: 0 },
    },
    boundary: [s('up', { job: 'node-exporter', instance: '10.0.0.11:9100' }, '1x60')],
  },
  {
    templateId: 'k8s-node-not-ready',
    firing: {
      series: [
        s('kube_node_status_condition', { ...KSM, node: 'node-2', condition: 'Ready', status: 'true' }, '1x2 0x60'),
        s('kube_node_status_condition', { ...KSM, node: 'node-2', condition: 'Ready', status: 'false' }, '0x2 1x60'),
      ],
      activeFrom: 3,
      expect: { labels: { cluster: 'c1', node: 'node-2' }, value: 0 },
    },
    boundary: [s('kube_node_status_condition', { ...KSM, node: 'node-2', condition: 'Ready', status: 'true' }, '1x60')],
  },
  {
    templateId: 'k8s-node-memory-pressure',
    firing: {
      series: [
        s(
          'kube_node_status_condition',
          { ...KSM, node: 'node-3', condition: 'MemoryPressure', status: 'true' },
          '0x2 1x60'
        ),
        s(
          'kube_node_status_condition',
          { ...KSM, node: 'node-3', condition: 'MemoryPressure', status: 'false' },
          '1x2 0x60'
        ),
      ],
      activeFrom: 3,
      expect: { labels: { cluster: 'c1', node: 'node-3' }, value: 1 },
    },
    boundary: [
      s('kube_node_status_condition', { ...KSM, node: 'node-3', condition: 'MemoryPressure', status: 'true' }, '0x60'),
    ],
  },
  {
    templateId: 'k8s-pod-crash-looping',
    firing: {
      series: [
        s(
          'kube_pod_container_status_waiting_reason',
          { ...POD, container: 'cart', reason: 'CrashLoopBackOff' },
          '0x2 1x60'
        ),
      ],
      activeFrom: 3,
      expect: { labels: { cluster: 'c1', namespace: 'shop', pod: 'cart-7c9f8-abcde', container: 'cart' }, value: 1 },
    },
    boundary: [
      s('kube_pod_container_status_waiting_reason', { ...POD, container: 'cart', reason: 'CrashLoopBackOff' }, '0x60'),
    ],
    extra: [
      {
        name: 'a container waiting in ImagePullBackOff is not crash looping',
        series: [
          s(
            'kube_pod_container_status_waiting_reason',
            { ...POD, container: 'cart', reason: 'ImagePullBackOff' },
            '1x60'
          ),
        ],
        at: 30,
        expect: null,
      },
    ],
  },
  {
    templateId: 'k8s-pod-not-ready',
    firing: {
      series: [
        s('kube_pod_status_ready', { ...POD, condition: 'true' }, '1x2 0x60'),
        s('kube_pod_status_phase', { ...POD, phase: 'Running' }, '1x60'),
        s('kube_pod_status_phase', { ...POD, phase: 'Succeeded' }, '0x60'),
        s('kube_pod_status_phase', { ...POD, phase: 'Failed' }, '0x60'),
      ],
      activeFrom: 3,
      expect: { labels: { cluster: 'c1', namespace: 'shop', pod: 'cart-7c9f8-abcde' }, value: 0 },
    },
    boundary: [s('kube_pod_status_ready', { ...POD, condition: 'true' }, '1x60')],
    extra: [
      {
        name: 'a completed pod (Succeeded) is not ready but must not fire',
        series: [
          s('kube_pod_status_ready', { ...POD, pod: 'migrate-x1', condition: 'true' }, '0x60'),
          s('kube_pod_status_phase', { ...POD, pod: 'migrate-x1', phase: 'Succeeded' }, '1x60'),
        ],
        at: 30,
        expect: null,
      },
    ],
  },
  {
    templateId: 'k8s-deployment-replicas-mismatch',
    firing: {
      series: [
        s('kube_deployment_spec_replicas', { ...KSM, namespace: 'shop', deployment: 'api' }, '3x60'),
        s('kube_deployment_status_replicas_available', { ...KSM, namespace: 'shop', deployment: 'api' }, '3x2 1x60'),
      ],
      activeFrom: 3,
      expect: { labels: { cluster: 'c1', namespace: 'shop', deployment: 'api' }, value: 2 },
    },
    boundary: [
      s('kube_deployment_spec_replicas', { ...KSM, namespace: 'shop', deployment: 'api' }, '3x60'),
      s('kube_deployment_status_replicas_available', { ...KSM, namespace: 'shop', deployment: 'api' }, '3x60'),
    ],
  },
  {
    templateId: 'k8s-node-pod-capacity',
    firing: { series: pods(9, true), activeFrom: 3, expect: { labels: { cluster: 'c1', node: 'node-1' }, value: 1 } },
    boundary: pods(9, false),
  },
  {
    templateId: 'k8s-cluster-pod-capacity',
    firing: { series: pods(9, true), activeFrom: 3, expect: { labels: { cluster: 'c1' }, value: 1 } },
    boundary: pods(9, false),
  },
  {
    templateId: 'k8s-kubelet-too-many-pods',
    firing: {
      series: [
        s(
          'kubelet_running_pods',
          { cluster: 'c1', node: 'node-1', instance: '10.0.0.11:10250', job: 'kubelet', metrics_path: '/metrics' },
          '90x2 100x60'
        ),
        s('kube_node_status_capacity', { ...KSM, node: 'node-1', resource: 'pods', unit: 'integer' }, '100x60'),
      ],
      activeFrom: 3,
      expect: { labels: { cluster: 'c1', node: 'node-1' }, value: 1 },
    },
    boundary: [
      s(
        'kubelet_running_pods',
        { cluster: 'c1', node: 'node-1', instance: '10.0.0.11:10250', job: 'kubelet', metrics_path: '/metrics' },
        '95x60'
      ),
      s('kube_node_status_capacity', { ...KSM, node: 'node-1', resource: 'pods', unit: 'integer' }, '100x60'),
    ],
  },
  {
    templateId: 'k8s-pv-filling-up',
    firing: {
      series: [
        s(
          'kubelet_volume_stats_available_bytes',
          { cluster: 'c1', namespace: 'db', persistentvolumeclaim: 'data-pg-0', node: 'node-1', job: 'kubelet' },
          '500x2 50x60'
        ),
        s(
          'kubelet_volume_stats_capacity_bytes',
          { cluster: 'c1', namespace: 'db', persistentvolumeclaim: 'data-pg-0', node: 'node-1', job: 'kubelet' },
          '1000x62'
        ),
      ],
      activeFrom: 3,
      expect: { labels: { cluster: 'c1', namespace: 'db', persistentvolumeclaim: 'data-pg-0' }, value: 0.05 },
    },
    boundary: [
      s(
        'kubelet_volume_stats_available_bytes',
        { cluster: 'c1', namespace: 'db', persistentvolumeclaim: 'data-pg-0', node: 'node-1', job: 'kubelet' },
        '100x60'
      ),
      s(
        'kubelet_volume_stats_capacity_bytes',
        { cluster: 'c1', namespace: 'db', persistentvolumeclaim: 'data-pg-0', node: 'node-1', job: 'kubelet' },
        '1000x60'
      ),
    ],
    extra: [
      {
        name: 'a volume with capacity 0 (not mounted yet) does not divide by zero',
        series: [
          s(
            'kubelet_volume_stats_available_bytes',
            { cluster: 'c1', namespace: 'db', persistentvolumeclaim: 'new', job: 'kubelet' },
            '0x60'
          ),
          s(
            'kubelet_volume_stats_capacity_bytes',
            { cluster: 'c1', namespace: 'db', persistentvolumeclaim: 'new', job: 'kubelet' },
            '0x60'
          ),
        ],
        at: 30,
        expect: null,
      },
    ],
  },
  {
    templateId: 'k8s-cpu-throttling',
    firing: {
      series: [
        s(
          'container_cpu_cfs_throttled_periods_total',
          { cluster: 'c1', namespace: 'shop', pod: 'api-1', container: 'api', node: 'node-1', job: 'kubelet' },
          '0+50x60'
        ),
        s(
          'container_cpu_cfs_periods_total',
          { cluster: 'c1', namespace: 'shop', pod: 'api-1', container: 'api', node: 'node-1', job: 'kubelet' },
          '0+100x60'
        ),
      ],
      activeFrom: 1,
      expect: { labels: { cluster: 'c1', namespace: 'shop', pod: 'api-1', container: 'api' }, value: 0.5 },
    },
    boundary: [
      s(
        'container_cpu_cfs_throttled_periods_total',
        { cluster: 'c1', namespace: 'shop', pod: 'api-1', container: 'api', node: 'node-1', job: 'kubelet' },
        '0+25x60'
      ),
      s(
        'container_cpu_cfs_periods_total',
        { cluster: 'c1', namespace: 'shop', pod: 'api-1', container: 'api', node: 'node-1', job: 'kubelet' },
        '0+100x60'
      ),
    ],
  },
];
