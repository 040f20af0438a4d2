import React from 'react';
import { act, render, screen } from '@testing-library/react';
import { DataQueryRequest, FieldType, toDataFrame } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { sceneGraph, SceneTimeRange, TextBoxVariable } from '@grafana/scenes';
import { testIds } from '../../components/testIds';
import { TRACE_SEARCHES } from '../../queries/tempo/traces';
import { setAppSettings } from '../../settings';
import { tempoSearchToFrame, tempoTraceToFrame } from '../../test/signals/apiFrames';
import { eventually, FakeDatasource, installFakeBackends, PROVISIONED } from '../../test/signals/fakeBackends';
import {
  fakePanelIds,
  installCanvasStub,
  installFakePanels,
  installResizeObserverStub,
  quietActWarnings,
} from '../../test/signals/fakePanels';
import { tracesScene, tracesSceneOrSplash } from './tracesScene';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);
const NS = (ms: number) => `${BigInt(ms) * BigInt(1000000)}`;

/** Answers like Tempo (search and trace by id), Jaeger (same frames) and Prometheus (service graph tables). */
function answer(ds: FakeDatasource, request: DataQueryRequest) {
  const t = request.targets[0] as any;
  if (ds.type === 'prometheus') {
    return request.targets.map((q: any) =>
      toDataFrame({
        refId: q.refId,
        fields: [
          { name: 'Time', type: FieldType.time, values: [T0] },
          { name: 'client', type: FieldType.string, values: ['frontend'] },
          { name: 'server', type: FieldType.string, values: ['podinfo'] },
          {
            name: 'Value',
            type: FieldType.number,
            values: [q.refId === 'requests' ? 4 : q.refId === 'failed' ? 1 : 0.12],
          },
        ],
      })
    );
  }
  if (t.refId === 'trace') {
    return [
      tempoTraceToFrame(
        {
          trace: {
            resourceSpans: [
              {
                resource: {
                  attributes: [
                    { key: 'service.name', value: { stringValue: 'podinfo' } },
                    { key: 'k8s.pod.name', value: { stringValue: 'podinfo-7d9c8b6f5-x7k2p' } },
                  ],
                },
                scopeSpans: [
                  {
                    spans: [
                      {
                        traceId: TRACE,
                        spanId: '00f067aa0ba902b7',
                        name: 'GET /api/info',
                        startTimeUnixNano: NS(T0),
                        endTimeUnixNano: NS(T0 + 12),
                      },
                    ],
                  },
                ],
              },
            ],
          },
        },
        'trace'
      ),
    ];
  }
  return [
    tempoSearchToFrame(
      {
        traces: [
          {
            traceID: TRACE,
            rootServiceName: 'frontend',
            rootTraceName: 'GET /api/info',
            startTimeUnixNano: NS(T0),
            durationMs: 12,
          },
        ],
      },
      t.refId
    ),
  ];
}

let backends: ReturnType<typeof installFakeBackends>;

beforeAll(() => {
  installFakePanels();
  installCanvasStub();
  installResizeObserverStub();
  quietActWarnings();
});

beforeEach(() => {
  setAppSettings({ prometheusUid: 'prometheus', lokiUid: 'loki', tracesUid: 'tempo' });
  backends = installFakeBackends(PROVISIONED, answer, () => ['frontend', 'podinfo']);
  locationService.push(`/a/seed-kubeobs-app/traces?from=${T0 - 3600000}&to=${T0}`);
});

function withRange<T extends { setState: (s: any) => void }>(scene: T): T {
  scene.setState({
    $timeRange: new SceneTimeRange({ from: new Date(T0 - 3600000).toISOString(), to: new Date(T0).toISOString() }),
  });
  return scene;
}

describe('Traces page (Tempo)', () => {
  it('searches with TraceQL on $traces, links each trace to the trace view, and shows the service graph from Prometheus', async () => {
    const scene = withRange(tracesScene({ kind: 'page' }, 'tempo'));
    render(<scene.Component model={scene} />);

    expect(await screen.findByTestId(testIds.traces.noTraceSelected)).toBeInTheDocument();
    const links = await screen.findAllByTestId(fakePanelIds.link, undefined, { timeout: 8000 });
    const search = backends.issued.find((q) => q.datasource.type === 'tempo')!;
    expect(search.datasource.uid).toBe('tempo');
    expect(search.request.targets[0]).toMatchObject({
      refId: 'search',
      queryType: 'traceql',
      query: TRACE_SEARCHES.page,
      limit: 50,
      tableType: 'traces',
    });
    expect(search.request.range.from.valueOf()).toBe(T0 - 3600000);
    expect(sceneGraph.interpolate(scene, TRACE_SEARCHES.page)).toBe(
      '{ resource.service.name=~".+" && name=~".*" && duration > 0ms && true }'
    );

    // The traceID column opens the same page with var-traceId (other parameters kept).
    const href = links.find((a) => a.getAttribute('data-field') === 'traceID')!.getAttribute('href')!;
    const url = new URL(href, 'http://grafana.local');
    expect(url.pathname).toBe('/a/seed-kubeobs-app/traces');
    expect(url.searchParams.get('var-traceId')).toBe(TRACE);
    expect(url.searchParams.get('from')).toBe(String(T0 - 3600000));

    // Service graph: three instant tables from $ds (prometheus) → nodes and edges.
    await eventually(() => expect(backends.issued.some((q) => q.datasource.type === 'prometheus')).toBe(true));
    const prom = backends.issued.find((q) => q.datasource.type === 'prometheus')!;
    expect(prom.datasource.uid).toBe('prometheus');
    expect(prom.request.targets.map((t: any) => t.expr)).toEqual([
      'sum by (client, server) (rate(traces_service_graph_request_total[$__range]))',
      'sum by (client, server) (rate(traces_service_graph_request_failed_total[$__range]))',
      'histogram_quantile(0.95, sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket[$__range])))',
    ]);
    const graph = await screen.findByTestId(fakePanelIds.panel('nodeGraph'));
    expect(
      [...graph.querySelectorAll('[data-frame]')].map(
        (e) => `${e.getAttribute('data-frame')}:${e.getAttribute('data-rows')}`
      )
    ).toEqual(['nodes:2', 'edges:1']);
  });

  it('shows the selected trace in the trace view (trace id query on $traces)', async () => {
    const scene = withRange(tracesScene({ kind: 'page' }, 'tempo'));
    render(<scene.Component model={scene} />);
    const variable = sceneGraph.lookupVariable('traceId', scene) as TextBoxVariable;
    act(() => variable.setValue(TRACE));
    expect(await screen.findByTestId(testIds.traces.selectedTrace)).toHaveTextContent(TRACE);
    await screen.findByTestId(fakePanelIds.panel('traces'), undefined, { timeout: 8000 });
    const trace = backends.issued.find((q) => q.request.targets[0].refId === 'trace')!;
    expect(trace.datasource.uid).toBe('tempo');
    expect(trace.request.targets[0]).toMatchObject({ queryType: 'traceql', query: '$traceId' });
    expect(sceneGraph.interpolate(scene, '$traceId')).toBe(TRACE);
    expect(screen.queryByTestId(testIds.traces.noTraceSelected)).not.toBeInTheDocument();
  });
});

describe('Traces page (Jaeger fallback)', () => {
  it('uses the Jaeger search form when Grafana has Jaeger and no Tempo', async () => {
    setAppSettings({ tracesUid: 'jaeger' });
    backends = installFakeBackends(
      [...PROVISIONED.filter((d) => d.type !== 'tempo'), { uid: 'jaeger', name: 'Jaeger', type: 'jaeger' }],
      answer
    );
    const scene = tracesSceneOrSplash({ kind: 'page' });
    render(<scene.Component model={scene} />);
    await screen.findAllByTestId(fakePanelIds.link, undefined, { timeout: 8000 });
    const search = backends.issued.find((q) => q.datasource.type === 'jaeger')!;
    expect(search.datasource.uid).toBe('jaeger');
    expect(search.request.targets[0]).toMatchObject({
      queryType: 'search',
      service: '$service',
      operation: '$operation',
      minDuration: '$minDuration',
      tags: '$status',
    });
    // `$status` for Jaeger: logfmt tags typed by the user, empty (all spans) by default.
    const status = sceneGraph.lookupVariable('status', scene) as TextBoxVariable;
    expect(sceneGraph.interpolate(scene, '$minDuration|$status')).toBe('0ms|');
    act(() => status.setValue('error=true'));
    expect(sceneGraph.interpolate(scene, '$status')).toBe('error=true');
  });

  it('shows the splash when there is neither Tempo nor Jaeger', async () => {
    installFakeBackends(
      PROVISIONED.filter((d) => d.type !== 'tempo'),
      answer
    );
    setAppSettings({});
    const scene = tracesSceneOrSplash({ kind: 'page' });
    render(<scene.Component model={scene} />);
    expect(await screen.findByTestId(testIds.missingData.splash)).toHaveTextContent('No Tempo data source');
  });
});

describe('Traces tabs', () => {
  it.each([
    [
      { kind: 'namespace' as const, namespace: 'podinfo' },
      '{ resource.k8s.namespace.name="podinfo" && duration > 0ms && true }',
    ],
    [
      { kind: 'workload' as const, namespace: 'podinfo', workloadKind: 'Deployment', workload: 'podinfo' },
      '{ resource.k8s.namespace.name="podinfo" && (resource.k8s.deployment.name="podinfo" || resource.k8s.statefulset.name="podinfo" || resource.k8s.daemonset.name="podinfo" || resource.service.name="podinfo") && duration > 0ms && true }',
    ],
    [
      { kind: 'pod' as const, namespace: 'podinfo', pod: 'podinfo-7d9c8b6f5-x7k2p' },
      '{ resource.k8s.namespace.name="podinfo" && resource.k8s.pod.name="podinfo-7d9c8b6f5-x7k2p" && duration > 0ms && true }',
    ],
  ])('%o searches %s', async (scope, expected) => {
    const scene = withRange(tracesScene(scope, 'tempo'));
    render(<scene.Component model={scene} />);
    await screen.findAllByTestId(fakePanelIds.link, undefined, { timeout: 8000 });
    const query = (backends.issued.find((q) => q.datasource.type === 'tempo')!.request.targets[0] as any).query;
    expect(sceneGraph.interpolate(scene, query)).toBe(expected);
    expect(screen.queryByTestId(fakePanelIds.panel('nodeGraph'))).not.toBeInTheDocument();
  });
});
