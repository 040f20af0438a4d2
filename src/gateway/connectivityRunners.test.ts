import { CustomVariable } from '@grafana/scenes';
import { LoadingState } from '@grafana/data';
import { setAppSettings } from '../settings';
import { installGrafanaRuntime } from '../test/grafanaRuntime';
import { GatewayCall, installGatewayTransport } from '../test/gateway/gatewayTransport';
import { recordedDemoGateway, recordedReport, recordedSuggestion } from '../test/gateway/recorded';
import { TEST_RANGE, runGatewayQueries } from '../test/gateway/runQueries';
import { connectivityReportOf, policySuggestionOf } from './connectivityFrames';
import { gatewayErrorOf } from './errors';
import { GATEWAY_FRAMES } from './frames';
import { GatewayQueryType } from './query';

const GATEWAY = { hubbleGatewayUrl: 'http://hubble-gateway.kube-system.svc:8090' };
const since = new Date(TEST_RANGE.from).toISOString();
const until = new Date(TEST_RANGE.to).toISOString();

beforeAll(installGrafanaRuntime);

describe('gateway data source: connectivity and policy suggestion (recorded answers of the demo cluster)', () => {
  let calls: GatewayCall[];
  beforeEach(() => {
    setAppSettings(GATEWAY);
    calls = installGatewayTransport(recordedDemoGateway);
  });
  afterEach(() => setAppSettings({}));

  it('connectivity: asks about the pair (variables replaced) over the range; the report in frames', async () => {
    const data = await runGatewayQueries(
      [{ refId: 'c', queryType: GatewayQueryType.Connectivity, from: '$src', to: 'star-wars/deathstar' }],
      [new CustomVariable({ name: 'src', query: 'star-wars/xwing', value: 'star-wars/xwing', text: 'star-wars/xwing' })]
    );
    expect(data.state).toBe(LoadingState.Done);
    expect(calls).toEqual([
      {
        path: '/api/v1/connectivity',
        params: { from: 'star-wars/xwing', to: 'star-wars/deathstar', since, until },
        requestId: `${data.request!.requestId}-c`,
      },
    ]);
    const report = recordedReport('xwing-deathstar');
    expect(connectivityReportOf(data.series)).toEqual(report);
    expect(data.series.map((f) => f.name)).toEqual([
      GATEWAY_FRAMES.connectivity,
      GATEWAY_FRAMES.connectivityTimeline,
      GATEWAY_FRAMES.connectivityFindings,
      GATEWAY_FRAMES.connectivityPolicies,
      GATEWAY_FRAMES.connectivityDns,
    ]);
    const frame = (name: string) => data.series.find((f) => f.name === name)!;
    const column = (name: string, field: string) => frame(name).fields.find((f) => f.name === field)!.values;
    expect(column(GATEWAY_FRAMES.connectivityFindings, 'kind')).toEqual(report.findings.map((f) => f.kind));
    expect(column(GATEWAY_FRAMES.connectivityFindings, 'ports')[0]).toBe('TCP/80');
    expect(column(GATEWAY_FRAMES.connectivityPolicies, 'policy')).toEqual([
      'star-wars/rule1',
      'star-wars/ships-egress',
    ]);
    expect(column(GATEWAY_FRAMES.connectivityDns, 'query')).toEqual(report.dns.map((d) => d.query));

    // the timeline: one row per bucket from the first to the last with flows, zeros in between
    const times = column(GATEWAY_FRAMES.connectivityTimeline, 'time') as number[];
    const step = report.timeline.bucket_seconds * 1000;
    expect(times.slice(1).every((t, i) => t - times[i] === step)).toBe(true);
    expect(times[0]).toBe(Date.parse(report.timeline.points[0].time));
    expect(times.at(-1)).toBe(Date.parse(report.timeline.points.at(-1)!.time));
    for (const verdict of ['DROPPED', 'FORWARDED']) {
      const sum = (column(GATEWAY_FRAMES.connectivityTimeline, verdict) as number[]).reduce((a, b) => a + b, 0);
      expect(sum).toBe(report.timeline.points.reduce((a, p) => a + (p.verdicts[verdict] ?? 0), 0));
    }
  });

  it('connectivity: a missing or refused side is not sent; the error names it and what is accepted', async () => {
    const data = await runGatewayQueries([{ refId: 'c', queryType: GatewayQueryType.Connectivity, from: 'xwing' }]);
    expect(calls).toEqual([]);
    expect(data.state).toBe(LoadingState.Error);
    expect(gatewayErrorOf(data)).toMatchObject({ kind: 'bad-request', status: 0 });
    expect(data.errors![0].refId).toBe('c');
    expect(data.errors![0].message).toContain('a bare name is ambiguous: "xwing"');
    expect(data.errors![0].message).toContain('missing parameter "to"');
    expect(data.errors![0].message).toContain('namespace/workload (star-wars/deathstar)');
  });

  it('policy suggestion: asks for the workload over the range; the baseline in one frame', async () => {
    const data = await runGatewayQueries([
      { refId: 'p', queryType: GatewayQueryType.PolicySuggestion, workload: 'star-wars/deathstar' },
    ]);
    expect(calls.map((c) => [c.path, c.params])).toEqual([
      ['/api/v1/policy-suggestion', { workload: 'star-wars/deathstar', since, until }],
    ]);
    expect(policySuggestionOf(data.series)).toEqual(recordedSuggestion());
    const frame = data.series.find((f) => f.name === GATEWAY_FRAMES.policySuggestion)!;
    expect(frame.fields.find((f) => f.name === 'policies')!.values).toEqual(['star-wars/deathstar-baseline-ingress']);
  });
});
