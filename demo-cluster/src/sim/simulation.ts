/**
 * The simulation: one FlowHub (flows), the per-node datapath and Hubble metrics fed by it, the
 * resource model, and the exporters that turn them into the families of each scrape target.
 * Everything is a function of the seed and the instant; flow-derived counters count from the
 * epoch (the simulated agents' start).
 */
import { CreateFlowHubOptions, DemoFlowHub, createFlowHub } from '../flows/hub';
import { HubbleMetricsMode, metricsFor } from '../hubble/options';
import { Family } from '../metrics/model';
import { Target, buildTargets } from '../targets';
import { cadvisorFamilies } from '../exporters/cadvisor';
import { ciliumAgentFamilies } from '../exporters/cilium-agent';
import { ciliumOperatorFamilies } from '../exporters/cilium-operator';
import { ksmFamilies } from '../exporters/kube-state-metrics';
import { kubeletFamilies } from '../exporters/kubelet';
import { nodeExporterFamilies } from '../exporters/node-exporter';
import { Datapath } from './datapath';
import { ResourceModel } from './resources';
import { SimView } from './view';

/** Options of {@link Simulation}: those of createFlowHub plus the Hubble metrics mode. */
export type SimulationOptions = CreateFlowHubOptions & {
  /** Hubble metrics configuration: Cilium's documented example or the rich one. Default docs. */
  hubbleMetrics?: HubbleMetricsMode;
};

/**
 * The simulated cluster: `hub` (FlowHub), `targets` (scrape targets), `advanceTo(ms)` to release
 * flows up to an instant and `collect(target, ms)` for a target's families at that instant.
 */
export class Simulation implements SimView {
  readonly hub: DemoFlowHub;
  readonly seed: number | string;
  readonly epochMs: number;
  readonly resources: ResourceModel;
  readonly datapath: Datapath;
  readonly targets: Target[];
  readonly hubbleMetrics: HubbleMetricsMode;

  constructor(opts: SimulationOptions = {}) {
    this.hub = createFlowHub(opts);
    this.seed = this.hub.seed;
    this.epochMs = this.hub.epochMs;
    this.hubbleMetrics = opts.hubbleMetrics ?? 'docs';
    this.resources = new ResourceModel(this.hub.cluster);
    this.datapath = new Datapath(
      this.hub.cluster.nodes.map((n) => n.name),
      metricsFor(this.hubbleMetrics),
      this.seed,
      this.epochMs
    );
    this.hub.subscribe((f) => this.datapath.process(f));
    this.targets = buildTargets(this.hub.cluster);
  }

  get cluster() {
    return this.hub.cluster;
  }

  /** Releases flows and lost events up to t (Unix ms). */
  advanceTo(tMs: number): void {
    this.hub.advanceTo(tMs);
    this.datapath.advanceTo(tMs);
  }

  /** The families a scrape of `target` returns at t (call advanceTo(t) first). */
  collect(target: Target, tMs: number): Family[] {
    const node = this.cluster.nodes.find((n) => n.name === target.node);
    switch (target.kind) {
      case 'cilium-agent':
        return node ? ciliumAgentFamilies(this, node, tMs) : [];
      case 'hubble':
        return this.datapath.nodes.get(target.node ?? '')?.hubble.families() ?? [];
      case 'cilium-operator':
        return ciliumOperatorFamilies(this, tMs);
      case 'kube-state-metrics':
        return ksmFamilies(this, tMs);
      case 'node-exporter':
        return node ? nodeExporterFamilies(this, node, tMs) : [];
      case 'kubelet':
        return node ? kubeletFamilies(this, node, tMs) : [];
      case 'cadvisor':
        return node ? cadvisorFamilies(this, node, tMs) : [];
    }
  }
}
