/**
 * Resource usage of every container and node as pure functions of time (Unix ms): CPU (cores and
 * cumulative seconds), memory working set, network bytes, CFS throttling. cAdvisor, node-exporter,
 * the agents' process metrics and kubelet all read this model, so they agree with each other.
 * The memory fault of sim/faults.ts is applied here: on kind-worker3, loki-0 grows until the
 * node's used memory reaches memoryUsedFraction(t).
 */
import { valueNoise } from '../rng';
import { Cluster, ContainerSpec, NodeInfo, Pod } from '../topology/types';
import { MEMORY_PRESSURE_NODE, crashLoop, memoryUsedFraction } from './faults';
import { Wave, makeWave, waveAt, waveIntegral } from './wave';

const Mi = 1024 * 1024;

/** Per-container model. */
export type ContainerModel = {
  pod: Pod;
  spec: ContainerSpec;
  id: string;
  cpu: Wave;
  /** Start of the container's current run (ms). */
  startMs: number;
};

/** Network bytes per second a pod receives / transmits at scale 1. */
function netBase(pod: Pod): [number, number] {
  const n = pod.workload.name;
  if (n === 'prometheus') {
    return [180_000, 25_000];
  }
  if (n === 'loki' || n === 'tempo') {
    return [60_000, 20_000];
  }
  if (n.startsWith('podinfo') || n === 'deathstar') {
    return [9_000, 14_000];
  }
  if (n === 'grafana') {
    return [20_000, 8_000];
  }
  if (pod.workload.hostNetwork) {
    return [0, 0];
  }
  return [3_000, 3_000];
}

/** Resource usage of the cluster's containers and nodes (see the module comment). */
export class ResourceModel {
  readonly containers: ContainerModel[] = [];
  private byPod = new Map<Pod, ContainerModel[]>();
  /** Containers by node name: node totals visit only their node's containers (large clusters). */
  private byNode = new Map<string, ContainerModel[]>();
  private rx = new Map<Pod, Wave>();
  private tx = new Map<Pod, Wave>();
  private nodeOverhead = new Map<string, Wave>();

  constructor(readonly cluster: Cluster) {
    const seed = cluster.seed;
    for (const pod of cluster.pods) {
      if (!pod.node) {
        continue;
      }
      const list = pod.workload.containers.map((spec, i) => ({
        pod,
        spec,
        id: pod.containerIds[i],
        cpu: makeWave(seed, `cpu/${pod.namespace}/${pod.name}/${spec.name}`, spec.baseCpu),
        startMs: pod.createdMs + 4000,
      }));
      this.containers.push(...list);
      this.byPod.set(pod, list);
      this.byNode.set(pod.node, [...(this.byNode.get(pod.node) ?? []), ...list]);
      const [r, t] = netBase(pod);
      this.rx.set(pod, makeWave(seed, `rx/${pod.name}`, r));
      this.tx.set(pod, makeWave(seed, `tx/${pod.name}`, t));
    }
    for (const n of cluster.nodes) {
      this.nodeOverhead.set(
        n.name,
        makeWave(seed, `node-overhead/${n.name}`, n.role === 'control-plane' ? 0.18 : 0.12, 0.2, 0.1)
      );
    }
  }

  private onNode(node: string): ContainerModel[] {
    return this.byNode.get(node) ?? [];
  }

  containersOf(pod: Pod): ContainerModel[] {
    return this.byPod.get(pod) ?? [];
  }

  /** Is the container running at t (false while a crash-looping container waits in back-off)? */
  running(c: ContainerModel, tMs: number): boolean {
    return c.pod.fault !== 'crashloop' || !crashLoop(c.pod.createdMs, tMs).waiting;
  }

  /** Start of the container's current run. */
  startedMs(c: ContainerModel, tMs: number): number {
    return c.pod.fault === 'crashloop' ? crashLoop(c.pod.createdMs, tMs).lastStartMs : c.startMs;
  }

  /** CPU in use, cores. */
  cpuCores(c: ContainerModel, tMs: number): number {
    return this.running(c, tMs) ? waveAt(c.cpu, tMs / 1000) : 0;
  }

  /** Cumulative CPU seconds of the current run (container_cpu_usage_seconds_total). */
  cpuSeconds(c: ContainerModel, tMs: number): number {
    return waveIntegral(c.cpu, this.startedMs(c, tMs) / 1000, tMs / 1000);
  }

  /** Memory working set, bytes. */
  memoryBytes(c: ContainerModel, tMs: number): number {
    if (!this.running(c, tMs)) {
      return 0;
    }
    const seed = this.cluster.seed;
    const base =
      c.spec.baseMem *
      (1 + 0.06 * valueNoise(seed, `mem/${c.id}`, tMs, 300_000) + 0.01 * valueNoise(seed, `memf/${c.id}`, tMs, 15_000));
    if (c.pod.node === MEMORY_PRESSURE_NODE && c.pod.workload.name === 'loki') {
      const node = this.cluster.nodes.find((n) => n.name === MEMORY_PRESSURE_NODE) as NodeInfo;
      const others = this.onNode(MEMORY_PRESSURE_NODE)
        .filter((x) => x !== c)
        .reduce((s, x) => s + this.memoryBytes(x, tMs), 0);
      const target = memoryUsedFraction(tMs) * node.memoryBytes - others - this.systemMemory(node, tMs);
      return Math.max(base, target);
    }
    return base;
  }

  /** Memory of the node outside pods (kubelet, containerd, kernel), bytes. */
  systemMemory(node: NodeInfo, tMs: number): number {
    return (
      (node.role === 'control-plane' ? 900 : 650) *
      Mi *
      (1 + 0.03 * valueNoise(this.cluster.seed, `sysmem/${node.name}`, tMs, 600_000))
    );
  }

  /** Cumulative received / transmitted bytes of a pod's eth0 since the pod started. */
  podNetBytes(pod: Pod, tMs: number): { rx: number; tx: number } {
    const from = pod.createdMs / 1000;
    const rx = this.rx.get(pod);
    const tx = this.tx.get(pod);
    return { rx: rx ? waveIntegral(rx, from, tMs / 1000) : 0, tx: tx ? waveIntegral(tx, from, tMs / 1000) : 0 };
  }

  /** Cumulative CPU seconds used on a node since boot (pods + system overhead). */
  nodeCpuSeconds(node: NodeInfo, tMs: number): number {
    let s = waveIntegral(this.nodeOverhead.get(node.name) as Wave, node.bootMs / 1000, tMs / 1000);
    for (const c of this.onNode(node.name)) {
      s += c.pod.fault === 'crashloop' ? 0 : waveIntegral(c.cpu, c.startMs / 1000, tMs / 1000);
    }
    return s;
  }

  /** CPU cores in use on a node now. */
  nodeCpuCores(node: NodeInfo, tMs: number): number {
    let s = waveAt(this.nodeOverhead.get(node.name) as Wave, tMs / 1000);
    for (const c of this.onNode(node.name)) {
      s += this.cpuCores(c, tMs);
    }
    return s;
  }

  /** Memory in use on a node (pods' working sets + system), bytes. */
  nodeMemoryUsed(node: NodeInfo, tMs: number): number {
    let s = this.systemMemory(node, tMs);
    for (const c of this.onNode(node.name)) {
      s += this.memoryBytes(c, tMs);
    }
    return s;
  }

  /** Cumulative bytes through the node's eth0 since boot: the pods' traffic plus 40% overlay/host overhead. */
  nodeNetBytes(node: NodeInfo, tMs: number): { rx: number; tx: number } {
    let rx = 0;
    let tx = 0;
    for (const p of this.cluster.pods) {
      if (p.node === node.name && !p.workload.hostNetwork) {
        const b = this.podNetBytes(p, tMs);
        rx += b.rx;
        tx += b.tx;
      }
    }
    const hostRate = node.role === 'control-plane' ? 45_000 : 15_000;
    const up = (tMs - node.bootMs) / 1000;
    return { rx: rx * 1.4 + hostRate * up, tx: tx * 1.4 + hostRate * 0.8 * up };
  }
}
