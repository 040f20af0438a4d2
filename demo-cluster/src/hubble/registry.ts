/**
 * The Hubble metrics of one node (the metrics server inside that node's cilium-agent, :9965): the
 * configured handlers fed with the flows this node observed, plus hubble_lost_events_total.
 */
import { FlowJson } from '../flows/types';
import { Family, ValueVec } from '../metrics/model';
import { Handler, createHandler } from './handlers';
import { parseMetricSpec } from './options';

/** The Hubble metrics server of one node: feed it the flows that node observed. */
export class NodeHubbleMetrics {
  private handlers: Handler[];
  private lost = new ValueVec('hubble_lost_events_total', 'Number of lost events', 'counter', ['source']);

  constructor(
    readonly node: string,
    metrics: string[]
  ) {
    this.handlers = metrics.map((m) => createHandler(parseMetricSpec(m)));
  }

  process(flow: FlowJson): void {
    for (const h of this.handlers) {
      h.process(flow as Parameters<Handler['process']>[0]);
    }
  }

  /** Records lost events: source is perf_event_ring_buffer, observer_events_queue or hubble_ring_buffer. */
  lose(source: 'perf_event_ring_buffer' | 'observer_events_queue' | 'hubble_ring_buffer', n: number): void {
    this.lost.add([source], n);
  }

  families(): Family[] {
    return [this.lost.family(), ...this.handlers.flatMap((h) => h.families())];
  }
}
