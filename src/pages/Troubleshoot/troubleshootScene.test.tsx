import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { LoadingState } from '@grafana/data';
import { EmbeddedScene, SceneQueryRunner, sceneGraph, sceneUtils } from '@grafana/scenes';
import { testIds } from '../../components/testIds';
import { GATEWAY_FRAMES, namespacesOf, serviceMapOf } from '../../gateway/frames';
import { GatewayQueryType } from '../../gateway/query';
import { setAppSettings } from '../../settings';
import { stubCanvasMeasureText } from '../../test/domStubs';
import { DEMO_PAIRS, DemoPair } from '../../test/gateway/demoPairs';
import { GatewayCall, installGatewayTransport } from '../../test/gateway/gatewayTransport';
import { recorded, recordedDemoGateway, recordedMap, recordedReport } from '../../test/gateway/recorded';
import { installGrafanaRuntime } from '../../test/grafanaRuntime';
import { renderScene } from '../../test/renderScene';
import { fakePanelIds, installFakePanels } from '../../test/signals/fakePanels';
import { HubbleFlow } from '../../gateway/types';
import { PAIR_PICKER_KEY, PairPicker } from './PairPicker';
import { pairHttpErrors } from './pairFlows';
import { droppedPairs, pairOptions } from './pairOptions';
import { TROUBLESHOOT_DATA_KEY, troubleshootScene } from './troubleshootScene';

// jsdom has no layout: give panels a size so the panel body renders (VizPanel measures with react-use)
jest.mock('react-use', () => ({
  ...jest.requireActual('react-use'),
  useMeasure: () => [() => undefined, { width: 1000, height: 240, x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0 }],
}));

// Ceilings, not waits: Grafana UI renders slowly on a loaded 2-core machine.
jest.setTimeout(120000);
configure({ asyncUtilTimeout: 30000 });

const GATEWAY = { hubbleGatewayUrl: 'http://hubble-gateway.kube-system.svc:8090' };

stubCanvasMeasureText();
beforeAll(() => {
  installGrafanaRuntime();
  installFakePanels();
});

let calls: GatewayCall[];
beforeEach(() => {
  setAppSettings(GATEWAY);
  calls = installGatewayTransport(recordedDemoGateway);
});
afterEach(() => setAppSettings({}));

const connectivityCalls = () => calls.filter((c) => c.path === '/api/v1/connectivity');
const runnerOf = (scene: EmbeddedScene) => sceneGraph.findByKeyAndType(scene, TROUBLESHOOT_DATA_KEY, SceneQueryRunner);
const pickerOf = (scene: EmbeddedScene) => sceneGraph.findByKeyAndType(scene, PAIR_PICKER_KEY, PairPicker);

/** The Troubleshoot scene opened from a URL query (`source=...&destination=...`), rendered, answered. */
async function open(query: string) {
  const scene = troubleshootScene();
  sceneUtils.syncStateFromSearchParams(scene, new URLSearchParams(query));
  await renderScene(scene);
  return scene;
}

async function openPair(pair: DemoPair) {
  const { from, to } = DEMO_PAIRS[pair];
  const scene = await open(new URLSearchParams({ source: from, destination: to }).toString());
  await screen.findByTestId(testIds.troubleshoot.findings);
  return scene;
}

const finding = (kind: string) => screen.getByTestId(testIds.troubleshoot.finding(kind));
const region = (testId: string) => screen.getByTestId(testId);

describe("Troubleshoot scene with the gateway's recorded answers about the demo cluster", () => {
  it('xwing → deathstar: denied at the deathstar’s ingress, no rule allows it; suggests exactly that rule', async () => {
    const scene = await openPair('xwing-deathstar');
    const report = recordedReport('xwing-deathstar');
    // asked once, for the pair over the time range, through the runner (the query inspector's request)
    const range = sceneGraph.getTimeRange(scene).state.value;
    expect(connectivityCalls().map((c) => c.params)).toEqual([
      {
        from: 'star-wars/xwing',
        to: 'star-wars/deathstar',
        since: range.from.toISOString(),
        until: range.to.toISOString(),
      },
    ]);
    const data = runnerOf(scene).state.data!;
    expect(data.state).toBe(LoadingState.Done);
    expect(data.request?.targets.map((t) => t.queryType)).toEqual([
      GatewayQueryType.Connectivity,
      GatewayQueryType.Flows,
    ]);

    const summary = region(testIds.troubleshoot.summary);
    expect(summary).toHaveTextContent('star-wars/xwing → star-wars/deathstar');
    expect(
      within(summary).getByText(`DROPPED ${report.verdicts.from_to.DROPPED.toLocaleString('en-US')}`)
    ).toBeInTheDocument();

    // worst first: the policy drop, then the forwarded SYNs at the xwing's egress
    const kinds = within(region(testIds.troubleshoot.findings))
      .getAllByTestId(/^data-testid troubleshoot-finding-/)
      .map((e) => e.getAttribute('data-testid')!.replace('data-testid troubleshoot-finding-', ''));
    expect(kinds).toEqual(report.findings.map((f) => f.kind));
    expect(kinds[0]).toBe('policy-denied');
    const denied = finding('policy-denied');
    expect(denied).toHaveTextContent('denied at the ingress of star-wars/deathstar');
    expect(within(denied).getByText('POLICY_DENIED')).toBeInTheDocument();
    expect(within(denied).getByText('verdict at ingress')).toBeInTheDocument();
    expect(within(denied).getByText('star-wars/rule1')).toBeInTheDocument();
    expect(denied).toHaveTextContent('Fix: Add a rule that allows exactly this peer on this port');
    // the example flow opens in the Flows page, filtered to the connection and its verdict
    expect(within(denied).getByText('Open in Flows').closest('a')).toHaveAttribute(
      'href',
      '/a/seed-kubeobs-app/flows?workload=star-wars%2Fxwing&verdict=DROPPED&client=star-wars%2Fxwing&server=star-wars%2Fdeathstar&from=now-15m&to=now'
    );
    // ... and in the details drawer
    fireEvent.click(within(denied).getByRole('button', { name: /Flow details/ }));
    const drawer = await screen.findByTestId(testIds.flows.details);
    expect(within(drawer).getByLabelText('Raw flow JSON').textContent).toBe(
      JSON.stringify(report.findings[0].example_flow, null, 2)
    );

    const policies = region(testIds.troubleshoot.policies);
    expect(within(policies).getByText('star-wars/rule1')).toBeInTheDocument();
    expect(within(policies).getByText('star-wars/ships-egress')).toBeInTheDocument();
    expect(
      within(region(testIds.troubleshoot.dns)).getByText('deathstar.star-wars.svc.cluster.local')
    ).toBeInTheDocument();

    const suggested = region(testIds.troubleshoot.suggestedPolicy);
    expect(suggested).toHaveTextContent('star-wars/allow-xwing-to-deathstar (ingress)');
    const yaml = within(suggested).getByTestId(testIds.troubleshoot.policyYaml).textContent!;
    expect(yaml).toBe(report.suggested_policy!.yaml);
    expect(yaml).toContain('name: allow-xwing-to-deathstar');
    expect(within(suggested).getByRole('button', { name: /Copy YAML/ })).toBeInTheDocument();

    // the timeline panel gets the report's timeline frame: a bucket per step over the window
    const timeline = screen.getByTestId(fakePanelIds.panel('timeseries'));
    const frame = timeline.querySelector(`[data-frame="${GATEWAY_FRAMES.connectivityTimeline}"]`)!;
    expect(Number(frame.getAttribute('data-rows'))).toBeGreaterThanOrEqual(report.timeline.points.length);
  });

  it('podinfo-client → podinfo-backend: an explicit deny rule at the client’s egress; an allow rule would not help', async () => {
    await openPair('client-backend');
    const deny = finding('policy-deny-rule');
    expect(deny).toHaveTextContent('denied at the egress of podinfo/podinfo-client by an explicit deny rule');
    expect(within(deny).getByText('POLICY_DENY')).toBeInTheDocument();
    expect(within(deny).getByText('verdict at egress')).toBeInTheDocument();
    expect(deny).toHaveTextContent('Fix: Narrow or remove the deny rule in podinfo/deny-client-to-backend');
    const policies = region(testIds.troubleshoot.policies);
    const rule = within(policies).getByText('podinfo/deny-client-to-backend').closest('tr')!;
    expect(within(rule).getByText('denied')).toBeInTheDocument();
    expect(within(rule).getByText('egress')).toBeInTheDocument();
    const suggested = region(testIds.troubleshoot.suggestedPolicy);
    expect(within(suggested).getByText('This policy would not let the traffic through')).toBeInTheDocument();
    expect(suggested).toHaveTextContent('Deny rules take precedence over allow rules');
  });

  it('grafana → hooks.ops.internal: the name does not resolve (SERVFAIL), so there is no connection at all', async () => {
    await openPair('grafana-hooks');
    const dns = finding('dns');
    expect(dns).toHaveTextContent('DNS lookups by monitoring/grafana for hooks.ops.internal got SERVFAIL');
    expect(dns).toHaveTextContent('forward');
    expect(finding('no-traffic')).toHaveTextContent('No flows between monitoring/grafana and hooks.ops.internal');
    const answers = within(region(testIds.troubleshoot.dns));
    const servfail = answers.getByText('hooks.ops.internal').closest('tr')!;
    expect(within(servfail).getByText('SERVFAIL')).toBeInTheDocument();
    expect(answers.getAllByText('NXDOMAIN').length).toBeGreaterThan(0);
    expect(region(testIds.troubleshoot.suggestedPolicy)).toHaveTextContent('Nothing to suggest');
    expect(region(testIds.troubleshoot.httpErrors)).toHaveTextContent('No HTTP answers with 4xx or 5xx');
  });

  it('podinfo-client → podinfo-frontend: lists the HTTP error answers between the two, once each', async () => {
    await openPair('client-frontend');
    expect(calls.find((c) => c.path === '/api/v1/flows')!.params).toMatchObject({
      workload: 'podinfo/podinfo-client',
      protocol: 'http',
      http_status: '4+,5+',
      limit: '1000',
    });
    const { from, to } = DEMO_PAIRS['client-frontend'];
    const expected = pairHttpErrors(
      (recorded('demo-http-errors-podinfo-client').body as { flows: HubbleFlow[] }).flows,
      from,
      to
    );
    expect(expected.length).toBeGreaterThan(0);
    const table = region(testIds.troubleshoot.httpErrors);
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(expected.length + 1));
    for (const code of new Set(expected.map((f) => String(f.l7!.http!.code)))) {
      expect(within(table).getAllByText(code).length).toBeGreaterThan(0);
    }
    // one finding per status class, 5xx first
    const http = screen.getAllByTestId(testIds.troubleshoot.finding('http-errors'));
    expect(http.map((e) => e.textContent)).toEqual([
      expect.stringMatching(/with 5xx/),
      expect.stringMatching(/with 4xx/),
    ]);
    expect(region(testIds.troubleshoot.suggestedPolicy)).toHaveTextContent('Nothing to suggest');
  });

  it('before a pair is picked: says what to enter and offers the dropped connections; one click asks', async () => {
    const scene = await open('');
    expect(connectivityCalls()).toEqual([]);
    const summary = region(testIds.troubleshoot.summary);
    expect(summary).toHaveTextContent('Pick a source and a destination');
    const offered = await within(summary).findAllByTestId(testIds.troubleshoot.droppedPair);
    const pairs = droppedPairs(recordedMap('demo-service-map'));
    expect(offered.map((e) => e.textContent)).toEqual(
      pairs.map((p) => `${p.source} → ${p.destination} (${p.dropped.toLocaleString('en-US')} dropped)`)
    );
    const xwing = offered.find((e) => e.textContent!.startsWith('star-wars/xwing'))!;
    await act(async () => fireEvent.click(within(xwing).getByRole('button')));
    await screen.findByTestId(testIds.troubleshoot.finding('policy-denied'));
    expect(connectivityCalls()[0].params).toMatchObject({ from: 'star-wars/xwing', to: 'star-wars/deathstar' });
    // the pair is in the URL, so a link reproduces the view
    expect(pickerOf(scene).getUrlState()).toEqual({ source: 'star-wars/xwing', destination: 'star-wars/deathstar' });
  });

  it('offers the workloads and DNS names the gateway saw, grouped by namespace; swaps the sides', async () => {
    const scene = await open('source=star-wars%2Fxwing&destination=star-wars%2Fdeathstar');
    await screen.findByTestId(testIds.troubleshoot.finding('policy-denied'));
    // the options come from the picker's own queries: the service map over the range and the namespaces
    expect(calls.filter((c) => c.path === '/api/v1/service-map')).toHaveLength(1);
    expect(calls.filter((c) => c.path === '/api/v1/namespaces')).toHaveLength(1);
    const options = pairOptions(
      serviceMapOf(pickerOf(scene).state.$data.state.data!.series),
      namespacesOf(pickerOf(scene).state.$data.state.data!.series)
    );
    expect(options).toContainEqual(
      expect.objectContaining({
        value: 'star-wars/deathstar',
        group: 'star-wars',
        description: expect.stringMatching(/^Deployment · \d+ flows$/),
      })
    );
    // grouped by namespace, in the order the gateway lists the namespaces
    const groups = [...new Set(options.map((o) => o.group))];
    expect(groups).toEqual(['kube-system', 'monitoring', 'podinfo', 'star-wars']);

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Swap source and destination' })));
    expect(pickerOf(scene).state).toMatchObject({ source: 'star-wars/deathstar', destination: 'star-wars/xwing' });
    await waitFor(() =>
      expect(connectivityCalls().at(-1)!.params).toMatchObject({ from: 'star-wars/deathstar', to: 'star-wars/xwing' })
    );
  });

  it('a side the gateway would reject is not sent: the error says what is wrong and what is accepted', async () => {
    await open('source=deathstar&destination=star-wars%2Fxwing');
    const alert = await screen.findByTestId(testIds.gateway.error);
    expect(connectivityCalls()).toEqual([]);
    expect(alert).toHaveTextContent('Not sent: the gateway would reject "from"');
    expect(alert).toHaveTextContent(
      'a bare name is ambiguous: "deathstar"; give namespace/name or a DNS name with a dot'
    );
    // the picker marks the side
    expect(
      within(screen.getByTestId(testIds.troubleshoot.side('Source'))).getByText(/a bare name is ambiguous/)
    ).toBeInTheDocument();
  });

  it('a 400 from the gateway (whose rules may differ from this version of the app) names the parameter', async () => {
    calls = installGatewayTransport(() => recorded('error-400-connectivity-from'));
    await open('source=star-wars%2Fdeathstar&destination=star-wars%2Fxwing');
    const alert = await screen.findByTestId(testIds.gateway.error);
    expect(connectivityCalls()).toHaveLength(1);
    expect(alert).toHaveTextContent('The gateway rejected the parameter "from"');
    expect(alert).toHaveTextContent('Allowed: namespace/workload (star-wars/deathstar)');
  });

  it('an unreachable gateway says what to check, and Retry asks again', async () => {
    installGatewayTransport(() => {
      throw new Error('connect ECONNREFUSED 10.96.0.42:8090');
    });
    await open('source=star-wars%2Fxwing&destination=star-wars%2Fdeathstar');
    const alert = await screen.findByTestId(testIds.gateway.error);
    expect(alert).toHaveTextContent('Grafana could not reach the gateway');
    expect(alert).toHaveTextContent('Check the Gateway URL');
    calls = installGatewayTransport(recordedDemoGateway);
    await act(async () => fireEvent.click(within(alert).getByRole('button', { name: /Retry/ })));
    await screen.findByTestId(testIds.troubleshoot.finding('policy-denied'));
    expect(connectivityCalls()).toHaveLength(1);
  });
});
