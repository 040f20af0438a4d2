import { flowSide, subjectOf } from '../../gateway/endpoints';
import { HubbleFlow } from '../../gateway/types';
import { DEMO_PAIRS } from '../../test/gateway/demoPairs';
import { recorded, recordedFlows } from '../../test/gateway/recorded';
import { pairHttpErrors, sideIs } from './pairFlows';

const httpErrorFlows = () => (recorded('demo-http-errors-podinfo-client').body as { flows: HubbleFlow[] }).flows;

describe('flows between the two sides of the question', () => {
  it('matches a side by workload, pod name, IP or DNS name, as the gateway does', () => {
    const flow = recordedFlows('demo-flows-dropped').find((f) => f.drop_reason_desc === 'POLICY_DENIED')!;
    const source = flowSide(flow, 'source');
    expect(sideIs(source, 'star-wars/xwing')).toBe(true);
    expect(sideIs(source, `star-wars/${flow.source!.pod_name}`)).toBe(true);
    expect(sideIs(source, flow.IP!.source!)).toBe(true);
    expect(sideIs(source, 'star-wars/deathstar')).toBe(false);
    expect(sideIs(source, 'podinfo/xwing')).toBe(false);
    expect(sideIs(source, 'xwing')).toBe(false); // a bare name is no side
    const world = { endpoint: { labels: ['reserved:world'] }, names: ['api.github.com.'], ip: '140.82.112.6' };
    expect(sideIs(world, 'API.github.com')).toBe(true);
    expect(sideIs(world, 'github.com')).toBe(false);
  });

  it('names a flow side as a question side: workload, else DNS name of the world, else IP', () => {
    const flow = recordedFlows('demo-flows-dropped-client')[0];
    expect(subjectOf(flowSide(flow, 'source'))).toBe('podinfo/podinfo-client');
    expect(subjectOf(flowSide(flow, 'destination'))).toBe('podinfo/podinfo-backend');
    expect(subjectOf({ endpoint: { labels: ['reserved:world'] }, names: ['api.github.com.'], ip: '1.2.3.4' })).toBe(
      'api.github.com'
    );
    expect(subjectOf({ endpoint: { labels: ['reserved:host'] }, names: [], ip: '172.18.0.3' })).toBe('172.18.0.3');
    expect(subjectOf({ endpoint: {}, names: [] })).toBeUndefined();
  });

  it("keeps the HTTP error answers of the pair's connections, once each (the server side's view)", () => {
    const flows = httpErrorFlows();
    const { from, to } = DEMO_PAIRS['client-frontend'];
    const errors = pairHttpErrors(flows, from, to);
    expect(errors.length).toBeGreaterThan(0);
    for (const f of errors) {
      expect(f.l7?.type).toBe('RESPONSE');
      expect(f.l7!.http!.code).toBeGreaterThanOrEqual(400);
      expect(f.is_reply).toBe(true);
      expect(f.traffic_direction).toBe('INGRESS');
    }
    // each answer was seen at both proxies: the client's view (EGRESS) is left out
    const bothViews = flows.filter((f) => f.l7?.type === 'RESPONSE' && f.source?.namespace === 'podinfo');
    expect(bothViews.some((f) => f.traffic_direction === 'EGRESS')).toBe(true);
    // the other direction of the question has none
    expect(pairHttpErrors(flows, to, from)).toEqual([]);
  });
});
