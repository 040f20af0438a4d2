import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { LoadingState } from '@grafana/data';
import { EmbeddedScene, SceneAppPage, SceneQueryRunner, sceneGraph, sceneUtils } from '@grafana/scenes';
import { testIds } from '../../components/testIds';
import { setAppSettings } from '../../settings';
import { GatewayCall, installGatewayTransport } from '../../test/gateway/gatewayTransport';
import { queryModeGateway, recorded, recordedFlows, recordedGateway } from '../../test/gateway/recorded';
import { foldObservations } from './observations';
import { shortPodName } from './flowRows';
import { stubCanvasMeasureText } from '../../test/domStubs';
import { renderScene } from '../../test/renderScene';
import { installGrafanaRuntime } from '../../test/grafanaRuntime';
import { FOLLOW_INTERVAL_MS } from '../../gateway/queryRunners';
import { KUBE_DNS_LABEL } from '../../gateway/endpoints';
import { flowsOf } from '../../gateway/frames';
import { FLOW_FILTERS_KEY, FlowFilters } from './FlowFilters';
import { FLOWS_DATA_KEY } from './FlowsTable';
import { flowsPage } from './flowsPage';
import { flowsScene, workloadFlowsScene } from './flowsScene';
import { workloadPage } from '../Workload/workloadPage';

stubCanvasMeasureText();
beforeAll(installGrafanaRuntime);
// Ceilings, not waits (every wait ends when its condition holds): rendering a 50-row table with
// Grafana UI takes seconds on a quiet 2-core machine and took over 30 s per test at load 15.
jest.setTimeout(120000);
configure({ asyncUtilTimeout: 30000 });

const GATEWAY = { hubbleGatewayUrl: 'http://hubble-gateway.kube-system.svc:8090' };

function filtersOf(scene: EmbeddedScene): FlowFilters {
  return sceneGraph.findByKeyAndType(scene, FLOW_FILTERS_KEY, FlowFilters);
}

/** The Flows table's query runner (gateway data source). */
function runnerOf(scene: EmbeddedScene): SceneQueryRunner {
  return sceneGraph.findByKeyAndType(scene, FLOWS_DATA_KEY, SceneQueryRunner);
}

/** Renders the scene and waits for the table with the first answer. */
async function renderFlows(scene: EmbeddedScene) {
  const view = await renderScene(scene);
  await screen.findByTestId(testIds.flows.table);
  return view;
}

const lastFlowsCall = (calls: GatewayCall[]) => [...calls].reverse().find((c) => c.path === '/api/v1/flows')!;

describe("Flows scene with the gateway's recorded answers", () => {
  let calls: GatewayCall[];

  beforeEach(() => {
    setAppSettings(GATEWAY);
    calls = installGatewayTransport(recordedGateway);
  });
  afterEach(() => setAppSettings({}));

  it("renders one row per flow with Hubble UI's columns, asking for the time range", async () => {
    const scene = flowsScene();
    await renderFlows(scene);
    const flows = recordedFlows('flows-latest');
    expect(screen.getByTestId(testIds.flows.count)).toHaveTextContent(`${flows.length} flows shown`);
    const table = screen.getByTestId(testIds.flows.table);
    for (const header of ['Time', 'Source', 'Destination', 'Dst port', 'L7 info', 'Verdict', 'Observed at']) {
      expect(within(table).getByText(header)).toBeInTheDocument();
    }
    // each drop-down is named by its label (what screen readers and the page objects use)
    for (const label of ['Namespace', 'Verdict', 'Protocol', 'Direction', 'Limit']) {
      expect(screen.getByRole('combobox', { name: label })).toBeInTheDocument();
    }
    // 50 rows per page
    await waitFor(() => expect(within(table).getAllByLabelText('Flow details')).toHaveLength(50));
    const call = lastFlowsCall(calls);
    const range = sceneGraph.getTimeRange(scene).state.value;
    expect(call.params).toEqual({ since: range.from.toISOString(), until: range.to.toISOString(), limit: '100' });
    // source cells link to the pod page (the captures carry no workloads)
    const first = flows[0];
    if (first.source?.pod_name) {
      expect(within(table).getAllByText(first.source.pod_name)[0].closest('a')).toHaveAttribute(
        'href',
        expect.stringContaining(`/pod/${first.source.pod_name}`)
      );
    }
  });

  it('says nothing about the mode while the gateway follows every flow; explains query mode when it is in it', async () => {
    const following = await renderFlows(flowsScene());
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/status')).toBe(true));
    expect(screen.queryByTestId(testIds.gateway.modeNotice)).not.toBeInTheDocument();
    following.unmount();

    installGatewayTransport(queryModeGateway);
    await renderFlows(flowsScene());
    const notice = await screen.findByTestId(testIds.gateway.modeNotice);
    expect(notice).toHaveTextContent('Large-cluster mode: flows are read from Hubble Relay per request');
    expect(notice).toHaveTextContent('(cluster flow rate: 61,000 flows/s)');
    // the flows are still shown: query mode changes where they come from, not the table
    expect(screen.getByTestId(testIds.flows.count)).toHaveTextContent(
      `${recordedFlows('flows-latest').length} flows shown`
    );
  });

  it('sends each filter as its gateway parameter, and only valid ones', async () => {
    const scene = flowsScene();
    await renderFlows(scene);
    const filters = filtersOf(scene);
    await act(async () => {
      filters.setState({
        namespace: 'kube-system',
        verdict: ['FORWARDED', 'REDIRECTED'],
        protocol: ['tcp'],
        trafficDirection: 'egress',
        limit: 250,
      });
    });
    await waitFor(() =>
      expect(lastFlowsCall(calls).params).toMatchObject({
        namespace: 'kube-system',
        verdict: 'FORWARDED,REDIRECTED',
        protocol: 'tcp',
        traffic_direction: 'egress',
        limit: '250',
      })
    );
    // typed into the bar: applied on blur; an invalid value is marked and not sent
    fireEvent.change(screen.getByLabelText('HTTP status'), { target: { value: '5xx' } });
    fireEvent.blur(screen.getByLabelText('HTTP status'));
    await waitFor(() => expect(filters.state.httpStatus).toEqual(['5xx']));
    expect(screen.getByText('Not sent: use 404, 5+, 40+')).toBeInTheDocument();
    expect(lastFlowsCall(calls).params.http_status).toBeUndefined();
    fireEvent.change(screen.getByLabelText('HTTP status'), { target: { value: '5+' } });
    fireEvent.blur(screen.getByLabelText('HTTP status'));
    await waitFor(() => expect(lastFlowsCall(calls).params.http_status).toBe('5+'));
    fireEvent.change(screen.getByLabelText('Pod'), { target: { value: 'kube-system/kube-dns' } });
    fireEvent.keyDown(screen.getByLabelText('Pod'), { key: 'Enter' });
    await waitFor(() => expect(lastFlowsCall(calls).params.pod).toBe('kube-system/kube-dns'));
    fireEvent.change(screen.getByLabelText('DNS query'), { target: { value: 'cluster\\.local' } });
    fireEvent.blur(screen.getByLabelText('DNS query'));
    await waitFor(() => expect(lastFlowsCall(calls).params.dns_query).toBe('cluster\\.local'));
  });

  it('opens filtered from the URL and writes filter changes back to it', async () => {
    const scene = flowsScene();
    sceneUtils.syncStateFromSearchParams(
      scene,
      new URLSearchParams(
        'namespace=kube-system&verdict=FORWARDED&hide=kube-dns&client=kube-system%2Fkube-dns&server=reserved%3Ahost&follow=false'
      )
    );
    const filters = filtersOf(scene);
    expect(filters.values()).toMatchObject({
      namespace: 'kube-system',
      verdict: ['FORWARDED'],
      hide: ['kube-dns'],
      client: 'kube-system/kube-dns',
      server: 'reserved:host',
    });
    await renderFlows(scene);
    expect(lastFlowsCall(calls).params).toMatchObject({ namespace: 'kube-system', verdict: 'FORWARDED' });
    expect(screen.getByText('kube-system/kube-dns → reserved:host')).toBeInTheDocument();
    act(() => filters.setFilter('protocol', ['udp', 'dns']));
    expect(sceneUtils.getUrlState(scene)).toMatchObject({
      namespace: 'kube-system',
      verdict: 'FORWARDED',
      protocol: 'udp,dns',
      hide: 'kube-dns',
      client: 'kube-system/kube-dns',
    });
    // the change is a new request, answered like the first
    await waitFor(() => {
      const data = runnerOf(scene).state.data;
      expect(data?.state).toBe(LoadingState.Done);
      expect(data?.request?.targets).toEqual([expect.objectContaining({ protocol: ['udp', 'dns'] })]);
    });
    expect(lastFlowsCall(calls).params).toMatchObject({ protocol: 'udp,dns' });
  });

  it('hides kube-dns, host and remote-node traffic in the browser, without a new request', async () => {
    const scene = flowsScene();
    sceneUtils.syncStateFromSearchParams(scene, new URLSearchParams('namespace=kube-system'));
    await renderFlows(scene);
    const flows = recordedFlows('flows-kube-system');
    const dns = flows.filter((f) => [f.source, f.destination].some((e) => e?.labels?.includes(KUBE_DNS_LABEL))).length;
    expect(dns).toBeGreaterThan(0);
    const requests = calls.length;
    fireEvent.click(screen.getByLabelText('Hide kube-dns'));
    await waitFor(() =>
      expect(screen.getByTestId(testIds.flows.count)).toHaveTextContent(
        `${flows.length - dns} flows shown, ${dns} hidden`
      )
    );
    expect(calls.length).toBe(requests);
    expect(filtersOf(scene).state.hide).toEqual(['kube-dns']);
  });

  it('opens a details drawer with labels, IPs, L7, policies and the raw JSON', async () => {
    const scene = flowsScene();
    sceneUtils.syncStateFromSearchParams(scene, new URLSearchParams('protocol=http'));
    await renderFlows(scene);
    const flow = recordedFlows('flows-http')[0];
    fireEvent.click(
      within(screen.getByTestId(testIds.flows.row(flow.uuid ?? `${flow.time}#0`))).getByLabelText('Flow details')
    );
    const drawer = await screen.findByTestId(testIds.flows.details);
    for (const section of ['Summary', 'Source', 'Destination', 'HTTP', 'Policies', 'Raw JSON']) {
      expect(within(drawer).getByRole('region', { name: section })).toBeInTheDocument();
    }
    const source = within(drawer).getByRole('region', { name: 'Source' });
    expect(within(source).getByText(flow.IP!.source!)).toBeInTheDocument();
    for (const label of flow.source?.labels ?? []) {
      expect(within(source).getByText(label)).toBeInTheDocument();
    }
    expect(within(drawer).getByText(flow.l7!.http!.url!)).toBeInTheDocument();
    expect(within(drawer).getByLabelText('Raw flow JSON').textContent).toBe(JSON.stringify(flow, null, 2));
    expect(within(drawer).getByText(/No policy names on this flow/)).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText(/close/i));
    await waitFor(() => expect(screen.queryByTestId(testIds.flows.details)).not.toBeInTheDocument());
  });

  it("shows the demo cluster's dropped flows: drop reasons, the deny rule that decided, workload links, Why?", async () => {
    let scene = flowsScene();
    sceneUtils.syncStateFromSearchParams(scene, new URLSearchParams('verdict=DROPPED'));
    let view = await renderFlows(scene);
    expect(lastFlowsCall(calls).params.verdict).toBe('DROPPED');
    const flows = recordedFlows('demo-flows-dropped');
    // each denied SYN is a policy verdict and a drop event at the server's ingress: one row each
    const rows = foldObservations(flows);
    expect(rows).toHaveLength(flows.length / 2);
    const table = screen.getByTestId(testIds.flows.table);
    await waitFor(() => expect(within(table).getAllByText(/^Policy den(y|ied)$/)).toHaveLength(rows.length));
    expect(within(table).getAllByText('ingress · 2 events')).toHaveLength(rows.length);
    // every dropped row asks why, on the Troubleshoot page, over the Flows page's time range
    expect(within(table).getAllByTestId(testIds.troubleshoot.why)).toHaveLength(rows.length);
    const noAllowRule = rows.map((g) => g.shown).find((f) => f.drop_reason_desc === 'POLICY_DENIED')!;
    const row = screen.getByTestId(testIds.flows.row(noAllowRule.uuid!)).closest('tr')!;
    expect(within(row).getByTestId(testIds.troubleshoot.why)).toHaveAttribute(
      'href',
      '/a/seed-kubeobs-app/troubleshoot?source=star-wars%2Fxwing&destination=star-wars%2Fdeathstar&from=now-15m&to=now'
    );
    // Cilium named the workloads: source and destination open their workload pages
    // pod names shortened by their workload's name (xwing-frd5589ph-rl9gz → xwing-…-rl9gz)
    const podName = noAllowRule.source!.pod_name!;
    expect(within(row).getByText(shortPodName(podName, 'xwing')).closest('a')).toHaveAttribute(
      'href',
      '/a/seed-kubeobs-app/cluster/namespace/star-wars/workload/Deployment/xwing'
    );
    view.unmount();

    // an explicit deny rule names itself on the flow (egress_denied_by), and the drawer asks why too
    scene = flowsScene();
    // unfolded: the row of the very flow that names the rule
    sceneUtils.syncStateFromSearchParams(
      scene,
      new URLSearchParams('verdict=DROPPED&workload=podinfo/podinfo-client&fold=false')
    );
    view = await renderFlows(scene);
    const denyRule = recordedFlows('demo-flows-dropped-client').find((f) => f.drop_reason_desc === 'POLICY_DENY')!;
    fireEvent.click(
      within(await screen.findByTestId(testIds.flows.row(denyRule.uuid!))).getByLabelText('Flow details')
    );
    const drawer = await screen.findByTestId(testIds.flows.details);
    const policies = within(drawer).getByRole('region', { name: 'Policies' });
    const denied = denyRule.egress_denied_by![0];
    expect(within(policies).getByText('Egress denied by')).toBeInTheDocument();
    expect(within(policies).getByText(`${denied.kind} ${denied.namespace}/${denied.name}`)).toBeInTheDocument();
    const summary = within(drawer).getByRole('region', { name: 'Summary' });
    expect(within(summary).getByText('Policy deny (POLICY_DENY)')).toBeInTheDocument();
    expect(within(summary).getByTestId(testIds.troubleshoot.why)).toHaveAttribute(
      'href',
      '/a/seed-kubeobs-app/troubleshoot?source=podinfo%2Fpodinfo-client&destination=podinfo%2Fpodinfo-backend&from=now-15m&to=now'
    );
  });

  it('folds the observations of one packet into one row, keeps each in the drawer, and unfolds on request', async () => {
    const scene = flowsScene();
    sceneUtils.syncStateFromSearchParams(scene, new URLSearchParams('verdict=DROPPED'));
    await renderFlows(scene);
    const flows = recordedFlows('demo-flows-dropped');
    const table = screen.getByTestId(testIds.flows.table);
    await waitFor(() =>
      expect(screen.getByTestId(testIds.flows.count)).toHaveTextContent(
        `${flows.length} flows shown in ${flows.length / 2} rows (${flows.length / 2} more observations`
      )
    );
    fireEvent.click(within(table).getAllByLabelText('Flow details')[0]);
    const drawer = await screen.findByTestId(testIds.flows.details);
    const observations = within(drawer).getByRole('region', { name: 'Observations' });
    // the policy verdict and the drop event, on the server's node
    expect(within(observations).getByText(/ingress on kind-worker\d \(policy verdict/)).toBeInTheDocument();
    expect(within(observations).getByText(/ingress on kind-worker\d \(drop/)).toBeInTheDocument();
    const summary = () => within(drawer).getByRole('region', { name: 'Summary' });
    const shownUuid = within(summary()).getByText(/^[0-9a-f-]{36}$/).textContent;
    fireEvent.click(within(observations).getByRole('button', { name: 'Show this observation' }));
    await waitFor(() => expect(within(summary()).getByText(/^[0-9a-f-]{36}$/).textContent).not.toBe(shownUuid));

    await act(async () => filtersOf(scene).setFilter('fold', false));
    await waitFor(() => expect(within(table).getAllByLabelText('Flow details')).toHaveLength(flows.length));
    expect(filtersOf(scene).getUrlState()).toMatchObject({ fold: 'false' });
  });

  it('links an HTTP flow carrying a W3C trace context to its trace', async () => {
    const scene = flowsScene();
    sceneUtils.syncStateFromSearchParams(scene, new URLSearchParams('namespace=podinfo&protocol=http&fold=false'));
    await renderFlows(scene);
    const flow = recordedFlows('demo-flows-podinfo-http').find(
      (f) => f.trace_context?.parent?.trace_id && f.l7?.type === 'REQUEST'
    )!;
    fireEvent.click(within(screen.getByTestId(testIds.flows.row(flow.uuid!))).getByLabelText('Flow details'));
    const drawer = await screen.findByTestId(testIds.flows.details);
    const traceId = flow.trace_context!.parent!.trace_id!;
    expect(within(drawer).getByTestId(testIds.correlation.flowTrace)).toHaveAttribute(
      'href',
      expect.stringContaining(`var-traceId=${traceId}`)
    );
    expect(within(drawer).getByTestId(testIds.correlation.flowTrace)).toHaveTextContent(traceId);
    // both sides are podinfo pods: each links to its logs around the flow
    expect(within(drawer).getByTestId(testIds.correlation.flowLogs('source'))).toHaveAttribute(
      'href',
      expect.stringMatching(
        new RegExp(`/cluster/namespace/podinfo/pod/${flow.source!.pod_name}/logs\\?from=\\d+&to=\\d+`)
      )
    );
    expect(within(drawer).getByTestId(testIds.correlation.flowLogs('destination'))).toBeInTheDocument();
    expect(within(drawer).getByText('traceparent')).toBeInTheDocument();
  });

  it('follow mode polls since the newest flow shown, without until, and merges new flows on top', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const scene = flowsScene();
      await renderFlows(scene);
      const runner = runnerOf(scene);
      const shownFlows = () => flowsOf(runner.state.data?.series ?? []);
      await act(async () => filtersOf(scene).setFilter('follow', true));
      await waitFor(() => expect(lastFlowsCall(calls).params.until).toBeUndefined());
      await waitFor(() => expect(runner.state.data?.state).toBe(LoadingState.Streaming));
      const shown = shownFlows().length;
      const newest = shownFlows()[0].time;
      const polls = installGatewayTransport(() => ({
        status: 200,
        body: { flows: [{ ...recordedFlows('flows-latest')[0], time: '2099-01-01T00:00:00.000000001Z', uuid: 'new' }] },
      }));
      await act(async () => {
        jest.advanceTimersByTime(FOLLOW_INTERVAL_MS);
      });
      await waitFor(() => expect(shownFlows()[0].uuid).toBe('new'));
      expect(polls[0].params).toEqual({ since: newest, limit: '100' });
      expect(polls.every((p) => p.params.until === undefined)).toBe(true);
      expect(shownFlows()).toHaveLength(shown + 1);
      expect(screen.getByTestId(testIds.flows.count)).toHaveTextContent(`${shown + 1} flows shown`);
      expect(screen.getByTestId(testIds.flows.count)).toHaveTextContent('following');
      await act(async () => filtersOf(scene).setFilter('follow', false));
      const before = polls.length;
      await act(async () => {
        jest.advanceTimersByTime(3 * FOLLOW_INTERVAL_MS);
      });
      // the filter change reloaded the range (with until), then polling stopped
      expect(polls[before - 1].params.until).toBeDefined();
      expect(polls.length).toBe(before);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('Flows without a working gateway', () => {
  afterEach(() => setAppSettings({}));

  it('says the gateway is not configured and links to the configuration page, sending nothing', async () => {
    setAppSettings({});
    const calls = installGatewayTransport(recordedGateway);
    const scene = flowsPage().state.getScene!({ params: {}, isExact: true, path: '', url: '' }) as EmbeddedScene;
    await renderScene(scene);
    const message = screen.getByTestId(testIds.gateway.notConfigured);
    expect(message).toHaveTextContent('Hubble gateway not configured');
    expect(within(message).getByText('Open app configuration').closest('a')).toHaveAttribute(
      'href',
      '/plugins/seed-kubeobs-app'
    );
    expect(calls).toEqual([]);
  });

  it("explains an unreachable Relay (the gateway's real 503) and Grafana failing to reach the gateway", async () => {
    setAppSettings(GATEWAY);
    installGatewayTransport(() => recorded('error-503-status'));
    const scene = flowsScene();
    await renderScene(scene);
    const alert = screen.getByTestId(testIds.gateway.error);
    expect(alert).toHaveTextContent('The gateway cannot reach Hubble Relay');
    expect(alert).toHaveTextContent('hubble.relay.enabled=true');
    installGatewayTransport(() => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:8090');
    });
    fireEvent.click(within(alert).getByText('Retry'));
    await waitFor(() =>
      expect(screen.getByTestId(testIds.gateway.error)).toHaveTextContent('Grafana could not reach the gateway')
    );
    expect(screen.getByText('Open app configuration')).toBeInTheDocument();
  });
});

describe('Workload Flows tab', () => {
  afterEach(() => setAppSettings({}));

  it('is a tab of the workload page scoped to the workload (fixed filter, not editable, not in the URL)', async () => {
    setAppSettings(GATEWAY);
    const calls = installGatewayTransport(recordedGateway);
    const page = workloadPage(
      'bookinfo',
      'Deployment',
      'productpage-v1',
      new SceneAppPage({ title: 'p', url: '/p', routePath: 'p' })
    );
    const tab = page.state.tabs!.find((t) => t.state.title === 'Flows')!;
    expect(tab.state.url).toBe(
      '/a/seed-kubeobs-app/cluster/namespace/bookinfo/workload/Deployment/productpage-v1/flows'
    );
    expect(tab.state.routePath).toBe('flows');

    const scene = workloadFlowsScene('bookinfo', 'productpage-v1');
    await renderFlows(scene);
    expect(lastFlowsCall(calls).params).toMatchObject({ workload: 'bookinfo/productpage-v1' });
    expect(screen.queryByLabelText('Workload')).not.toBeInTheDocument();
    const filters = filtersOf(scene);
    filters.setFilter('workload', 'other/thing');
    expect(filters.values().workload).toBe('bookinfo/productpage-v1');
    expect(sceneUtils.getUrlState(scene)).not.toHaveProperty('workload');
  });
});
