/**
 * Agent-side counters derived from the same flows as the Hubble metrics (so the two agree):
 * - cilium_drop_count_total / cilium_drop_bytes_total{reason,direction}: one packet per drop
 *   event (event type 1) observed on the node; reason is the agent's text ("Policy denied").
 *   Hubble counts drop events and policy-verdict drops (both DROPPED), so for policy denials
 *   hubble_drop_total is twice cilium_drop_count_total.
 * - cilium_policy_l7_total{rule,proxy_type}: L7 requests and responses through the node's proxies.
 * - cilium_proxy_upstream_reply_seconds{error,protocol_l7,scope}: DNS proxy upstream latency.
 * - the per-node Hubble metrics, and hubble_lost_events_total (sim/faults.ts lostEventsBurst).
 */
import { FlowJson } from '../flows/types';
import { dropReasonText } from '../flows/reasons';
import { NodeHubbleMetrics } from '../hubble/registry';
import { HistogramVec, ValueVec } from '../metrics/model';
import { hash32 } from '../rng';
import { lostEventsBurst } from './faults';

const PACKET_BYTES: Record<string, number> = { TCP: 74, UDP: 90, ICMPv4: 98 };

/** Flow-derived agent counters and the Hubble metrics of one node. */
export class NodeDatapath {
  readonly drops = new ValueVec(
    'cilium_drop_count_total',
    'Total dropped packets, tagged by drop reason and ingress/egress direction',
    'counter',
    ['reason', 'direction']
  );
  readonly dropBytes = new ValueVec(
    'cilium_drop_bytes_total',
    'Total dropped bytes, tagged by drop reason and ingress/egress direction',
    'counter',
    ['reason', 'direction']
  );
  readonly l7 = new ValueVec('cilium_policy_l7_total', 'Number of total L7 requests/responses', 'counter', [
    'rule',
    'proxy_type',
  ]);
  readonly upstream = new HistogramVec(
    'cilium_proxy_upstream_reply_seconds',
    'Seconds waited to get a reply from a upstream server',
    ['error', 'protocol_l7', 'scope']
  );
  constructor(
    readonly node: string,
    readonly hubble: NodeHubbleMetrics
  ) {}

  process(f: FlowJson): void {
    this.hubble.process(f);
    const et = (f.event_type as { type?: number } | undefined)?.type;
    if (et === 1) {
      const reason = dropReasonText(String(f.drop_reason_desc ?? 'DROP_REASON_UNKNOWN'));
      const dir = String(f.traffic_direction ?? 'UNKNOWN');
      const l4 = Object.keys((f.l4 as object | undefined) ?? {})[0] ?? 'TCP';
      this.drops.add([reason, dir]);
      this.dropBytes.add([reason, dir], PACKET_BYTES[l4] ?? 74);
    } else if (et === 129) {
      const l7 = f.l7 as { type?: string; latency_ns?: string; dns?: unknown; http?: unknown } | undefined;
      const proxy = l7?.dns ? 'dns' : 'http';
      this.l7.add(['received', proxy]);
      this.l7.add([f.verdict === 'DROPPED' ? 'denied' : 'forwarded', proxy]);
      if (l7?.dns && l7.type === 'RESPONSE') {
        const s = Number(l7.latency_ns ?? 0) / 1e9;
        this.upstream.observe(['', 'dns', 'upstreamTime'], s * 0.92);
        this.upstream.observe(['', 'dns', 'totalTime'], s);
      }
    }
  }
}

/** Per-node datapath state fed by the hub, plus lost events stepped per second. */
export class Datapath {
  readonly nodes = new Map<string, NodeDatapath>();
  private lostUpToSec: number;
  constructor(
    nodeNames: string[],
    hubbleMetrics: string[],
    private readonly seed: number | string,
    epochMs: number
  ) {
    for (const n of nodeNames) {
      this.nodes.set(n, new NodeDatapath(n, new NodeHubbleMetrics(n, hubbleMetrics)));
    }
    this.lostUpToSec = Math.floor(epochMs / 1000);
  }

  /** Feeds one flow to its observing node (flows of unknown nodes are not counted). */
  process(f: FlowJson): void {
    this.nodes.get(f.node_name)?.process(f);
  }

  /** Adds the lost events of every whole second up to t (burst on kind-worker, see faults.ts). */
  advanceTo(tMs: number): void {
    const node = this.nodes.get('kind-worker');
    for (let s = this.lostUpToSec; s < Math.floor(tMs / 1000); s++) {
      if (node && lostEventsBurst(s * 1000)) {
        node.hubble.lose('hubble_ring_buffer', 5 + (hash32(this.seed, 'lost', s) % 40));
      }
    }
    this.lostUpToSec = Math.max(this.lostUpToSec, Math.floor(tMs / 1000));
  }
}
