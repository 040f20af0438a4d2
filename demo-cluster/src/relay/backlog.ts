/**
 * Which buffered flows a GetFlows call sends before following (all it sends without `follow`), as
 * Hubble does: each node's observer reads its own ring buffer, and Relay merges the nodes' answers in
 * time order. Per node (flows grouped by `node_name`, oldest first):
 *
 * - where reading starts: with `first` and no `since`, at the oldest flow; with `follow`, no
 *   `number` and no `since`, after the newest (only new flows); otherwise it rewinds from the newest
 *   over the flows that pass the filters until one older than `since` (with `since`: `since` takes
 *   precedence over `number`), or until `number` of them (without `since`), or to the oldest;
 * - then it reads forward: flows before `since` and flows the filters reject are skipped, the first
 *   flow after `until` ends the answer, and without `follow` it stops after `number` flows.
 *
 * So `number` counts per node (Relay returns up to `number` × nodes flows, as `hubble observe
 * --last N` says), and with `since` it selects the first `number` flows from `since` on, not the
 * last ones. Facts: newRingReader and eventsReader of Cilium's pkg/hubble/observer/local_observer.go
 * (1.19), and Relay's merge by time in pkg/hubble/relay/observer.
 */
import type { FlowJson } from '../flows/types';
import { timeToNs } from './flowToProto';

/** The parts of a GetFlowsRequest that select the backlog; times in ns since the epoch. */
export type BacklogRequest = { number: number; first: boolean; follow: boolean; since?: bigint; until?: bigint };

/** The flows one node sends from its ring (`ring` oldest first), per the module doc. */
export function nodeBacklog(ring: FlowJson[], req: BacklogRequest, passes: (f: FlowJson) => boolean): FlowJson[] {
  const { since, until } = req;
  const n = req.number;
  let start = 0;
  if (req.first && since === undefined) {
    start = 0;
  } else if (req.follow && n === 0 && since === undefined) {
    start = ring.length;
  } else {
    let counted = 0;
    for (let i = ring.length - 1; i >= 0; i--) {
      if (!passes(ring[i])) {
        continue;
      }
      counted++;
      if (since !== undefined) {
        if (timeToNs(ring[i].time) < since) {
          start = i + 1;
          break;
        }
      } else if (counted === n) {
        start = i;
        break;
      }
    }
  }
  const out: FlowJson[] = [];
  for (let i = start; i < ring.length; i++) {
    if (!req.follow && n > 0 && out.length >= n) {
      break;
    }
    const f = ring[i];
    const t = timeToNs(f.time);
    if (until !== undefined && t > until) {
      break;
    }
    if ((since !== undefined && t < since) || !passes(f)) {
      continue;
    }
    out.push(f);
  }
  return out;
}

/** The backlog of every node of `buffered` (oldest first), merged in time order (stable). */
export function relayBacklog(buffered: FlowJson[], req: BacklogRequest, passes: (f: FlowJson) => boolean): FlowJson[] {
  const rings = new Map<string, FlowJson[]>();
  const position = new Map<FlowJson, number>();
  buffered.forEach((f, i) => {
    const node = f.node_name ?? '';
    let ring = rings.get(node);
    if (!ring) {
      ring = [];
      rings.set(node, ring);
    }
    ring.push(f);
    position.set(f, i);
  });
  if (rings.size <= 1) {
    return nodeBacklog(buffered, req, passes);
  }
  const keyed = [...rings.values()].flatMap((ring) =>
    nodeBacklog(ring, req, passes).map((f) => ({ f, t: timeToNs(f.time), i: position.get(f)! }))
  );
  keyed.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i));
  return keyed.map((k) => k.f);
}
