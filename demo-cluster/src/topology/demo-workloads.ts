/**
 * The workloads of the demo cluster (besides those derived from the Hubble captures): Cilium and
 * the Kubernetes control plane in kube-system, a monitoring stack, the podinfo three-tier app and
 * Cilium's Star Wars demo. Requests/limits and typical usage are plausible values for a kind cluster.
 */
import { CILIUM_VERSION, KUBERNETES_VERSION, Gi, Mi, container } from './images';
import { Workload } from './types';

const KIND_CP = 'kind-control-plane';

function w(
  partial: Omit<Workload, 'fromFixture' | 'hostNetwork' | 'priorityClass' | 'serviceAccount'> &
    Partial<Pick<Workload, 'hostNetwork' | 'priorityClass' | 'serviceAccount'>>
): Workload {
  return {
    hostNetwork: false,
    priorityClass: '',
    serviceAccount: partial.name,
    fromFixture: false,
    ...partial,
  };
}

/** All demo workloads. Placement pins replicas to nodes where it matters for the story. */
export function demoWorkloads(): Workload[] {
  const v = `v${CILIUM_VERSION}`;
  return [
    // kube-system: Cilium
    w({
      kind: 'DaemonSet',
      name: 'cilium',
      namespace: 'kube-system',
      replicas: 4,
      hostNetwork: true,
      priorityClass: 'system-node-critical',
      labels: { 'k8s-app': 'cilium' },
      containers: [container('cilium-agent', `quay.io/cilium/cilium:${v}`, 0.1, 10 * Mi, 0.06, 180 * Mi)],
    }),
    w({
      kind: 'Deployment',
      name: 'cilium-operator',
      namespace: 'kube-system',
      replicas: 1,
      hostNetwork: true,
      priorityClass: 'system-cluster-critical',
      labels: { 'io.cilium/app': 'operator', name: 'cilium-operator' },
      placement: ['kind-worker'],
      containers: [
        container('cilium-operator', `quay.io/cilium/operator-generic:${v}`, undefined, undefined, 0.01, 60 * Mi),
      ],
    }),
    w({
      kind: 'Deployment',
      name: 'hubble-relay',
      namespace: 'kube-system',
      replicas: 1,
      labels: { 'k8s-app': 'hubble-relay' },
      placement: ['kind-worker2'],
      containers: [container('hubble-relay', `quay.io/cilium/hubble-relay:${v}`, undefined, undefined, 0.01, 40 * Mi)],
    }),
    w({
      kind: 'Deployment',
      name: 'hubble-ui',
      namespace: 'kube-system',
      replicas: 1,
      labels: { 'k8s-app': 'hubble-ui' },
      placement: ['kind-worker3'],
      containers: [
        container('frontend', 'quay.io/cilium/hubble-ui:v0.13.2', undefined, undefined, 0.001, 15 * Mi),
        container('backend', 'quay.io/cilium/hubble-ui-backend:v0.13.2', undefined, undefined, 0.003, 30 * Mi),
      ],
    }),
    w({
      kind: 'Deployment',
      name: 'coredns',
      namespace: 'kube-system',
      replicas: 2,
      serviceAccount: 'coredns',
      priorityClass: 'system-cluster-critical',
      labels: { 'k8s-app': 'kube-dns' },
      placement: [KIND_CP, KIND_CP],
      containers: [
        container('coredns', 'registry.k8s.io/coredns/coredns:v1.11.1', 0.1, 70 * Mi, 0.004, 22 * Mi, {
          mem: 170 * Mi,
        }),
      ],
    }),
    // kube-system: control plane static pods (kubeadm)
    ...(
      [
        ['etcd', `registry.k8s.io/etcd:3.5.15-0`, 0.1, 100 * Mi, 0.04, 90 * Mi],
        ['kube-apiserver', `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`, 0.25, undefined, 0.09, 420 * Mi],
        [
          'kube-controller-manager',
          `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
          0.2,
          undefined,
          0.02,
          80 * Mi,
        ],
        ['kube-scheduler', `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`, 0.1, undefined, 0.006, 35 * Mi],
      ] as const
    ).map(([name, image, cpu, mem, baseCpu, baseMem]) =>
      w({
        kind: 'StaticPod',
        name,
        namespace: 'kube-system',
        replicas: 1,
        hostNetwork: true,
        priorityClass: 'system-node-critical',
        labels: { component: name, tier: 'control-plane' },
        placement: [KIND_CP],
        containers: [container(name, image, cpu, mem, baseCpu, baseMem)],
      })
    ),
    w({
      kind: 'Deployment',
      name: 'local-path-provisioner',
      namespace: 'local-path-storage',
      replicas: 1,
      serviceAccount: 'local-path-provisioner-service-account',
      labels: { app: 'local-path-provisioner' },
      placement: [KIND_CP],
      containers: [
        container(
          'local-path-provisioner',
          'docker.io/kindest/local-path-provisioner:v20240813-c6f155d6',
          undefined,
          undefined,
          0.001,
          12 * Mi
        ),
      ],
    }),
    // monitoring
    w({
      kind: 'StatefulSet',
      name: 'prometheus',
      namespace: 'monitoring',
      replicas: 1,
      labels: { 'app.kubernetes.io/name': 'prometheus' },
      placement: ['kind-worker'],
      volumeClaimTemplates: [{ name: 'prometheus-data', storageBytes: 20 * Gi }],
      containers: [
        container('prometheus', 'quay.io/prometheus/prometheus:v2.54.1', 0.2, 512 * Mi, 0.15, 900 * Mi, {
          mem: 2 * Gi,
        }),
      ],
    }),
    w({
      kind: 'Deployment',
      name: 'grafana',
      namespace: 'monitoring',
      replicas: 1,
      labels: { 'app.kubernetes.io/name': 'grafana' },
      placement: ['kind-worker2'],
      claimName: 'grafana',
      claimBytes: 2 * Gi,
      containers: [
        container('grafana', 'docker.io/grafana/grafana:11.4.0', 0.1, 128 * Mi, 0.02, 140 * Mi, { mem: 512 * Mi }),
      ],
    }),
    w({
      kind: 'StatefulSet',
      name: 'loki',
      namespace: 'monitoring',
      replicas: 1,
      labels: { 'app.kubernetes.io/name': 'loki' },
      placement: ['kind-worker3'],
      volumeClaimTemplates: [{ name: 'storage', storageBytes: 10 * Gi }],
      containers: [container('loki', 'docker.io/grafana/loki:3.3.2', 0.1, 256 * Mi, 0.05, 600 * Mi, { mem: 4 * Gi })],
    }),
    w({
      kind: 'StatefulSet',
      name: 'tempo',
      namespace: 'monitoring',
      replicas: 1,
      labels: { 'app.kubernetes.io/name': 'tempo' },
      placement: ['kind-worker2'],
      volumeClaimTemplates: [{ name: 'storage', storageBytes: 10 * Gi }],
      containers: [container('tempo', 'docker.io/grafana/tempo:2.6.1', 0.1, 256 * Mi, 0.03, 350 * Mi, { mem: 2 * Gi })],
    }),
    w({
      kind: 'Deployment',
      name: 'kube-state-metrics',
      namespace: 'monitoring',
      replicas: 1,
      labels: { 'app.kubernetes.io/name': 'kube-state-metrics' },
      placement: ['kind-worker'],
      containers: [
        container(
          'kube-state-metrics',
          'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0',
          0.01,
          32 * Mi,
          0.004,
          45 * Mi,
          { mem: 128 * Mi }
        ),
      ],
    }),
    w({
      kind: 'DaemonSet',
      name: 'node-exporter',
      namespace: 'monitoring',
      replicas: 4,
      hostNetwork: true,
      labels: { 'app.kubernetes.io/name': 'node-exporter' },
      containers: [
        container('node-exporter', 'quay.io/prometheus/node-exporter:v1.8.2', 0.01, 16 * Mi, 0.003, 18 * Mi, {
          mem: 64 * Mi,
        }),
      ],
    }),
    // podinfo: client -> frontend -> backend; the cache crash-loops; one backend replica is unschedulable
    ...(['client', 'frontend', 'backend'] as const).map((tier) =>
      w({
        kind: 'Deployment',
        name: `podinfo-${tier}`,
        namespace: 'podinfo',
        replicas: tier === 'client' ? 1 : tier === 'frontend' ? 2 : 3,
        serviceAccount: 'default',
        labels: { app: `podinfo-${tier}` },
        placement:
          tier === 'client'
            ? ['kind-worker']
            : tier === 'frontend'
              ? ['kind-worker2', 'kind-worker3']
              : ['kind-worker', 'kind-worker3', ''],
        containers: [
          container(
            'podinfod',
            'ghcr.io/stefanprodan/podinfo:6.7.1',
            0.05,
            64 * Mi,
            tier === 'client' ? 0.01 : 0.02,
            28 * Mi,
            { cpu: 0.25, mem: 128 * Mi }
          ),
        ],
      })
    ),
    w({
      kind: 'Deployment',
      name: 'podinfo-cache',
      namespace: 'podinfo',
      replicas: 1,
      serviceAccount: 'default',
      labels: { app: 'podinfo-cache' },
      placement: ['kind-worker2'],
      containers: [
        container('redis', 'docker.io/library/redis:7.2.4-alpine', 0.05, 32 * Mi, 0.002, 8 * Mi, { mem: 64 * Mi }),
      ],
    }),
    // star-wars (Cilium getting-started demo)
    w({
      kind: 'Deployment',
      name: 'deathstar',
      namespace: 'star-wars',
      replicas: 2,
      serviceAccount: 'default',
      labels: { 'app.kubernetes.io/name': 'deathstar', class: 'deathstar', org: 'empire' },
      placement: ['kind-worker2', 'kind-worker3'],
      containers: [container('deathstar', 'docker.io/cilium/starwars:v2.1', undefined, undefined, 0.002, 10 * Mi)],
    }),
    w({
      kind: 'Deployment',
      name: 'tiefighter',
      namespace: 'star-wars',
      replicas: 1,
      serviceAccount: 'default',
      labels: { 'app.kubernetes.io/name': 'tiefighter', class: 'tiefighter', org: 'empire' },
      placement: ['kind-worker'],
      containers: [container('spaceship', 'quay.io/cilium/json-mock:v1.3.8', undefined, undefined, 0.001, 6 * Mi)],
    }),
    w({
      kind: 'Deployment',
      name: 'xwing',
      namespace: 'star-wars',
      replicas: 1,
      serviceAccount: 'default',
      labels: { 'app.kubernetes.io/name': 'xwing', class: 'xwing', org: 'alliance' },
      placement: ['kind-worker3'],
      containers: [container('spaceship', 'quay.io/cilium/json-mock:v1.3.8', undefined, undefined, 0.001, 6 * Mi)],
    }),
  ];
}
