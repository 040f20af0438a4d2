/**
 * A synthetic large cluster in the demo's own topology types, so the demo's exporters
 * (kube-state-metrics, cAdvisor, kubelet, node-exporter, cilium-agent, operator) describe it with
 * exactly the metric and label names they emit for the kind cluster.
 *
 * Shape (issue 11): `nodes` nodes of 16 CPUs and 64 GiB (one control plane, the rest workers),
 * `podsPerNode` pods on every node: the DaemonSets (cilium, node-exporter), the control plane's
 * static pods and the demo's singletons (operator, Relay, CoreDNS, monitoring stack), and the
 * rest filled with copies of the demo's application namespaces (`podinfo-0001`, `star-wars-0001`,
 * …) whose Deployments run 3× the demo's replicas. Every 10th copy's cache crash-loops, so
 * restarts exist. Names, UIDs and addresses are deterministic per seed.
 */
import { createRng, hash32 } from '../rng';
import { CLUSTER_NAME, buildPvcs, ciliumLabelsFor } from '../topology/cluster';
import { demoWorkloads } from '../topology/demo-workloads';
import { Gi } from '../topology/images';
import { containerId, podSuffix, templateHash, uid } from '../topology/names';
import { Cluster, NodeInfo, Pod, Service, Workload } from '../topology/types';

/** Options of {@link buildLargeCluster}. */
export type LargeClusterOptions = {
  nodes: number;
  /** Pods per node (default 30). */
  podsPerNode?: number;
  seed?: number | string;
  /** Cluster creation time, Unix ms. */
  createdMs: number;
};

/** Namespaces of the demo copied per application copy. */
export const APP_NAMESPACES = ['podinfo', 'star-wars'];
/** Deployments of the copies run this many times the demo's replicas. */
const REPLICA_FACTOR = 3;

/** Zero-padded copy number: `0001`. */
export function copySuffix(k: number): string {
  return String(k + 1).padStart(4, '0');
}

/** Name of a node: `control-plane` for index 0, `node-0001`… for workers. */
export function largeNodeName(index: number): string {
  return index === 0 ? 'control-plane' : `node-${String(index).padStart(4, '0')}`;
}

function octets(index: number): [number, number] {
  return [index >> 8, index & 255];
}

function buildNodes(count: number, seed: number | string, createdMs: number): NodeInfo[] {
  const out: NodeInfo[] = [];
  for (let index = 0; index < count; index++) {
    const name = largeNodeName(index);
    const rng = createRng(seed, 'node', name);
    const [a, b] = octets(index);
    out.push({
      name,
      index,
      role: index === 0 ? 'control-plane' : 'worker',
      ip: `10.0.${Math.floor(index / 250)}.${(index % 250) + 2}`,
      podCidr: `10.${128 + a}.${b}.0/24`,
      ciliumHostIp: `10.${128 + a}.${b}.1`,
      healthIp: `10.${128 + a}.${b}.254`,
      healthEndpointId: rng.int(100, 3999),
      cpuCores: 16,
      memoryBytes: 64 * Gi - rng.int(0, 256) * 1024 * 1024,
      bootMs: createdMs - rng.int(60, 600) * 1000,
      systemUuid: uid(seed, `node-uuid-${name}`),
      kernelVersion: '6.8.0-51-generic',
      osImage: 'Ubuntu 24.04.1 LTS',
    });
  }
  return out;
}

/** Builds the cluster (see the module comment). Errors: fewer than 2 nodes, or pods per node too few for the DaemonSets. */
export function buildLargeCluster(opts: LargeClusterOptions): Cluster {
  const seed = opts.seed ?? 1;
  const podsPerNode = opts.podsPerNode ?? 30;
  if (!Number.isInteger(opts.nodes) || opts.nodes < 2) {
    throw new Error(`--nodes must be a whole number of at least 2, got ${opts.nodes}`);
  }
  const nodes = buildNodes(opts.nodes, seed, opts.createdMs);
  const name = `${CLUSTER_NAME}-${opts.nodes}`;
  const templates = demoWorkloads();
  const system = templates.filter((w) => !APP_NAMESPACES.includes(w.namespace));
  const apps = templates.filter((w) => APP_NAMESPACES.includes(w.namespace));
  const daemonSets = system.filter((w) => w.kind === 'DaemonSet');
  if (podsPerNode <= daemonSets.length + 1) {
    throw new Error(`--pods-per-node must exceed the ${daemonSets.length} DaemonSet pods per node, got ${podsPerNode}`);
  }

  const pods: Pod[] = [];
  const workloads: Workload[] = [];
  const perNode = new Map<string, number>();
  const identities = new Map<string, number>();
  const identityFor = (labels: string[]) => {
    const key = labels.join(',');
    let id = identities.get(key);
    if (id === undefined) {
      id = 10000 + identities.size;
      identities.set(key, id);
    }
    return id;
  };
  const addPod = (w: Workload, podName: string, ownerKind: Pod['ownerKind'], ownerName: string, node: NodeInfo) => {
    const slot = perNode.get(node.name) ?? 0;
    perNode.set(node.name, slot + 1);
    const rng = createRng(seed, 'pod', w.namespace, podName);
    const [a, b] = octets(node.index);
    const labels = ciliumLabelsFor(w, name);
    pods.push({
      name: podName,
      namespace: w.namespace,
      uid: uid(seed, `pod-${w.namespace}-${podName}`),
      workload: w,
      ownerKind,
      ownerName,
      node: node.name,
      ip: w.hostNetwork ? node.ip : `10.${128 + a}.${b}.${slot + 2}`,
      hostIp: node.ip,
      createdMs: opts.createdMs + (hash32(seed, 'created', w.namespace, w.name) % 86_400) * 1000,
      ciliumLabels: labels,
      identity: w.hostNetwork ? 1 : identityFor(labels),
      endpointId: 100 + slot * 37,
      lxcName: `lxc${rng.hex(12)}`,
      lxcIndex: 11 + slot * 2,
      containerIds: w.containers.map((c) => containerId(seed, `${w.namespace}/${podName}/${c.name}`)),
      sandboxId: containerId(seed, `${w.namespace}/${podName}/sandbox`),
    });
    return pods[pods.length - 1];
  };
  const workers = nodes.slice(1);
  const replicaSetPods = (w: Workload, place: () => NodeInfo | undefined) => {
    const rs = `${w.name}-${templateHash(seed, `${w.namespace}/${w.name}`)}`;
    let made = 0;
    for (let i = 0; i < w.replicas; i++) {
      const node = place();
      if (!node) {
        break;
      }
      addPod(w, `${rs}-${podSuffix(seed, `${rs}/${i}`)}`, 'ReplicaSet', rs, node);
      made++;
    }
    return made;
  };

  // Cluster-wide workloads: DaemonSets on every node, static pods on the control plane, singletons spread.
  for (const t of system) {
    const w: Workload = { ...t, placement: undefined, replicas: t.kind === 'DaemonSet' ? nodes.length : t.replicas };
    workloads.push(w);
    if (w.kind === 'DaemonSet') {
      nodes.forEach((n) =>
        addPod(w, `${w.name}-${podSuffix(seed, `${w.namespace}/${w.name}/${n.name}`)}`, 'DaemonSet', w.name, n)
      );
    } else if (w.kind === 'StaticPod') {
      addPod(w, `${w.name}-${nodes[0].name}`, 'Node', nodes[0].name, nodes[0]);
    } else if (w.kind === 'StatefulSet') {
      for (let i = 0; i < w.replicas; i++) {
        addPod(w, `${w.name}-${i}`, 'StatefulSet', w.name, workers[hash32(seed, w.name, i) % workers.length]);
      }
    } else {
      let i = 0;
      replicaSetPods(w, () => workers[hash32(seed, w.namespace, w.name, i++) % workers.length]);
    }
  }

  // Application copies fill the remaining slots, round-robin over the workers.
  let cursor = 0;
  const freeNode = (): NodeInfo | undefined => {
    for (let tries = 0; tries < workers.length; tries++) {
      const n = workers[cursor % workers.length];
      cursor++;
      if ((perNode.get(n.name) ?? 0) < podsPerNode) {
        return n;
      }
    }
    return undefined;
  };
  for (let k = 0; ; k++) {
    let made = 0;
    for (const t of apps) {
      const w: Workload = {
        ...t,
        namespace: `${t.namespace}-${copySuffix(k)}`,
        replicas: t.replicas * REPLICA_FACTOR,
        placement: undefined,
      };
      const n = replicaSetPods(w, freeNode);
      if (n > 0) {
        w.replicas = n;
        workloads.push(w);
        made += n;
        if (w.name === 'podinfo-cache' && k % 10 === 0) {
          pods[pods.length - 1].fault = 'crashloop';
        }
      }
    }
    if (made === 0) {
      break;
    }
  }

  const namespaces = [
    ...new Set(['default', 'kube-node-lease', 'kube-public', ...workloads.map((w) => w.namespace)]),
  ].sort();
  return {
    name,
    seed,
    createdMs: opts.createdMs,
    nodes,
    namespaces,
    workloads,
    pods,
    services: largeServices(seed, workloads),
    pvcs: buildPvcs(seed, pods),
  };
}

/** One ClusterIP Service per Deployment of the copies and the system Services the demo has. */
function largeServices(seed: number | string, workloads: Workload[]): Service[] {
  const out: Service[] = [];
  workloads
    .filter((w) => w.kind === 'Deployment' && !w.name.startsWith('podinfo-client'))
    .forEach((w, i) => {
      const h = hash32(seed, 'svc', w.namespace, w.name);
      out.push({
        name: w.name === 'coredns' ? 'kube-dns' : w.name,
        namespace: w.namespace,
        clusterIp: w.name === 'coredns' ? '10.96.0.10' : `10.${96 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}`,
        port: w.name.startsWith('podinfo') ? 9898 : w.name === 'coredns' ? 53 : 80 + (h % 2),
        protocol: w.name === 'coredns' ? 'UDP' : 'TCP',
        workload: w,
      });
    });
  return out;
}
