import { HubbleFlow } from '../../gateway/types';
import { FOLD_WINDOW_MS, foldObservations, observationText, seenAt } from './observations';

/** A SYN from client to server as one observation point reports it. */
function syn(over: Partial<HubbleFlow>): HubbleFlow {
  return {
    time: '2026-11-29T18:00:00.000000000Z',
    verdict: 'FORWARDED',
    IP: { source: '10.0.1.5', destination: '10.0.2.7' },
    l4: { TCP: { source_port: 40000, destination_port: 80, flags: { SYN: true } } },
    is_reply: false,
    event_type: { type: 4 },
    ...over,
  };
}

describe('foldObservations', () => {
  it("folds the client node's egress and the server node's ingress of one packet, the decisive verdict shown", () => {
    const egress = syn({ node_name: 'a', traffic_direction: 'EGRESS', uuid: 'e' });
    const ingress = syn({
      node_name: 'b',
      traffic_direction: 'INGRESS',
      uuid: 'i',
      verdict: 'DROPPED',
      time: '2026-11-29T18:00:00.000300000Z',
    });
    const [group, ...rest] = foldObservations([ingress, egress]);
    expect(rest).toEqual([]);
    expect(group.flows).toEqual([ingress, egress]);
    expect(group.shown).toBe(ingress);
    expect(seenAt(group)).toBe('egress + ingress');
  });

  it('keeps apart what is not the same packet: other flags, a reply, another port, a retransmission, too far apart', () => {
    const base = syn({ node_name: 'a', traffic_direction: 'EGRESS' });
    const others = [
      syn({
        node_name: 'b',
        traffic_direction: 'INGRESS',
        l4: { TCP: { source_port: 40000, destination_port: 80, flags: { SYN: true, ACK: true } } },
      }),
      syn({ node_name: 'b', traffic_direction: 'INGRESS', is_reply: true }),
      syn({
        node_name: 'b',
        traffic_direction: 'INGRESS',
        l4: { TCP: { source_port: 40001, destination_port: 80, flags: { SYN: true } } },
      }),
      // the same point again: a retransmitted SYN
      syn({ node_name: 'a', traffic_direction: 'EGRESS', time: '2026-11-29T18:00:00.5Z' }),
    ];
    for (const other of others) {
      expect(foldObservations([other, base])).toHaveLength(2);
    }
    const late = syn({
      node_name: 'b',
      traffic_direction: 'INGRESS',
      time: new Date(Date.parse(base.time!) + FOLD_WINDOW_MS + 1).toISOString(),
    });
    expect(foldObservations([late, base])).toHaveLength(2);
  });

  it('folds a policy verdict and the drop event of the same packet at one point', () => {
    const verdict = syn({ node_name: 'b', traffic_direction: 'INGRESS', verdict: 'DROPPED', event_type: { type: 5 } });
    const drop = syn({ node_name: 'b', traffic_direction: 'INGRESS', verdict: 'DROPPED', event_type: { type: 1 } });
    const groups = foldObservations([drop, verdict]);
    expect(groups).toHaveLength(1);
    expect(seenAt(groups[0])).toBe('ingress · 2 events');
    expect(observationText(verdict)).toBe('ingress on b (policy verdict)');
  });

  it('leaves flows without a time alone and keeps the order of the rest', () => {
    const a = syn({ time: undefined, node_name: 'a' });
    const b = syn({ time: undefined, node_name: 'b' });
    expect(foldObservations([a, b]).map((g) => g.shown)).toEqual([a, b]);
  });
});
