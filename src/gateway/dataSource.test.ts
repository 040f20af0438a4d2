import { DataFrame, LoadingState, PanelData } from '@grafana/data';
import {
  CustomVariable,
  EmbeddedScene,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneTimeRange,
  SceneVariableSet,
} from '@grafana/scenes';
import { setAppSettings } from '../settings';
import { installGrafanaRuntime } from '../test/grafanaRuntime';
import { GatewayCall, installGatewayTransport } from '../test/gateway/gatewayTransport';
import { recorded, recordedFlows, recordedGateway, recordedMap } from '../test/gateway/recorded';
import { GATEWAY_DS, gatewayQueryRunner } from './dataSource';
import { gatewayErrorOf } from './errors';
import { GATEWAY_FRAMES, flowsOf, namespacesOf, serviceMapOf, statusOf } from './frames';
import { GatewayQuery, GatewayQueryType } from './query';
import { FOLLOW_INTERVAL_MS, keepNamespaces } from './queryRunners';

const GATEWAY = { hubbleGatewayUrl: 'http://hubble-gateway.kube-system.svc:8090' };

/** A scene holding only a runner of `queries`, its time range and variables, activated as rendering would. */
function run(queries: GatewayQuery[], variables: CustomVariable[] = []) {
  const runner = gatewayQueryRunner('test-data', queries);
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: '2026-11-22T01:45:40Z', to: '2026-11-22T02:45:40Z' }),
    $variables: new SceneVariableSet({ variables }),
    $data: runner,
    body: new SceneFlexLayout({ children: [] }),
  });
  const deactivate = scene.activate();
  return { runner, deactivate };
}

/** Waits until the runner holds an answer (Done, Error or Streaming) and returns it. */
async function answered(runner: SceneQueryRunner): Promise<PanelData> {
  const done = [LoadingState.Done, LoadingState.Error, LoadingState.Streaming];
  await waitFor(() => done.includes(runner.state.data?.state as LoadingState));
  return runner.state.data!;
}

async function waitFor(check: () => boolean, what = 'the condition') {
  for (let i = 0; i < 500 && !check(); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  if (!check()) {
    throw new Error(`timed out waiting for ${what}`);
  }
}

const frame = (series: DataFrame[], name: string) => series.find((f) => f.name === name)!;

beforeAll(installGrafanaRuntime);

describe('Hubble gateway data source', () => {
  let calls: GatewayCall[];
  beforeEach(() => {
    setAppSettings(GATEWAY);
    calls = installGatewayTransport(recordedGateway);
  });
  afterEach(() => setAppSettings({}));

  it('is a runtime data source the runner finds by its reference', () => {
    expect(gatewayQueryRunner('x', []).state.datasource).toEqual(GATEWAY_DS);
  });

  it('flows: asks for the time range with the valid filters, names the others, and returns the flows frame', async () => {
    const { runner, deactivate } = run([
      { refId: 'flows', queryType: GatewayQueryType.Flows, protocol: ['http'], httpStatus: ['5xx'], limit: 40 },
    ]);
    const data = await answered(runner);
    deactivate();
    expect(data.state).toBe(LoadingState.Done);
    expect(calls).toEqual([
      {
        path: '/api/v1/flows',
        params: { protocol: 'http', since: '2026-11-22T01:45:40.000Z', until: '2026-11-22T02:45:40.000Z', limit: '40' },
        requestId: `${data.request!.requestId}-flows`,
      },
    ]);
    const flows = frame(data.series, GATEWAY_FRAMES.flows);
    expect(flows.refId).toBe('flows');
    expect(flows.fields.map((f) => f.name)).toEqual(['time', 'verdict', 'source', 'destination', 'flow']);
    expect(flowsOf(data.series)).toEqual(recordedFlows('flows-http'));
    expect(flows.meta?.notices).toEqual([
      {
        severity: 'warning',
        text: 'http_status=5xx was not sent: the gateway accepts HTTP status codes or prefixes as Hubble: 404, 5+, 40+.',
      },
    ]);
  });

  it('flows: replaces variables in the filters (several values of a list filter become several items)', async () => {
    const { runner, deactivate } = run(
      [{ refId: 'flows', queryType: GatewayQueryType.Flows, namespace: '$ns', verdict: ['$verdicts'] }],
      [
        new CustomVariable({ name: 'ns', query: 'kube-system', value: 'kube-system', text: 'kube-system' }),
        new CustomVariable({
          name: 'verdicts',
          query: 'FORWARDED,DROPPED',
          value: ['FORWARDED', 'DROPPED'],
          text: ['FORWARDED', 'DROPPED'],
          isMulti: true,
        }),
      ]
    );
    await answered(runner);
    deactivate();
    expect(calls[0].params).toMatchObject({ namespace: 'kube-system', verdict: 'FORWARDED,DROPPED' });
  });

  it('service map: one namespace goes to the gateway, several are kept here, All is every namespace', async () => {
    const query = (namespace: string): GatewayQuery => ({
      refId: 'map',
      queryType: GatewayQueryType.ServiceMap,
      namespace,
    });
    let r = run([query('bookinfo')]);
    let data = await answered(r.runner);
    r.deactivate();
    expect(calls.pop()!.params.namespace).toBe('bookinfo');
    expect(serviceMapOf(data.series)).toEqual(recordedMap('service-map-bookinfo'));
    expect(frame(data.series, GATEWAY_FRAMES.nodes).fields.map((f) => f.name)).toContain('workload_kind');

    r = run([query('jaeger,istio-system')]);
    data = await answered(r.runner);
    r.deactivate();
    expect(calls.pop()!.params.namespace).toBeUndefined();
    const kept = serviceMapOf(data.series);
    expect(kept).toEqual(keepNamespaces(recordedMap('service-map'), ['jaeger', 'istio-system']));
    const namespaceOf = new Map(kept.nodes.map((n) => [n.id, n.namespace]));
    expect(kept.edges.length).toBeGreaterThan(0);
    expect(kept.edges.length).toBeLessThan(recordedMap('service-map').edges.length);
    const touches = (id: string) => ['jaeger', 'istio-system'].includes(namespaceOf.get(id) ?? '');
    expect(kept.edges.filter((e) => !touches(e.source) && !touches(e.target))).toEqual([]);

    for (const all of ['.*', '$__all', '']) {
      r = run([query(all)]);
      data = await answered(r.runner);
      r.deactivate();
      expect(calls.pop()!.params.namespace).toBeUndefined();
      expect(serviceMapOf(data.series).edges).toHaveLength(recordedMap('service-map').edges.length);
    }
  });

  it('service map: counts cover the range asked for when the gateway sends no window', async () => {
    installGatewayTransport(() => ({ status: 200, body: { ...recordedMap('service-map'), window: null } }));
    const { runner, deactivate } = run([{ refId: 'map', queryType: GatewayQueryType.ServiceMap }]);
    const data = await answered(runner);
    deactivate();
    expect(serviceMapOf(data.series).window).toEqual({
      since: '2026-11-22T01:45:40.000Z',
      until: '2026-11-22T02:45:40.000Z',
    });
  });

  it('namespaces and status: one frame each, readable back', async () => {
    const { runner, deactivate } = run([
      { refId: 'ns', queryType: GatewayQueryType.Namespaces },
      { refId: 'status', queryType: GatewayQueryType.Status },
    ]);
    await waitFor(() => (runner.state.data?.series.length ?? 0) === 2, 'both answers');
    deactivate();
    const series = runner.state.data!.series;
    const recordedNamespaces = (recorded('namespaces').body as { namespaces: Array<{ namespace: string }> }).namespaces;
    expect(namespacesOf(series)).toEqual([...new Set(recordedNamespaces.map((n) => n.namespace))]);
    expect(statusOf(series)).toEqual(recorded('status').body);
    expect(frame(series, GATEWAY_FRAMES.status).fields.find((f) => f.name === 'stream')!.values).toEqual(['connected']);
  });

  it("errors say what to fix: Relay down (the gateway's real 503), no Gateway URL (nothing sent)", async () => {
    installGatewayTransport(() => recorded('error-503-status'));
    let r = run([{ refId: 'status', queryType: GatewayQueryType.Status }]);
    let data = await answered(r.runner);
    r.deactivate();
    expect(data.state).toBe(LoadingState.Error);
    expect(data.errors![0].message).toContain('The gateway cannot reach Hubble Relay');
    expect(data.errors![0].message).toContain('hubble.relay.enabled=true');
    expect(data.errors![0].status).toBe(503);
    expect(gatewayErrorOf(data)).toMatchObject({ kind: 'relay-unreachable' });

    setAppSettings({});
    calls = installGatewayTransport(recordedGateway);
    r = run([{ refId: 'flows', queryType: GatewayQueryType.Flows }]);
    data = await answered(r.runner);
    r.deactivate();
    expect(gatewayErrorOf(data)).toMatchObject({ kind: 'not-configured' });
    expect(calls).toEqual([]);
  });

  it('an unknown query type is an error naming the known ones', async () => {
    const { runner, deactivate } = run([{ refId: 'x', queryType: 'hubbleObserve' } as unknown as GatewayQuery]);
    const data = await answered(runner);
    deactivate();
    expect(data.errors![0].message).toBe(
      'Unknown gateway query type "hubbleObserve": use one of flows, serviceMap, namespaces, status, connectivity, policySuggestion.'
    );
  });

  it('a query run again cancels the one in flight: only the newest answer is shown', async () => {
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => (release = resolve));
    installGatewayTransport(async (call) => {
      if (call.params.namespace === 'kube-system') {
        await slow;
      }
      return recordedGateway(call);
    });
    const { runner, deactivate } = run([
      { refId: 'flows', queryType: GatewayQueryType.Flows, namespace: 'kube-system' },
    ]);
    runner.setState({ queries: [{ refId: 'flows', queryType: GatewayQueryType.Flows, protocol: ['dns'] }] });
    runner.runQueries();
    await answered(runner);
    release();
    await new Promise((r) => setTimeout(r, 50));
    deactivate();
    expect(flowsOf(runner.state.data!.series)).toEqual(recordedFlows('flows-dns'));
  });
});

describe('Hubble gateway data source, follow mode', () => {
  beforeEach(() => {
    setAppSettings(GATEWAY);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  });
  afterEach(() => {
    jest.useRealTimers();
    setAppSettings({});
  });

  /** Lets pending promises settle until `check` holds (fake timers leave microtasks alone). */
  const settle = async (check: () => boolean) => {
    for (let i = 0; i < 1000 && !check(); i++) {
      await Promise.resolve();
    }
    expect(check()).toBe(true);
  };

  it('streams the range, then the flows since the newest shown, merged on top; a failed poll keeps the rows', async () => {
    const latest = recordedFlows('flows-latest');
    const newer = { ...latest[1], uuid: 'newer', time: '2099-01-01T00:00:00.000000001Z' };
    const answers = [
      () => ({ status: 200, body: { flows: latest.slice(1) } }),
      () => ({ status: 200, body: { flows: [newer, latest[1]] } }),
      () => recorded('error-503-status'),
    ];
    const calls = installGatewayTransport(() => answers[Math.min(calls.length - 1, answers.length - 1)]());
    const { runner, deactivate } = run([
      { refId: 'flows', queryType: GatewayQueryType.Flows, limit: 60, follow: true },
    ]);
    await settle(() => runner.state.data?.state === LoadingState.Streaming);
    expect(calls[0].params).toEqual({ since: '2026-11-22T01:45:40.000Z', limit: '60' });
    expect(flowsOf(runner.state.data!.series)).toHaveLength(59);

    jest.advanceTimersByTime(FOLLOW_INTERVAL_MS);
    await settle(() => flowsOf(runner.state.data!.series).length === 60);
    // since the newest flow shown, no until; the repeated flow is not shown twice
    expect(calls[1].params).toEqual({ since: latest[1].time, limit: '60' });
    expect(flowsOf(runner.state.data!.series).map((f) => f.uuid)).toEqual([
      'newer',
      ...latest.slice(1).map((f) => f.uuid),
    ]);

    jest.advanceTimersByTime(FOLLOW_INTERVAL_MS);
    await settle(() => runner.state.data?.state === LoadingState.Error);
    expect(calls[2].params.since).toBe(newer.time);
    expect(runner.state.data?.state).toBe(LoadingState.Error);
    expect(gatewayErrorOf(runner.state.data)).toMatchObject({ kind: 'relay-unreachable' });
    expect(flowsOf(runner.state.data!.series)).toHaveLength(60);

    // cancelled with the scene: no more polls
    deactivate();
    jest.advanceTimersByTime(5 * FOLLOW_INTERVAL_MS);
    await settle(() => true);
    expect(calls).toHaveLength(3);
  });
});
