import React from 'react';
import { render, screen } from '@testing-library/react';
import { DataQueryRequest } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { sceneGraph, SceneTimeRange } from '@grafana/scenes';
import { testIds } from '../../components/testIds';
import { LOG_STREAM } from '../../queries/loki/logs';
import { setAppSettings } from '../../settings';
import { lokiMatrixToFrames, lokiStreamsToFrame } from '../../test/signals/apiFrames';
import { eventually, FakeDatasource, installFakeBackends, PROVISIONED } from '../../test/signals/fakeBackends';
import {
  fakePanelIds,
  installCanvasStub,
  installFakePanels,
  installResizeObserverStub,
  quietActWarnings,
} from '../../test/signals/fakePanels';
import { logsScene, logsSceneOrSplash } from './logsScene';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const NS = (ms: number) => `${BigInt(ms) * BigInt(1000000)}`;
const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);

/** Answers like Loki: streams for log queries, a matrix for count_over_time. */
function lokiAnswer(_ds: FakeDatasource, request: DataQueryRequest) {
  return request.targets.flatMap((t: any) => {
    if (t.expr.startsWith('sum by (detected_level)')) {
      return lokiMatrixToFrames(
        {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              { metric: { detected_level: 'info' }, values: [[T0 / 1000, '12']] },
              { metric: { detected_level: 'error' }, values: [[T0 / 1000, '2']] },
            ],
          },
        },
        t.refId
      );
    }
    if (t.expr.startsWith('sum by')) {
      return lokiMatrixToFrames(
        {
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [{ metric: { namespace: 'podinfo', pod: 'podinfo-7d9c8b6f5-x7k2p' }, values: [[T0 / 1000, '14']] }],
          },
        },
        t.refId
      );
    }
    return [
      lokiStreamsToFrame(
        {
          status: 'success',
          data: {
            resultType: 'streams',
            result: [
              {
                stream: {
                  namespace: 'podinfo',
                  pod: 'podinfo-7d9c8b6f5-x7k2p',
                  container: 'podinfo',
                  app: 'podinfo',
                  job: 'podinfo/podinfo',
                },
                values: [
                  [
                    NS(T0),
                    `{"level":"info","msg":"request completed","method":"GET","path":"/api/info","status":200,"trace_id":"${TRACE}"}`,
                  ],
                  [NS(T0 - 1000), 'level=debug msg="cache refreshed" entries=12'],
                ],
              },
            ],
          },
        },
        t.refId
      ),
    ];
  });
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
  backends = installFakeBackends(PROVISIONED, lokiAnswer, (_ds, q) =>
    q.label === 'namespace' ? ['podinfo', 'frontend'] : []
  );
  locationService.push('/a/seed-kubeobs-app/logs');
});

function fixRange(scene: ReturnType<typeof logsScene>) {
  scene.setState({
    $timeRange: new SceneTimeRange({ from: new Date(T0 - 3600000).toISOString(), to: new Date(T0).toISOString() }),
  });
}

describe('Logs page', () => {
  it('queries Loki ($loki = the configured uid) for volume by namespace and level and the log lines, and links trace ids', async () => {
    const scene = logsScene({ kind: 'page' });
    fixRange(scene);
    render(<scene.Component model={scene} />);

    const links = await screen.findAllByTestId(fakePanelIds.link, undefined, { timeout: 8000 });
    await eventually(() => expect(backends.issued.length).toBeGreaterThanOrEqual(3));

    const loki = backends.issued.filter((q) => q.datasource.type === 'loki');
    expect(loki.length).toBe(backends.issued.length);
    expect(new Set(loki.map((q) => q.datasource.uid))).toEqual(new Set(['loki']));
    const exprs = loki.flatMap((q) => q.request.targets.map((t: any) => t.expr));
    expect(exprs).toEqual(
      expect.arrayContaining([
        `sum by (namespace) (count_over_time(${LOG_STREAM} |= "$search" [$__auto]))`,
        `sum by (detected_level) (count_over_time(${LOG_STREAM} |= "$search" [$__auto]))`,
        `${LOG_STREAM} |= "$search" | json | drop __error__, __error_details__`,
      ])
    );
    // The time range of every request is the scene's.
    for (const q of loki) {
      expect(q.request.range.from.valueOf()).toBe(T0 - 3600000);
      expect(q.request.range.to.valueOf()).toBe(T0);
    }
    // Variables: All → `.+` for namespace, `.*` for the others; empty search.
    expect(sceneGraph.interpolate(scene, `${LOG_STREAM} |= "$search"`)).toBe(
      '{namespace=~".+", pod=~".*", container=~".*", app=~".*"} |= ""'
    );

    // The log line with a trace id links to the Traces page with that id and the panel's time range.
    expect(links).toHaveLength(1);
    const url = new URL(links[0].getAttribute('href')!, 'http://grafana.local');
    expect(url.pathname).toBe('/a/seed-kubeobs-app/traces');
    expect(url.searchParams.get('var-traceId')).toBe(TRACE);
    // `${__url_time_range}`: the scene's time range as its URL state (here absolute times).
    expect(url.searchParams.get('from')).toBe(new Date(T0 - 3600000).toISOString());
    expect(url.searchParams.get('to')).toBe(new Date(T0).toISOString());
  });

  it('asks Loki for label values of namespace, then pods of the selected namespaces', async () => {
    const scene = logsScene({ kind: 'page' });
    render(<scene.Component model={scene} />);
    await eventually(() =>
      expect(backends.lookups.map((l) => (l.query as any).label)).toEqual(
        expect.arrayContaining(['namespace', 'pod', 'container', 'app'])
      )
    );
    const pod = backends.lookups.find((l) => (l.query as any).label === 'pod')!;
    expect(pod.datasource.uid).toBe('loki');
    expect(pod.query).toMatchObject({ type: 1, label: 'pod', stream: '{namespace=~"$namespace"}' });
  });

  it('shows the splash when Grafana has no Loki data source', async () => {
    installFakeBackends(
      PROVISIONED.filter((d) => d.type !== 'loki'),
      () => []
    );
    const scene = logsSceneOrSplash({ kind: 'page' });
    render(<scene.Component model={scene} />);
    expect(await screen.findByTestId(testIds.missingData.splash)).toHaveTextContent('No Loki data source');
  });
});

describe('Logs tabs', () => {
  it('workload tab: namespace fixed, pods by the workload name pattern', async () => {
    const scene = logsScene({
      kind: 'workload',
      namespace: 'podinfo',
      workloadKind: 'Deployment',
      workload: 'podinfo',
    });
    render(<scene.Component model={scene} />);
    await screen.findAllByTestId(fakePanelIds.panel('logs'), undefined, { timeout: 8000 });
    expect(sceneGraph.interpolate(scene, LOG_STREAM)).toBe(
      '{namespace=~"podinfo", pod=~"podinfo-[a-z0-9]{1,10}-[a-z0-9]{5}", container=~".*", app=~".*"}'
    );
    const exprs = backends.issued.flatMap((q) => q.request.targets.map((t: any) => t.expr));
    expect(exprs).toContain(`sum by (pod) (count_over_time(${LOG_STREAM} |= "$search" [$__auto]))`);
  });

  it('pod tab: the pod name as an escaped regex inside the LogQL string', async () => {
    const scene = logsScene({ kind: 'pod', namespace: 'kube-system', pod: 'coredns-5d78c9869d-x7k2p' });
    render(<scene.Component model={scene} />);
    await screen.findAllByTestId(fakePanelIds.panel('logs'), undefined, { timeout: 8000 });
    expect(sceneGraph.interpolate(scene, LOG_STREAM)).toBe(
      '{namespace=~"kube-system", pod=~"coredns-5d78c9869d-x7k2p", container=~".*", app=~".*"}'
    );
    const dotted = logsScene({ kind: 'pod', namespace: 'a', pod: 'web.v2-0' });
    expect(sceneGraph.interpolate(dotted, 'pod=~"$pod"')).toBe('pod=~"web\\\\.v2-0"');
  });
});
