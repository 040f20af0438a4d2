import { AlertTemplate } from '../types';
import { namespaceParam, thresholdParam } from './common';

/**
 * Kubernetes templates. Metrics: `up` (Prometheus), kube-state-metrics v2 (`kube_*`), kubelet
 * (`kubelet_*`) and cAdvisor (`container_*`). Every aggregation keeps `cluster` so one rule
 * serves several clusters.
 */
export const kubernetesTemplates: AlertTemplate[] = [
  {
    id: 'k8s-target-down',
    uid: 'kubeobs-k8s-target-down',
    alert: 'TargetDown',
    area: 'kubernetes',
    title: 'Scrape target down',
    severity: 'page',
    for: '1m',
    datasource: 'prometheus',
    params: [
      thresholdParam('Alert when up is below', '`up` is 1 for a successful scrape, 0 for a failed one', 1),
      {
        name: 'job',
        label: 'Job filter',
        description: 'Scrape jobs to watch (regular expression)',
        kind: 'regex',
        default: '.+',
      },
    ],
    comparison: '<',
    query: (p) => `up{job=~"${p.job}"}`,
    outputLabels: ['job', 'instance'],
    summary: 'Target {{ $labels.instance }} of job {{ $labels.job }} is down',
    description:
      'Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}); its metrics, and every alert built on them, are missing.',
    runbook: {
      meaning:
        'The last scrapes of this target failed: the process is down, unreachable, or its metrics endpoint errors.',
      check: [
        'Prometheus UI, Status > Targets: the scrape error of the target.',
        'kubectl get pods -A -o wide | grep <pod or IP of the instance>',
        'curl -s http://<instance>/metrics | head from a pod in the cluster.',
      ],
      fix: [
        'Restart or reschedule the failing pod (kubectl -n <namespace> delete pod <pod>).',
        'Fix NetworkPolicies / CiliumNetworkPolicies that block Prometheus from the metrics port.',
      ],
    },
  },
  {
    id: 'k8s-node-not-ready',
    uid: 'kubeobs-k8s-node-not-ready',
    alert: 'KubeNodeNotReady',
    area: 'kubernetes',
    title: 'Node not ready',
    severity: 'warning',
    for: '15m',
    datasource: 'prometheus',
    params: [thresholdParam('Alert when Ready is below', 'kube_node_status_condition Ready=true is 1 or 0', 1)],
    comparison: '<',
    query: () => 'max by (cluster, node) (kube_node_status_condition{condition="Ready",status="true"})',
    outputLabels: ['node'],
    summary: 'Node {{ $labels.node }} is not ready',
    description: 'Node {{ $labels.node }} has not reported Ready; its pods are not scheduled and may be evicted.',
    runbook: {
      meaning:
        'The kubelet on the node stopped posting a Ready status (kubelet, container runtime, CNI or network down).',
      check: [
        'kubectl describe node <node> (Conditions and Events).',
        'kubectl -n kube-system get pods -o wide --field-selector spec.nodeName=<node> (is the cilium pod running?).',
        'On the node: systemctl status kubelet; journalctl -u kubelet.',
      ],
      fix: [
        'Restart the kubelet or container runtime; if the CNI is not ready, kubectl -n kube-system delete pod <cilium pod on the node>.',
        'Cordon and drain the node (kubectl drain <node> --ignore-daemonsets) and replace it if it does not recover.',
      ],
    },
  },
  {
    id: 'k8s-node-memory-pressure',
    uid: 'kubeobs-k8s-node-memory-pressure',
    alert: 'KubeNodeMemoryPressure',
    area: 'kubernetes',
    title: 'Node memory pressure',
    severity: 'warning',
    for: '5m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when MemoryPressure is above',
        'kube_node_status_condition MemoryPressure=true is 1 or 0',
        0
      ),
    ],
    comparison: '>',
    query: () => 'max by (cluster, node) (kube_node_status_condition{condition="MemoryPressure",status="true"})',
    outputLabels: ['node'],
    summary: 'Node {{ $labels.node }} is under memory pressure',
    description:
      'The kubelet of node {{ $labels.node }} reports MemoryPressure: it evicts pods and admits no new BestEffort pods.',
    runbook: {
      meaning: 'Available memory on the node fell below the kubelet eviction threshold (memory.available).',
      check: [
        'kubectl describe node <node> (Conditions, Allocated resources)',
        'kubectl top pods -A --sort-by=memory | head (pods on that node)',
      ],
      fix: [
        'Set memory requests and limits on the pods that grow, or move them (kubectl drain <node> --ignore-daemonsets).',
        'Add memory (bigger nodes) or nodes; check for a leaking workload in its memory panels.',
      ],
    },
  },
  {
    id: 'k8s-pod-crash-looping',
    uid: 'kubeobs-k8s-pod-crash-looping',
    alert: 'KubePodCrashLooping',
    area: 'kubernetes',
    title: 'Pod crash looping',
    severity: 'warning',
    for: '15m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when waiting-in-CrashLoopBackOff is above',
        '1 while the container waits in CrashLoopBackOff',
        0
      ),
      namespaceParam(),
    ],
    comparison: '>',
    query: (p) =>
      `max by (cluster, namespace, pod, container) (max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff",namespace=~"${p.namespace}"}[5m]))`,
    outputLabels: ['namespace', 'pod', 'container'],
    summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash looping',
    description:
      'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} keeps crashing and waits in CrashLoopBackOff.',
    runbook: {
      meaning: 'The container exits repeatedly and the kubelet backs off before restarting it.',
      check: [
        'kubectl -n <namespace> describe pod <pod> (Last State, exit code, OOMKilled).',
        'kubectl -n <namespace> logs <pod> -c <container> --previous',
      ],
      fix: [
        'Fix the crash (configuration, missing secret, failing dependency) or raise the memory limit if OOMKilled.',
        'Roll back a bad release: kubectl -n <namespace> rollout undo deploy/<name>.',
      ],
    },
  },
  {
    id: 'k8s-pod-not-ready',
    uid: 'kubeobs-k8s-pod-not-ready',
    alert: 'KubePodNotReady',
    area: 'kubernetes',
    title: 'Pod not ready',
    severity: 'warning',
    for: '15m',
    datasource: 'prometheus',
    params: [
      thresholdParam('Alert when Ready is below', 'kube_pod_status_ready condition=true is 1 or 0', 1),
      namespaceParam(),
    ],
    comparison: '<',
    query: (p) =>
      `max by (cluster, namespace, pod) (kube_pod_status_ready{condition="true",namespace=~"${p.namespace}"}) unless on (cluster, namespace, pod) (max by (cluster, namespace, pod) (kube_pod_status_phase{phase=~"Succeeded|Failed"}) > 0)`,
    outputLabels: ['namespace', 'pod'],
    summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is not ready',
    description:
      'Pod {{ $labels.namespace }}/{{ $labels.pod }} is not ready (pending, failing its readiness probe or unknown) and gets no Service traffic.',
    runbook: {
      meaning:
        'A pod that should serve is not ready: it cannot be scheduled, its image cannot be pulled, or its readiness probe fails. Finished pods (Succeeded, Failed) are ignored.',
      check: [
        'kubectl -n <namespace> describe pod <pod> (Events, Conditions, probe failures).',
        'kubectl -n <namespace> get events --sort-by=.lastTimestamp | tail',
      ],
      fix: [
        'Pending: free capacity or fix node selectors/taints; ImagePullBackOff: fix the image or pull secret.',
        'Readiness probe failing: fix the dependency the probe checks, or the probe itself.',
      ],
    },
  },
  {
    id: 'k8s-deployment-replicas-mismatch',
    uid: 'kubeobs-k8s-deploy-replicas-mismatch',
    alert: 'KubeDeploymentReplicasMismatch',
    area: 'kubernetes',
    title: 'Deployment replicas unavailable',
    severity: 'warning',
    for: '15m',
    datasource: 'prometheus',
    params: [
      thresholdParam('Alert when missing replicas are above', 'desired minus available replicas', 0),
      namespaceParam(),
    ],
    comparison: '>',
    query: (p) =>
      `max by (cluster, namespace, deployment) (kube_deployment_spec_replicas{namespace=~"${p.namespace}"}) - max by (cluster, namespace, deployment) (kube_deployment_status_replicas_available{namespace=~"${p.namespace}"})`,
    outputLabels: ['namespace', 'deployment'],
    summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} is missing replicas',
    description:
      '{{ printf "%.0f" $value }} desired replica(s) of deployment {{ $labels.namespace }}/{{ $labels.deployment }} are not available.',
    runbook: {
      meaning: 'Fewer replicas are available than the deployment asks for, for longer than a normal rollout takes.',
      check: [
        'kubectl -n <namespace> rollout status deploy/<deployment>',
        'kubectl -n <namespace> get rs,pods -l <selector of the deployment> -o wide',
      ],
      fix: [
        'Fix the pods that do not become ready (see Pod not ready / Pod crash looping), or add node capacity.',
        'Roll back: kubectl -n <namespace> rollout undo deploy/<deployment>.',
      ],
    },
  },
  {
    id: 'k8s-node-pod-capacity',
    uid: 'kubeobs-k8s-node-pod-capacity',
    alert: 'KubeNodePodCapacityHigh',
    area: 'kubernetes',
    title: 'Node pod capacity above 90%',
    severity: 'warning',
    for: '15m',
    datasource: 'prometheus',
    params: [thresholdParam('Alert when running/allocatable pods is above', 'ratio 0..1', 0.9)],
    comparison: '>',
    query: () =>
      'sum by (cluster, node) (max by (cluster, namespace, pod, node) (kube_pod_info{node!=""}) * on (cluster, namespace, pod) group_left () max by (cluster, namespace, pod) (kube_pod_status_phase{phase="Running"})) / on (cluster, node) (max by (cluster, node) (kube_node_status_allocatable{resource="pods"}) > 0)',
    outputLabels: ['node'],
    summary: 'Node {{ $labels.node }} pod capacity is almost used up',
    description:
      'Node {{ $labels.node }} uses {{ printf "%.2f" $value }} of its allocatable pod slots; new pods will not fit on it.',
    runbook: {
      meaning: 'The node is close to its pod limit (kubelet maxPods, 110 by default); pods beyond it stay Pending.',
      check: [
        'kubectl describe node <node> (Allocatable pods, Non-terminated Pods).',
        'kubectl get pods -A --field-selector spec.nodeName=<node> --no-headers | wc -l',
      ],
      fix: [
        'Add nodes (cluster autoscaler) or spread workloads (topologySpreadConstraints).',
        'Raise the kubelet maxPods only if the Cilium IPAM pod CIDR of the node has room for it.',
      ],
    },
  },
  {
    id: 'k8s-cluster-pod-capacity',
    uid: 'kubeobs-k8s-cluster-pod-capacity',
    alert: 'KubeClusterPodCapacityHigh',
    area: 'kubernetes',
    title: 'Cluster pod capacity above 90%',
    severity: 'warning',
    for: '15m',
    datasource: 'prometheus',
    params: [thresholdParam('Alert when running/allocatable pods is above', 'ratio 0..1', 0.9)],
    comparison: '>',
    query: () =>
      'sum by (cluster) (max by (cluster, namespace, pod) (kube_pod_status_phase{phase="Running"})) / on (cluster) (sum by (cluster) (max by (cluster, node) (kube_node_status_allocatable{resource="pods"})) > 0)',
    outputLabels: [],
    summary: 'The cluster runs {{ printf "%.2f" $value }} of its allocatable pods',
    description:
      'Running pods use {{ printf "%.2f" $value }} of the pod slots of all nodes; scaling out will soon leave pods Pending.',
    runbook: {
      meaning: 'Running pods over allocatable pods of all nodes is high: the cluster is about to run out of pod slots.',
      check: [
        'kubectl get nodes -o custom-columns=NAME:.metadata.name,PODS:.status.allocatable.pods',
        'kubectl get pods -A --field-selector status.phase=Pending',
      ],
      fix: [
        'Add nodes or raise the cluster autoscaler maximum.',
        'Remove idle workloads; lower replica counts that are not needed.',
      ],
    },
  },
  {
    id: 'k8s-kubelet-too-many-pods',
    uid: 'kubeobs-k8s-kubelet-too-many-pods',
    alert: 'KubeletTooManyPods',
    area: 'kubernetes',
    title: 'Kubelet too many pods',
    severity: 'info',
    for: '15m',
    datasource: 'prometheus',
    params: [thresholdParam('Alert when kubelet pods/capacity is above', 'ratio 0..1', 0.95)],
    comparison: '>',
    query: () =>
      'max by (cluster, node) (kubelet_running_pods) / on (cluster, node) (max by (cluster, node) (kube_node_status_capacity{resource="pods"}) > 0)',
    outputLabels: ['node'],
    summary: 'Kubelet on {{ $labels.node }} runs {{ printf "%.2f" $value }} of its pod capacity',
    description:
      'The kubelet of node {{ $labels.node }} reports {{ printf "%.2f" $value }} of its pod capacity in use.',
    runbook: {
      meaning: 'The kubelet itself counts nearly as many pods as the node may run.',
      check: [
        'kubectl get --raw /api/v1/nodes/<node>/proxy/metrics | grep kubelet_running_pods',
        'kubectl describe node <node>',
      ],
      fix: ['Spread or move pods to other nodes; add nodes.'],
    },
  },
  {
    id: 'k8s-pv-filling-up',
    uid: 'kubeobs-k8s-pv-filling-up',
    alert: 'KubePersistentVolumeFillingUp',
    area: 'kubernetes',
    title: 'Persistent volume filling up',
    severity: 'critical',
    for: '5m',
    datasource: 'prometheus',
    params: [
      thresholdParam('Alert when free space ratio is below', 'available / capacity bytes, 0..1', 0.1),
      namespaceParam(),
    ],
    comparison: '<',
    query: (p) =>
      `max by (cluster, namespace, persistentvolumeclaim) (kubelet_volume_stats_available_bytes{namespace=~"${p.namespace}"}) / on (cluster, namespace, persistentvolumeclaim) (max by (cluster, namespace, persistentvolumeclaim) (kubelet_volume_stats_capacity_bytes{namespace=~"${p.namespace}"}) > 0)`,
    outputLabels: ['namespace', 'persistentvolumeclaim'],
    summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is almost full',
    description:
      'Only {{ printf "%.2f" $value }} of the volume claimed by {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is free.',
    runbook: {
      meaning: 'The file system of the persistent volume is nearly full; writes will fail soon.',
      check: ['kubectl -n <namespace> get pvc <claim>', 'kubectl -n <namespace> exec <pod using it> -- df -h'],
      fix: [
        'Expand the claim (kubectl -n <namespace> patch pvc <claim> -p \'{"spec":{"resources":{"requests":{"storage":"<size>"}}}}\'; needs allowVolumeExpansion).',
        'Delete data or shorten retention in the application.',
      ],
    },
  },
  {
    id: 'k8s-cpu-throttling',
    uid: 'kubeobs-k8s-cpu-throttling',
    alert: 'CPUThrottlingHigh',
    area: 'kubernetes',
    title: 'CPU throttling high',
    severity: 'info',
    for: '15m',
    datasource: 'prometheus',
    params: [
      thresholdParam('Alert when throttled periods ratio is above', 'throttled / all CFS periods, 0..1', 0.25),
      namespaceParam(),
    ],
    comparison: '>',
    query: (p) =>
      `sum by (cluster, namespace, pod, container) (increase(container_cpu_cfs_throttled_periods_total{container!="",namespace=~"${p.namespace}"}[5m])) / on (cluster, namespace, pod, container) (sum by (cluster, namespace, pod, container) (increase(container_cpu_cfs_periods_total{container!="",namespace=~"${p.namespace}"}[5m])) > 0)`,
    outputLabels: ['namespace', 'pod', 'container'],
    summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} is CPU throttled',
    description:
      '{{ printf "%.2f" $value }} of the CPU periods of container {{ $labels.container }} in pod {{ $labels.namespace }}/{{ $labels.pod }} were throttled.',
    runbook: {
      meaning: 'The container hits its CPU limit often; latency suffers even when the node has idle CPU.',
      check: [
        "kubectl -n <namespace> get pod <pod> -o jsonpath='{.spec.containers[*].resources}'",
        'kubectl top pod -n <namespace> <pod> --containers',
      ],
      fix: ['Raise or remove the CPU limit of the container, or scale it out.'],
    },
  },
];
