import React from 'react';
import { render, screen } from '@testing-library/react';
import { DataQueryRequest, DataTopic, FieldType, toDataFrame } from '@grafana/data';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { workloadQueries } from '../queries/kubernetes/workload';
import { buildPanel } from '../scenes/panels';
import { prometheusVariables, routeVariable } from '../scenes/variables';
import { setAppSettings } from '../settings';
import { FakeDatasource, installFakeBackends, PROVISIONED } from '../test/signals/fakeBackends';
import {
  fakePanelIds,
  installCanvasStub,
  installFakePanels,
  installResizeObserverStub,
  quietActWarnings,
} from '../test/signals/fakePanels';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);

/** Answers like the Prometheus data source with exemplars: a series and an `exemplar` frame (annotations topic) whose traceID links to Tempo. */
function prometheus(_ds: FakeDatasource, request: DataQueryRequest) {
  return request.targets.flatMap((t) => [
    toDataFrame({
      refId: t.refId,
      fields: [
        { name: 'Time', type: FieldType.time, values: [T0] },
        { name: 'Value', type: FieldType.number, values: [0.2], labels: { destination_workload: 'podinfo-frontend' } },
      ],
    }),
    toDataFrame({
      refId: t.refId,
      name: 'exemplar',
      meta: { dataTopic: DataTopic.Annotations },
      fields: [
        { name: 'Time', type: FieldType.time, values: [T0] },
        { name: 'Value', type: FieldType.number, values: [0.25] },
        {
          name: 'traceID',
          type: FieldType.string,
          values: [TRACE],
          config: {
            links: [
              {
                title: 'View trace',
                url: '',
                internal: {
                  datasourceUid: 'tempo',
                  datasourceName: 'Tempo',
                  query: { query: '${__value.raw}', queryType: 'traceql' },
                },
              },
            ],
          },
        },
      ],
    }),
  ]);
}

beforeAll(() => {
  installFakePanels();
  installCanvasStub();
  installResizeObserverStub();
  quietActWarnings();
});

it('an HTTP latency exemplar links to its trace on the Traces page, with the panel time range', async () => {
  setAppSettings({ prometheusUid: 'prometheus', tracesUid: 'tempo' });
  const backends = installFakeBackends(PROVISIONED, prometheus);
  const spec = workloadQueries.panels.find((p) => p.key === 'http-latency')!;
  expect(spec.targets.every((t) => t.exemplar)).toBe(true);
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: new Date(T0 - 3600000).toISOString(), to: new Date(T0).toISOString() }),
    $variables: prometheusVariables(
      routeVariable('namespace', 'podinfo'),
      routeVariable('kind', 'Deployment'),
      routeVariable('workload', 'podinfo-frontend')
    ),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: buildPanel(spec) })] }),
  });
  render(<scene.Component model={scene} />);
  const links = await screen.findAllByTestId(fakePanelIds.link, undefined, { timeout: 8000 });
  expect(backends.issued[0].datasource.uid).toBe('prometheus');
  expect(backends.issued[0].request.targets.every((t: any) => t.exemplar === true)).toBe(true);
  const app = links.find((a) => a.textContent === 'Open trace in Traces page')!;
  const url = new URL(app.getAttribute('href')!, 'http://grafana.local');
  expect(url.pathname).toBe('/a/seed-kubeobs-app/traces');
  expect(url.searchParams.get('var-traceId')).toBe(TRACE);
  expect(url.searchParams.get('from')).toBe(new Date(T0 - 3600000).toISOString());
  expect(url.searchParams.get('to')).toBe(new Date(T0).toISOString());
});
