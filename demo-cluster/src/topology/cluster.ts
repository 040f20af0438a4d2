/**
 * Builds the simulated kind cluster: 4 nodes, the demo workloads and the workloads seen in the
 * captures, their pods (names, UIDs, IPs, Cilium identities and endpoint IDs), Services and PVCs.
 * Everything is a pure function of the seed, the capture pods and the creation time.
 */
import { createRng, hash32 } from '../rng';
import { demoWorkloads } from './demo-workloads';
import { FixturePod, KIND_NODES } from './fixture-pods';
import { Gi, fixtureContainer } from './images';
import { containerId, podSuffix, templateHash, uid } from './names';
import { Cluster, NodeInfo, Pod, Pvc, Service, Workload } from './types';

/** The cluster name: `cluster` scrape label and Cilium cluster.name. */
export const CLUSTER_NAME = 'kind-kubeobs';

/** Options of {@link buildCluster}. */
export type ClusterOptions = {
  seed: number | string;
  /** Pods named in the Hubble captures (see fixture-pods.ts); [] for a cluster without captures. */
  fixturePods: FixturePod[];
  /** Cluster creation time, Unix ms. */
  createdMs: number;
};

function buildNodes(seed: number | string, createdMs: number): NodeInfo[] {
  return KIND_NODES.map((name, index) => {
    const rng = createRng(seed, 'node', name);
    return {
      name,
      index,
      role: index === 0 ? 'control-plane' : 'worker',
      ip: `172.18.0.${index + 2}`,
      podCidr: `10.244.${index}.0/24`,
      ciliumHostIp: '',
      healthIp: '',
      healthEndpointId: rng.int(100, 3999),
      cpuCores: 4,
      memoryBytes: 8 * Gi - rng.int(0, 64) * 1024 * 1024,
      bootMs: createdMs - rng.int(60, 600) * 1000,
      systemUuid: uid(seed, `node-uuid-${name}`),
      kernelVersion: '6.8.0-51-generic',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
    };
  });
}

/** Hands out distinct host octets of each node's pod CIDR. */
class IpPool {
  private used = new Map<number, Set<number>>();
  constructor(private seed: number | string) {}
  take(node: NodeInfo, key: string): string {
    const used = this.used.get(node.index) ?? new Set<number>();
    this.used.set(node.index, used);
    let octet = 2 + (hash32(this.seed, 'ip', node.name, key) % 250);
    while (used.has(octet)) {
      octet = octet >= 251 ? 2 : octet + 1;
    }
    used.add(octet);
    return `10.244.${node.index}.${octet}`;
  }
}

/** Cilium identity labels of a pod: `k8s:<label>` for pod labels plus the ones Cilium adds. */
export function ciliumLabelsFor(w: Workload, clusterName: string): string[] {
  const labels = Object.entries(w.labels).map(([k, v]) => `k8s:${k}=${v}`);
  labels.push(
    `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${w.namespace}`,
    `k8s:io.cilium.k8s.policy.cluster=${clusterName}`,
    `k8s:io.cilium.k8s.policy.serviceaccount=${w.serviceAccount}`,
    `k8s:io.kubernetes.pod.namespace=${w.namespace}`
  );
  return labels.sort();
}

/** Rewrites the cluster label of captured identity labels to this cluster's name. */
function rehomeLabels(labels: string[], clusterName: string): string[] {
  return labels
    .map((l) =>
      l.startsWith('k8s:io.cilium.k8s.policy.cluster=') ? `k8s:io.cilium.k8s.policy.cluster=${clusterName}` : l
    )
    .sort();
}

function labelValue(labels: string[], key: string): string | undefined {
  const l = labels.find((x) => x.startsWith(`k8s:${key}=`));
  return l ? l.slice(`k8s:${key}=`.length) : undefined;
}

function fixtureWorkloads(fixturePods: FixturePod[]): Map<string, { w: Workload; pods: FixturePod[] }> {
  const out = new Map<string, { w: Workload; pods: FixturePod[] }>();
  for (const p of fixturePods) {
    const key = `${p.namespace}/${p.workloadName}`;
    let entry = out.get(key);
    if (!entry) {
      const app = labelValue(p.ciliumLabels, 'app') ?? labelValue(p.ciliumLabels, 'k8s-app');
      const labels: Record<string, string> = {};
      for (const l of p.ciliumLabels) {
        const m = /^k8s:([^=]+)=(.*)$/.exec(l);
        if (m && !m[1].startsWith('io.cilium.') && !m[1].startsWith('io.kubernetes.')) {
          labels[m[1]] = m[2];
        }
      }
      const sa = labelValue(p.ciliumLabels, 'io.cilium.k8s.policy.serviceaccount') ?? 'default';
      entry = {
        w: {
          kind: p.workloadKind === 'Pod' ? 'StaticPod' : p.workloadKind,
          name: p.workloadName,
          namespace: p.namespace,
          replicas: 0,
          labels,
          serviceAccount: sa,
          containers: [fixtureContainer(p.workloadName, app, labels.version)],
          hostNetwork: false,
          priorityClass: p.namespace === 'kube-system' ? 'system-cluster-critical' : '',
          fromFixture: true,
        },
        pods: [],
      };
      out.set(key, entry);
    }
    entry.pods.push(p);
    entry.w.replicas = entry.w.kind === 'DaemonSet' ? KIND_NODES.length : entry.pods.length;
  }
  return out;
}

/** Builds the whole cluster. */
export function buildCluster(opts: ClusterOptions): Cluster {
  const { seed, createdMs } = opts;
  const name = CLUSTER_NAME;
  const nodes = buildNodes(seed, createdMs);
  const nodeByName = new Map(nodes.map((n) => [n.name, n]));
  const ips = new IpPool(seed);
  for (const n of nodes) {
    n.ciliumHostIp = ips.take(n, 'cilium_host');
    n.healthIp = ips.take(n, 'health');
  }
  const identities = new Map<string, number>();
  const usedIdentities = new Set<number>();
  const identityFor = (labels: string[]): number => {
    const key = labels.join(',');
    let id = identities.get(key);
    if (id === undefined) {
      id = 10000 + (hash32(seed, 'identity', key) % 55000);
      while (usedIdentities.has(id)) {
        id++;
      }
      usedIdentities.add(id);
      identities.set(key, id);
    }
    return id;
  };
  const endpointIds = new Map<string, Set<number>>();
  const lxcIndex = new Map<string, number>();
  const pods: Pod[] = [];

  const addPod = (
    w: Workload,
    podName: string,
    ownerKind: Pod['ownerKind'],
    ownerName: string,
    node: string,
    labels: string[],
    createdAt: number
  ) => {
    const rng = createRng(seed, 'pod', w.namespace, podName);
    const n = nodeByName.get(node);
    const ids = endpointIds.get(node) ?? new Set<number>();
    endpointIds.set(node, ids);
    let epId = rng.int(100, 4000);
    while (ids.has(epId) || (n && epId === n.healthEndpointId)) {
      epId++;
    }
    ids.add(epId);
    const idx = (lxcIndex.get(node) ?? 9) + 2;
    lxcIndex.set(node, idx);
    const pod: Pod = {
      name: podName,
      namespace: w.namespace,
      uid: uid(seed, `pod-${w.namespace}-${podName}`),
      workload: w,
      ownerKind,
      ownerName,
      node: n ? n.name : '',
      ip: !n ? '' : w.hostNetwork ? n.ip : ips.take(n, `${w.namespace}/${podName}`),
      hostIp: n ? n.ip : '',
      createdMs: createdAt,
      ciliumLabels: labels,
      identity: w.hostNetwork ? 1 : identityFor(labels),
      endpointId: epId,
      lxcName: `lxc${rng.hex(12)}`,
      lxcIndex: idx,
      containerIds: w.containers.map((c) => containerId(seed, `${w.namespace}/${podName}/${c.name}`)),
      sandboxId: containerId(seed, `${w.namespace}/${podName}/sandbox`),
    };
    pods.push(pod);
    return pod;
  };

  const workloads: Workload[] = [];
  // Demo workloads.
  for (const w of demoWorkloads()) {
    workloads.push(w);
    const labels = ciliumLabelsFor(w, name);
    const wRng = createRng(seed, 'workload', w.namespace, w.name);
    const created = createdMs + wRng.int(2, 40) * 60_000 + (w.namespace === 'kube-system' ? 0 : 3_600_000);
    if (w.kind === 'DaemonSet') {
      for (const n of nodes) {
        addPod(
          w,
          `${w.name}-${podSuffix(seed, `${w.namespace}/${w.name}/${n.name}`)}`,
          'DaemonSet',
          w.name,
          n.name,
          labels,
          created
        );
      }
    } else if (w.kind === 'StaticPod') {
      const node = w.placement?.[0] ?? nodes[0].name;
      addPod(w, `${w.name}-${node}`, 'Node', node, node, labels, createdMs + 30_000);
    } else if (w.kind === 'StatefulSet') {
      for (let i = 0; i < w.replicas; i++) {
        addPod(
          w,
          `${w.name}-${i}`,
          'StatefulSet',
          w.name,
          w.placement?.[i] ?? nodes[1 + (i % 3)].name,
          labels,
          created
        );
      }
    } else {
      const rs = `${w.name}-${templateHash(seed, `${w.namespace}/${w.name}`)}`;
      for (let i = 0; i < w.replicas; i++) {
        const node = w.placement ? (w.placement[i] ?? '') : nodes[1 + (hash32(seed, rs, i) % 3)].name;
        const pod = addPod(w, `${rs}-${podSuffix(seed, `${rs}/${i}`)}`, 'ReplicaSet', rs, node, labels, created);
        if (!node) {
          pod.fault = 'unschedulable';
        }
      }
    }
    if (w.name === 'podinfo-cache') {
      pods[pods.length - 1].fault = 'crashloop';
    }
  }
  // Workloads seen in the captures.
  for (const { w, pods: fps } of fixtureWorkloads(opts.fixturePods).values()) {
    workloads.push(w);
    const created = createdMs + 2 * 3_600_000 + (hash32(seed, 'fx', w.name) % 3_600_000);
    const usedNodes = new Set<string>();
    for (const [i, fp] of fps.entries()) {
      let node = fp.node;
      if (w.kind === 'DaemonSet' && (!node || usedNodes.has(node))) {
        node = nodes.map((x) => x.name).find((x) => !usedNodes.has(x)) ?? nodes[0].name;
      } else if (!node) {
        node = nodes[1 + (hash32(seed, fp.namespace, fp.name, i) % 3)].name;
      }
      usedNodes.add(node);
      const ownerKind =
        w.kind === 'Deployment'
          ? 'ReplicaSet'
          : w.kind === 'DaemonSet'
            ? 'DaemonSet'
            : w.kind === 'StatefulSet'
              ? 'StatefulSet'
              : '<none>';
      const ownerName =
        w.kind === 'Deployment' ? `${w.name}-${fp.templateHash}` : w.kind === 'StaticPod' ? '<none>' : w.name;
      addPod(w, fp.name, ownerKind, ownerName, node, rehomeLabels(fp.ciliumLabels, name), created);
    }
    if (w.kind === 'DaemonSet') {
      const labels = rehomeLabels(fps[0].ciliumLabels, name);
      for (const n of nodes.filter((x) => !usedNodes.has(x.name))) {
        addPod(
          w,
          `${w.name}-${podSuffix(seed, `${w.namespace}/${w.name}/${n.name}`)}`,
          'DaemonSet',
          w.name,
          n.name,
          labels,
          created
        );
      }
    }
  }
  const namespaces = [
    ...new Set(['default', 'kube-node-lease', 'kube-public', ...workloads.map((w) => w.namespace)]),
  ].sort();
  return {
    name,
    seed,
    createdMs,
    nodes,
    namespaces,
    workloads,
    pods,
    services: buildServices(seed, workloads),
    pvcs: buildPvcs(seed, pods),
  };
}

/** ClusterIP Services (kind's service CIDR 10.96.0.0/12; kubernetes = 10.96.0.1, kube-dns = 10.96.0.10). */
function buildServices(seed: number | string, workloads: Workload[]): Service[] {
  const find = (ns: string, n: string) => workloads.find((w) => w.namespace === ns && w.name === n);
  const specs: Array<[string, string, string, number, 'TCP' | 'UDP']> = [
    ['kube-system', 'kube-dns', 'coredns', 53, 'UDP'],
    ['kube-system', 'kubernetes', 'kube-apiserver', 443, 'TCP'],
    ['kube-system', 'hubble-relay', 'hubble-relay', 80, 'TCP'],
    ['kube-system', 'hubble-ui', 'hubble-ui', 80, 'TCP'],
    ['monitoring', 'prometheus', 'prometheus', 9090, 'TCP'],
    ['monitoring', 'grafana', 'grafana', 80, 'TCP'],
    ['monitoring', 'loki', 'loki', 3100, 'TCP'],
    ['monitoring', 'tempo', 'tempo', 3200, 'TCP'],
    ['monitoring', 'kube-state-metrics', 'kube-state-metrics', 8080, 'TCP'],
    ['podinfo', 'podinfo-frontend', 'podinfo-frontend', 9898, 'TCP'],
    ['podinfo', 'podinfo-backend', 'podinfo-backend', 9898, 'TCP'],
    ['podinfo', 'podinfo-cache', 'podinfo-cache', 6379, 'TCP'],
    ['star-wars', 'deathstar', 'deathstar', 80, 'TCP'],
    ['bookinfo', 'productpage', 'productpage-v1', 9080, 'TCP'],
    ['bookinfo', 'details', 'details-v1', 9080, 'TCP'],
    ['bookinfo', 'ratings', 'ratings-v1', 9080, 'TCP'],
    ['bookinfo', 'reviews', 'reviews-v1', 9080, 'TCP'],
  ];
  const out: Service[] = [];
  const used = new Set<string>(['10.96.0.1', '10.96.0.10']);
  for (const [ns, name, wname, port, protocol] of specs) {
    const w = find(ns, wname);
    if (!w) {
      continue;
    }
    let ip = name === 'kubernetes' ? '10.96.0.1' : name === 'kube-dns' ? '10.96.0.10' : '';
    if (!ip) {
      const h = hash32(seed, 'svc', ns, name);
      ip = `10.96.${(h >>> 8) % 256}.${2 + (h % 250)}`;
      while (used.has(ip)) {
        ip = ip.replace(/\.(\d+)$/, (_, d) => `.${(Number(d) % 250) + 3}`);
      }
      used.add(ip);
    }
    out.push({
      name: ns === 'kube-system' && name === 'kubernetes' ? 'kubernetes' : name,
      namespace: name === 'kubernetes' ? 'default' : ns,
      clusterIp: ip,
      port,
      protocol,
      workload: w,
    });
  }
  return out;
}

/** PVCs of StatefulSet claim templates and Deployment claims, bound to local-path volumes. */
export function buildPvcs(seed: number | string, pods: Pod[]): Pvc[] {
  const out: Pvc[] = [];
  for (const pod of pods) {
    const w = pod.workload;
    const claims: Array<[string, number]> = [];
    for (const t of w.volumeClaimTemplates ?? []) {
      claims.push([`${t.name}-${pod.name}`, t.storageBytes]);
    }
    if (w.claimName && !out.some((p) => p.name === w.claimName && p.namespace === w.namespace)) {
      claims.push([w.claimName, w.claimBytes ?? Gi]);
    }
    for (const [name, bytes] of claims) {
      const rng = createRng(seed, 'pvc', pod.namespace, name);
      out.push({
        name,
        namespace: pod.namespace,
        volumeName: `pvc-${uid(seed, `pv-${pod.namespace}-${name}`)}`,
        storageClass: 'standard',
        capacityBytes: bytes,
        pod,
        usedBytes0: bytes * (0.2 + rng.next() * 0.3),
        growthPerHour: bytes * (0.002 + rng.next() * 0.006),
      });
    }
  }
  return out;
}
