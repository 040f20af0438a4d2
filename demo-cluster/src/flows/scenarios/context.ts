/**
 * What a traffic scenario gets for one time slot: the cluster, endpoint builders, a flow sink
 * with the slot's random stream, and helpers to find pods and services.
 */
import { Rng } from '../../rng';
import { Cluster, NodeInfo, Pod, Service } from '../../topology/types';
import { FlowSink } from '../builders';
import { Endpoints, Party } from '../endpoint';
import { PolicyJson, policyJson, policyRevision } from '../policies';

/** The context of one scenario tick. */
export type ScenarioCtx = {
  sink: FlowSink;
  rng: Rng;
  /** Slot start and length, microseconds. */
  slotStartUs: number;
  slotUs: number;
  /** Event-rate multiplier (ratePerSecond / nominal rate). */
  scale: number;
  cluster: Cluster;
  eps: Endpoints;
  lookup: Lookup;
};

/** A traffic scenario: emits the flows of events that start within the slot. */
export type Scenario = { name: string; tick(ctx: ScenarioCtx): void };

/** Pod and service lookups over a cluster (running pods only). */
export class Lookup {
  private byWorkload = new Map<string, Pod[]>();
  private svcs = new Map<string, Service>();
  readonly nodes: Map<string, NodeInfo>;
  constructor(readonly cluster: Cluster) {
    for (const p of cluster.pods) {
      if (!p.node) {
        continue;
      }
      const k = `${p.namespace}/${p.workload.name}`;
      this.byWorkload.set(k, [...(this.byWorkload.get(k) ?? []), p]);
    }
    for (const s of cluster.services) {
      this.svcs.set(`${s.namespace}/${s.name}`, s);
    }
    this.nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  }
  pods(namespace: string, workload: string): Pod[] {
    return this.byWorkload.get(`${namespace}/${workload}`) ?? [];
  }
  service(namespace: string, name: string): Service | undefined {
    return this.svcs.get(`${namespace}/${name}`);
  }
  node(name: string): NodeInfo {
    const n = this.nodes.get(name);
    if (!n) {
      throw new Error(`unknown node ${name}`);
    }
    return n;
  }
}

/** Number of events of a Poisson process with the given rate (per second) in the slot. */
export function eventsInSlot(ctx: ScenarioCtx, perSecond: number): number {
  const lambda = perSecond * ctx.scale * (ctx.slotUs / 1e6);
  const l = Math.exp(-lambda);
  let k = 0;
  let p = ctx.rng.next();
  while (p > l && k < 1000) {
    k++;
    p *= ctx.rng.next();
  }
  return k;
}

/** A uniformly random start time inside the slot. */
export function startInSlot(ctx: ScenarioCtx): number {
  // At least 10 µs into the slot: events may emit a policy verdict a few µs before their start.
  return ctx.slotStartUs + 10 + Math.floor(ctx.rng.next() * (ctx.slotUs - 10));
}

/** The flow.Policy of a demo policy at the slot's revision. */
export function pol(ctx: ScenarioCtx, namespace: string, name: string): PolicyJson {
  return policyJson(namespace, name, policyRevision(ctx.cluster.createdMs, ctx.slotStartUs / 1000));
}

/** An ephemeral client port (Linux default range 32768-60999). */
export function ephemeralPort(rng: Rng): number {
  return rng.int(32768, 60999);
}

export type { Party };
