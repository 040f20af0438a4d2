/**
 * The cluster's flow rate, measured from Hubble Relay's `ServerStatus` (observer.proto): the rise of
 * `seen_flows` (flows every connected node's Hubble has seen since it started, summed by Relay)
 * between two samples, divided by the time between them. That is every flow the follow stream would
 * have to take, whatever the gateway itself manages to read.
 *
 * A sample whose `num_connected_nodes` differs from the previous one, or whose `seen_flows` fell (a
 * node restarted), says nothing about the rate: `seen_flows` jumps when a node joins or leaves the
 * sum. Then, and for the first sample, Relay's own `flows_rate` is used (flows per second over each
 * node's last minute, summed; Cilium 1.14 and later) when it is above 0.
 */

/** What one ServerStatus says about the flow rate. `atMs`: when it was taken (ms since the epoch). */
export type RateSample = { seenFlows: number; connectedNodes: number | undefined; flowsRate: number; atMs: number };

/** A measured rate in flows per second and where it came from. */
export type Rate = { flowsPerSecond: number; source: 'seen_flows' | 'flows_rate' };

/** The rate fields of a ServerStatus answer in protojson (64-bit counts as strings), taken at `atMs`. */
export function rateSample(status: Record<string, unknown>, atMs: number): RateSample {
  const seen = Number(status.seen_flows ?? 0);
  const nodes = status.num_connected_nodes;
  const rate = Number(status.flows_rate ?? 0);
  return {
    seenFlows: Number.isFinite(seen) ? seen : 0,
    connectedNodes: typeof nodes === 'number' ? nodes : undefined,
    flowsRate: Number.isFinite(rate) && rate > 0 ? rate : 0,
    atMs,
  };
}

/** Turns successive samples into rates (see module doc). */
export class RateMeter {
  private last?: RateSample;

  /** Adds a sample; the rate since the previous one, else Relay's flows_rate, else undefined. */
  add(sample: RateSample): Rate | undefined {
    const prev = this.last;
    this.last = sample;
    const seconds = prev ? (sample.atMs - prev.atMs) / 1000 : 0;
    if (prev && seconds > 0 && sample.connectedNodes === prev.connectedNodes && sample.seenFlows >= prev.seenFlows) {
      return { flowsPerSecond: (sample.seenFlows - prev.seenFlows) / seconds, source: 'seen_flows' };
    }
    return sample.flowsRate > 0 ? { flowsPerSecond: sample.flowsRate, source: 'flows_rate' } : undefined;
  }
}
