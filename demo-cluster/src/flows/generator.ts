/**
 * Generates the flows of the demo workloads slot by slot. A slot is one second of absolute time
 * (slot k covers [k s, k+1 s) since the Unix epoch); each scenario draws from a random stream
 * seeded by (seed, slot, scenario), so the flows of an instant depend only on the seed and the
 * cluster, not on when the simulation started or how often it is advanced.
 */
import { createRng } from '../rng';
import { Cluster } from '../topology/types';
import { Endpoints } from './endpoint';
import { FlowJson } from './types';
import { Lookup, Scenario } from './scenarios/context';
import { ctDropScenario } from './scenarios/ct-drops';
import { healthScenario } from './scenarios/health';
import { monitoringScenario } from './scenarios/monitoring';
import { podinfoScenario } from './scenarios/podinfo';
import { starWarsScenario } from './scenarios/starwars';

/** Length of a generation slot, microseconds (one second). */
export const SLOT_US = 1_000_000;

/** Average generated flows per second at scale 1 (measured over an hour; see generator.test.ts). */
export const NOMINAL_FLOWS_PER_SECOND = 42.8;

/** The traffic scenarios, in generation order (each has its own random stream per slot). */
export const SCENARIOS: Scenario[] = [
  podinfoScenario,
  starWarsScenario,
  monitoringScenario,
  healthScenario,
  ctDropScenario,
];

/** Generates the demo workloads' flows slot by slot (deterministic per seed and slot). */
export class FlowGenerator {
  readonly eps: Endpoints;
  readonly lookup: Lookup;
  private scale: number;

  constructor(
    private readonly seed: number | string,
    readonly cluster: Cluster,
    ratePerSecond: number
  ) {
    this.eps = new Endpoints(cluster);
    this.lookup = new Lookup(cluster);
    this.scale = ratePerSecond / NOMINAL_FLOWS_PER_SECOND;
  }

  /** Emits every flow of events starting in slot `k` (flow times are >= the slot start). */
  slot(k: number, emit: (flow: FlowJson, us: number, ns: number) => void): void {
    for (const s of SCENARIOS) {
      const rng = createRng(this.seed, 'slot', k, s.name);
      s.tick({
        sink: { rng, emit },
        rng,
        slotStartUs: k * SLOT_US,
        slotUs: SLOT_US,
        scale: this.scale,
        cluster: this.cluster,
        eps: this.eps,
        lookup: this.lookup,
      });
    }
  }
}
