import { VariableHide } from '@grafana/schema';
import { VARIABLES } from '../../constants';
import React from 'react';
import { of } from 'rxjs';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import {
  DataFrame,
  DataQueryRequest,
  FieldType,
  LoadingState,
  NodeGraphDataFrameFieldNames as F,
  PanelPlugin,
  PanelProps,
} from '@grafana/data';
import { setDataSourceSrv, setPluginImportUtils, setRunRequest } from '@grafana/runtime';
import {
  ConstantVariable,
  CustomVariable,
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneTimeRange,
  SceneVariableSet,
  VizPanel,
  sceneGraph,
  sceneUtils,
} from '@grafana/scenes';
import { testIds } from '../../components/testIds';
import { setAppSettings } from '../../settings';
import { installGatewayTransport, GatewayCall } from '../../test/gateway/gatewayTransport';
import { queryModeGateway, recorded, recordedGateway, recordedMap } from '../../test/gateway/recorded';
import { serviceMapOf } from '../../gateway/frames';
import { HTTP_REQUESTS, SERVICE_MAP_REFS } from '../../queries/hubble/serviceMap';
import { gatewayQueryRunner } from '../../gateway/dataSource';
import { SERVICE_MAP_QUERY } from '../../queries/hubble/gateway';
import { installGrafanaRuntime } from '../../test/grafanaRuntime';
import { renderScene } from '../../test/renderScene';
import { GATEWAY_MAP_DATA_KEY } from './GatewayMapStatus';
import { mapPanelKey, serviceMapScene } from './serviceMapScene';
import { buildServiceMapScene } from './serviceMapPage';

// jsdom has no layout: give panels a size so the panel body renders (VizPanel measures with react-use)
jest.mock('react-use', () => ({
  ...jest.requireActual('react-use'),
  useMeasure: () => [() => undefined, { width: 1000, height: 600, x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0 }],
}));

// a busy 2-core machine renders Grafana UI slowly
jest.setTimeout(30000);
configure({ asyncUtilTimeout: 10000 });
const GATEWAY = { hubbleGatewayUrl: 'http://hubble-gateway.kube-system.svc:8090' };

/**
 * The node graph panel is Grafana's own; in Jest a runtime panel with the same id stands in. It
 * renders what the real one reads: the frames' rows and, per row, the data link Grafana builds
 * from the field config (interpolated by the panel: `${__data.fields.url}${__url_time_range}`).
 */
function NodeGraphStub({ data }: PanelProps) {
  return (
    <div data-testid="node-graph">
      {data.series.map((frame) => (
        <ul key={frame.name} data-testid={`frame-${frame.name}`}>
          {Array.from({ length: frame.length }, (_, i) => {
            const id = frame.fields[0];
            const link = id.getLinks?.({ valueRowIndex: i })[0];
            return (
              <li key={i}>
                <a href={link?.href}>{String(id.values[i])}</a>
              </li>
            );
          })}
        </ul>
      ))}
    </div>
  );
}

beforeAll(() => {
  installGrafanaRuntime();
  setPluginImportUtils({
    importPanelPlugin: (id: string) => Promise.reject(new Error(`no panel plugin ${id} in tests`)),
    getPanelPluginFromCache: () => undefined,
  });
  sceneUtils.registerRuntimePanelPlugin({ pluginId: 'nodeGraph', plugin: new PanelPlugin(NodeGraphStub) });
});

/** The live map's query runner (gateway data source). */
function gatewayRunner(scene: EmbeddedScene): SceneQueryRunner {
  return sceneGraph.findByKeyAndType(scene, GATEWAY_MAP_DATA_KEY, SceneQueryRunner);
}

/** What the live map's node graph panel receives: the runner's frames turned into node graph frames. */
function gatewayPanelData(scene: EmbeddedScene) {
  return sceneGraph.getData(sceneGraph.findByKeyAndType(scene, mapPanelKey('gateway'), VizPanel)).state.data;
}

const lastMapCall = (calls: GatewayCall[]) => [...calls].reverse().find((c) => c.path === '/api/v1/service-map')!;
const frame = (frames: DataFrame[], name: string) => frames.find((f) => f.name === name)!;
const column = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name)!.values;

describe('Service map scene, gateway source (recorded real answers)', () => {
  let calls: GatewayCall[];
  beforeEach(() => {
    setAppSettings(GATEWAY);
    calls = installGatewayTransport(recordedGateway);
  });
  afterEach(() => setAppSettings({}));

  it('renders the node graph with a node per gateway node and an edge per gateway edge', async () => {
    const scene = serviceMapScene({ sources: ['gateway'], prometheus: false });
    await renderScene(scene);
    const map = recordedMap('service-map');
    expect(gatewayRunner(scene).state.data?.state).toBe(LoadingState.Done);
    const series = gatewayPanelData(scene)!.series;
    expect(frame(series, 'nodes').length).toBe(map.nodes.length);
    expect(frame(series, 'edges').length).toBe(map.edges.length);
    expect(column(frame(series, 'edges'), F.source)).toEqual(map.edges.map((e) => e.source));
    // the request covers the scene's time range
    const range = sceneGraph.getTimeRange(scene).state.value;
    expect(lastMapCall(calls)).toMatchObject({
      path: '/api/v1/service-map',
      params: { since: range.from.toISOString(), until: range.to.toISOString() },
    });
    // the panel is Grafana's node graph and received both frames
    const panel = sceneGraph.findByKeyAndType(scene, mapPanelKey('gateway'), VizPanel);
    expect(panel.state.pluginId).toBe('nodeGraph');
    const nodes = await screen.findByTestId('frame-nodes');
    expect(within(nodes).getAllByRole('listitem')).toHaveLength(map.nodes.length);
    expect(within(screen.getByTestId('frame-edges')).getAllByRole('listitem')).toHaveLength(map.edges.length);
  });

  it('says above the live map when the gateway is in query mode that it shows a sample, and where the whole map is', async () => {
    installGatewayTransport(queryModeGateway);
    await renderScene(serviceMapScene({ sources: ['gateway'], prometheus: false }));
    const notice = await screen.findByTestId(testIds.gateway.modeNotice);
    expect(notice).toHaveTextContent('Large-cluster mode: the live map shows a sample');
    expect(notice).toHaveTextContent('Pick the Source "Hubble metrics" for the whole map');
  });

  it('links a node to its page and an edge to the Flows page filtered to the pair, keeping the time range', async () => {
    const scene = serviceMapScene({ sources: ['gateway'], prometheus: false });
    await renderScene(scene);
    const edges = await screen.findByTestId('frame-edges');
    const edge = within(edges).getByText('bookinfo/productpage-v1->bookinfo/details-v1').closest('a')!;
    const href = new URL(edge.getAttribute('href')!, 'http://grafana');
    expect(href.pathname).toBe('/a/seed-kubeobs-app/flows');
    expect(Object.fromEntries(href.searchParams)).toMatchObject({
      workload: 'bookinfo/productpage-v1',
      client: 'bookinfo/productpage-v1',
      server: 'bookinfo/details-v1',
      from: expect.any(String),
      to: expect.any(String),
    });
    const node = within(screen.getByTestId('frame-nodes')).getByText('bookinfo/details-v1').closest('a')!;
    expect(node.getAttribute('href')).toMatch(/^\/a\/seed-kubeobs-app\/cluster\/namespace\/bookinfo\?from=.+&to=.+/);
    const world = within(screen.getByTestId('frame-nodes')).getByText('reserved:world').closest('a')!;
    expect(world.getAttribute('href')).toMatch(/^\/a\/seed-kubeobs-app\/flows\?client=reserved:world&from=/);
  });

  it('sends one chosen namespace to the gateway and re-fetches when it or the time range changes', async () => {
    const scene = new EmbeddedScene({
      $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
      $variables: new SceneVariableSet({
        variables: [
          new CustomVariable({
            name: 'namespace',
            query: 'bookinfo,kube-system',
            value: 'bookinfo',
            text: 'bookinfo',
            isMulti: true,
          }),
        ],
      }),
      body: new SceneFlexLayout({
        children: [
          new SceneFlexItem({
            body: new VizPanel({
              pluginId: 'nodeGraph',
              $data: gatewayQueryRunner(GATEWAY_MAP_DATA_KEY, [SERVICE_MAP_QUERY]),
            }),
          }),
        ],
      }),
    });
    await renderScene(scene);
    expect(lastMapCall(calls).params.namespace).toBe('bookinfo');
    expect(serviceMapOf(gatewayRunner(scene).state.data!.series).edges).toHaveLength(
      recordedMap('service-map-bookinfo').edges.length
    );
    const variable = sceneGraph.lookupVariable('namespace', scene) as CustomVariable;
    await act(async () => variable.changeValueTo(['bookinfo', 'kube-system']));
    await waitFor(() => expect(lastMapCall(calls).params.namespace).toBeUndefined());
    const n = calls.length;
    await act(async () => sceneGraph.getTimeRange(scene).onRefresh());
    await waitFor(() => expect(calls.length).toBe(n + 1));
  });

  it('says the gateway is not configured (with the configuration link) instead of a map', async () => {
    setAppSettings({});
    const scene = serviceMapScene({ sources: ['gateway'], prometheus: false });
    await renderScene(scene);
    const message = await screen.findByTestId(testIds.gateway.notConfigured);
    expect(message).toHaveTextContent('Live service map: Hubble gateway not configured');
    expect(within(message).getByText('Open app configuration').closest('a')).toHaveAttribute(
      'href',
      '/plugins/seed-kubeobs-app'
    );
    expect(calls).toEqual([]);
  });

  it("explains an unreachable Relay with the gateway's real 503", async () => {
    installGatewayTransport(() => recorded('error-503-status'));
    const scene = serviceMapScene({ sources: ['gateway'], prometheus: false });
    await renderScene(scene);
    expect(screen.getByTestId(testIds.gateway.error)).toHaveTextContent('--relay-address');
    expect(gatewayRunner(scene).state.data?.state).toBe(LoadingState.Error);
  });
});

describe('Service map scene, source selection', () => {
  afterEach(() => setAppSettings({}));

  it('starts with the gateway when configured, else with Hubble metrics, and shows only the chosen source', () => {
    setAppSettings(GATEWAY);
    const scene = serviceMapScene({ prometheus: false });
    const deactivate = scene.activate();
    const source = sceneGraph.lookupVariable('source', scene) as CustomVariable;
    expect(source.getValue()).toBe('gateway');
    const visible = () =>
      (scene.state.body as SceneFlexLayout).state.children
        .filter((c) => !c.state.isHidden)
        .map((c) => ((c as SceneFlexItem).state.body as VizPanel).state.key)
        .filter((k) => k?.startsWith('panel-'));
    expect(visible()).toEqual([mapPanelKey('gateway')]);
    act(() => source.changeValueTo('caretta'));
    expect(visible()).toEqual([mapPanelKey('caretta')]);
    act(() => source.changeValueTo('metrics'));
    expect(visible()).toEqual([mapPanelKey('metrics')]);
    deactivate();

    setAppSettings({});
    expect(
      (sceneGraph.lookupVariable('source', serviceMapScene({ prometheus: false })) as CustomVariable).getValue()
    ).toBe('metrics');
  });

  it('hides the Prometheus data source picker while the map comes from the gateway', () => {
    setAppSettings(GATEWAY);
    const prom = { uid: 'prom', type: 'prometheus', name: 'Prometheus', meta: { id: 'prometheus' } };
    setDataSourceSrv({ getInstanceSettings: () => prom, getList: () => [prom] } as never);
    const scene = serviceMapScene();
    const deactivate = scene.activate();
    const source = sceneGraph.lookupVariable('source', scene) as CustomVariable;
    const datasource = sceneGraph.lookupVariable(VARIABLES.prometheus, scene)!;
    expect(source.getValue()).toBe('gateway');
    expect(datasource.state.hide).toBe(VariableHide.hideVariable);
    act(() => source.changeValueTo('metrics'));
    expect(datasource.state.hide).toBe(VariableHide.dontHide);
    deactivate();
  });

  it('without Prometheus and gateway the page asks for a data source', async () => {
    setAppSettings({});
    setDataSourceSrv({ getList: () => [] } as never);
    const scene = buildServiceMapScene();
    await renderScene(scene);
    expect(screen.getByTestId(testIds.missingData.splash)).toHaveTextContent('No Prometheus data source');
  });
});

describe('Service map scene, Hubble metrics source', () => {
  it('runs the catalogue queries and turns their tables into node graph frames', async () => {
    const requests: DataQueryRequest[] = [];
    const prom = { uid: 'prom', type: 'prometheus', name: 'Prometheus', meta: { id: 'prometheus' } };
    setDataSourceSrv({
      get: async () => ({ ...prom, getRef: () => ({ uid: 'prom', type: 'prometheus' }) }),
      getInstanceSettings: () => prom,
      getList: () => [prom],
    } as never);
    const table = (refId: string, rows: Array<Record<string, string>>, values: number[]): DataFrame => ({
      refId,
      length: rows.length,
      fields: [
        ...Object.keys(rows[0] ?? {}).map((k) => ({
          name: k,
          type: FieldType.string,
          config: {},
          values: rows.map((r) => r[k]),
        })),
        { name: `Value #${refId}`, type: FieldType.number, config: {}, values },
      ],
    });
    const edge = {
      source_namespace: 'default',
      source_workload: 'xwing',
      destination_namespace: 'default',
      destination_workload: 'deathstar',
    };
    setRunRequest((_ds, request) => {
      requests.push(request);
      return of({
        state: LoadingState.Done,
        timeRange: request.range,
        series: [
          table(SERVICE_MAP_REFS.requests, [edge], [4]),
          table(SERVICE_MAP_REFS.errors, [edge], [1]),
          table(SERVICE_MAP_REFS.p95, [edge], [0.2]),
          table(
            SERVICE_MAP_REFS.flows,
            [
              {
                source_namespace: 'default',
                source: 'xwing',
                destination_namespace: 'default',
                destination: 'deathstar',
                verdict: 'DROPPED',
              },
            ],
            [0.5]
          ),
          table(
            SERVICE_MAP_REFS.kinds,
            [{ namespace: 'default', owner_kind: 'Deployment', owner_name: 'deathstar' }],
            [1]
          ),
        ],
      });
    });
    const scene = serviceMapScene({ sources: ['metrics'], prometheus: false });
    (scene.state.$variables as SceneVariableSet).setState({
      variables: [
        ...(scene.state.$variables as SceneVariableSet).state.variables,
        new ConstantVariable({ name: 'ds', value: 'prom' }),
        new ConstantVariable({ name: 'cluster', value: '' }),
        new ConstantVariable({ name: 'namespace', value: '.*' }),
      ],
    });
    await renderScene(scene);
    const edges = await screen.findByTestId('frame-edges');
    const panel = sceneGraph.findByKeyAndType(scene, mapPanelKey('metrics'), VizPanel);
    const data = sceneGraph.getData(panel).state.data!;
    expect(column(frame(data.series, 'edges'), F.mainStat)).toEqual(['0.50 flows/s']);
    expect(column(frame(data.series, 'edges'), F.secondaryStat)).toEqual([
      '4.00 req/s · 25.00% 5xx · p95 200.0 ms · 0.50 flows/s dropped',
    ]);
    expect(column(frame(data.series, 'edges'), F.color)).toEqual(['#e02f44']);
    expect(within(edges).getByText('default/xwing->default/deathstar').closest('a')!.getAttribute('href')).toContain(
      '/a/seed-kubeobs-app/flows?workload=default/xwing&client=default/xwing&server=default/deathstar&from='
    );
    expect(
      within(screen.getByTestId('frame-nodes')).getByText('default/deathstar').closest('a')!.getAttribute('href')
    ).toContain('/a/seed-kubeobs-app/cluster/namespace/default/workload/Deployment/deathstar?from=');
    // the queries are the catalogue's, instant
    const targets = requests.flatMap((r) => r.targets) as Array<{ refId: string; expr: string; instant?: boolean }>;
    expect(targets.find((t) => t.refId === SERVICE_MAP_REFS.requests)).toMatchObject({
      expr: HTTP_REQUESTS,
      instant: true,
    });
  });
});
