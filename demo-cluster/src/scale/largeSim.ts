/**
 * The scrape targets of a large synthetic cluster and what each returns at an instant, through
 * the demo's own exporters. Flow-derived series (Hubble metrics, the agents' drop and proxy
 * counters) come from a small demo Simulation (the 4-node kind cluster without captures) whose
 * per-node results are lent to the large cluster's nodes: worker i gets kind-worker{1..3}'s
 * counters, with the demo's application namespaces, pods and addresses in Hubble labels replaced by
 * those of one application copy running on that node.
 */
import { Family, LabelPairs } from '../metrics/model';
import { Datapath } from '../sim/datapath';
import { ResourceModel } from '../sim/resources';
import { Simulation } from '../sim/simulation';
import { SimView } from '../sim/view';
import { Target, buildTargets } from '../targets';
import { cadvisorFamilies } from '../exporters/cadvisor';
import { ciliumAgentFamilies } from '../exporters/cilium-agent';
import { ciliumOperatorFamilies } from '../exporters/cilium-operator';
import { ksmFamilies } from '../exporters/kube-state-metrics';
import { kubeletFamilies } from '../exporters/kubelet';
import { nodeExporterFamilies } from '../exporters/node-exporter';
import { Cluster, NodeInfo, Pod } from '../topology/types';
import { APP_NAMESPACES } from './largeCluster';

/** Label values of one demo node's Hubble series replaced for one large node. */
type ValueMap = Map<string, string>;

/** The large cluster's targets and exporters, with flow-derived state taken from `demo`. */
export class LargeSimulation {
  readonly targets: Target[];
  readonly resources: ResourceModel;
  private templateNode = new Map<string, string>();
  private valueMaps = new Map<string, ValueMap>();
  private nodes: Map<string, NodeInfo>;

  constructor(
    readonly cluster: Cluster,
    private demo: Simulation
  ) {
    this.targets = buildTargets(cluster).map(withServiceMonitorLabels);
    this.resources = new ResourceModel(cluster);
    this.nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
    const demoNodes = demo.cluster.nodes.map((n) => n.name);
    const demoWorkers = demoNodes.slice(1);
    const podsByNode = new Map<string, Pod[]>();
    for (const p of cluster.pods) {
      podsByNode.set(p.node, [...(podsByNode.get(p.node) ?? []), p]);
    }
    for (const n of cluster.nodes) {
      this.templateNode.set(n.name, n.index === 0 ? demoNodes[0] : demoWorkers[(n.index - 1) % demoWorkers.length]);
      this.valueMaps.set(n.name, this.valueMapFor(podsByNode.get(n.name) ?? [], n.index));
    }
  }

  /**
   * Namespaces, pod names and pod IPs of the demo's application namespaces mapped onto one of the
   * copies with pods on the node, chosen by node index (every pod of a demo workload onto the copy's pod of the
   * same workload, by replica index modulo the copy's replicas).
   */
  private valueMapFor(nodePods: Pod[], index: number): ValueMap {
    const map: ValueMap = new Map();
    const copies = [
      ...new Set(
        nodePods
          .filter((p) => APP_NAMESPACES.some((ns) => p.namespace.startsWith(`${ns}-`)))
          .map((p) => p.namespace.slice(p.namespace.lastIndexOf('-') + 1))
      ),
    ];
    if (copies.length === 0) {
      return map;
    }
    const suffix = copies[index % copies.length];
    for (const ns of APP_NAMESPACES) {
      map.set(ns, `${ns}-${suffix}`);
    }
    const copyPods = this.podsByWorkload();
    for (const p of this.demo.cluster.pods) {
      const target = map.get(p.namespace);
      if (!target) {
        continue;
      }
      const candidates = copyPods.get(`${target}/${p.workload.name}`) ?? [];
      const demoReplicas = this.demo.cluster.pods.filter((x) => x.workload === p.workload);
      const mapped = candidates[demoReplicas.indexOf(p) % Math.max(1, candidates.length)];
      if (mapped) {
        map.set(p.name, mapped.name);
        if (p.ip) {
          map.set(p.ip, mapped.ip);
        }
      }
    }
    return map;
  }

  private copyIndex?: Map<string, Pod[]>;
  /** The large cluster's pods by `namespace/workload`. */
  private podsByWorkload(): Map<string, Pod[]> {
    if (!this.copyIndex) {
      this.copyIndex = new Map();
      for (const p of this.cluster.pods) {
        const key = `${p.namespace}/${p.workload.name}`;
        this.copyIndex.set(key, [...(this.copyIndex.get(key) ?? []), p]);
      }
    }
    return this.copyIndex;
  }

  /** The view exporters read, with the demo's flow-derived state at the demo's current instant. */
  private view(): SimView {
    const lent = new Map<string, ReturnType<Datapath['nodes']['get']>>();
    const nodes = {
      get: (name: string) => {
        if (!lent.has(name)) {
          lent.set(name, this.demo.datapath.nodes.get(this.templateNode.get(name) ?? ''));
        }
        return lent.get(name);
      },
    };
    // Exporters only read `datapath.nodes.get(node)`: lend the template node's datapath.
    const datapath = { nodes } as unknown as Datapath;
    return {
      seed: this.cluster.seed,
      cluster: this.cluster,
      resources: this.resources,
      datapath,
      epochMs: this.demo.epochMs,
    };
  }

  /** The families `target` returns at t (the demo must have been advanced to t). */
  collect(target: Target, tMs: number): Family[] {
    const node = target.node ? this.nodes.get(target.node) : undefined;
    const sim = this.view();
    switch (target.kind) {
      case 'cilium-agent':
        return node ? ciliumAgentFamilies(sim, node, tMs) : [];
      case 'hubble': {
        const dp = sim.datapath.nodes.get(target.node ?? '');
        return dp ? relabel(dp.hubble.families(), this.valueMaps.get(target.node ?? '') ?? new Map()) : [];
      }
      case 'cilium-operator':
        return ciliumOperatorFamilies(sim, tMs);
      case 'kube-state-metrics':
        return ksmFamilies(sim, tMs);
      case 'node-exporter':
        return node ? nodeExporterFamilies(sim, node, tMs) : [];
      case 'kubelet':
        return node ? kubeletFamilies(sim, node, tMs) : [];
      case 'cadvisor':
        return node ? cadvisorFamilies(sim, node, tMs) : [];
    }
  }
}

/**
 * The target labels Cilium's Helm ServiceMonitors add besides the demo's (`targetLabels: k8s-app`
 * on the agent and Hubble, `io.cilium/app` on the operator), which Cilium's own dashboards select
 * on (`k8s_app="cilium"`); the app's queries do not use them.
 */
function withServiceMonitorLabels(t: Target): Target {
  if (t.kind === 'cilium-agent' || t.kind === 'hubble') {
    return { ...t, labels: { ...t.labels, k8s_app: 'cilium' } };
  }
  if (t.kind === 'cilium-operator') {
    return { ...t, labels: { ...t.labels, io_cilium_app: 'operator' } };
  }
  return t;
}

function mapPairs(labels: LabelPairs, map: ValueMap): LabelPairs {
  return labels.map(([k, v]) => [k, map.get(v) ?? v]);
}

/** Replaces label values through `map` (exact matches only). */
function relabel(families: Family[], map: ValueMap): Family[] {
  if (map.size === 0) {
    return families;
  }
  return families.map((f) =>
    f.type === 'histogram'
      ? { ...f, points: f.points.map((p) => ({ ...p, labels: mapPairs(p.labels, map), exemplars: undefined })) }
      : { ...f, samples: f.samples.map((s) => ({ ...s, labels: mapPairs(s.labels, map), exemplar: undefined })) }
  );
}
