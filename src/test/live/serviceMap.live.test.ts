/**
 * Live test of the service map's metrics source: the page's scene, built as the app builds it,
 * with the catalogue queries (src/queries/hubble/serviceMap.ts) sent to a real Prometheus fed by
 * the demo cluster (scripts/live-test.sh sets PROMETHEUS_URL and HUBBLE_METRICS); the node graph
 * frames must show the demo's HTTP traffic, its workload kinds, and with the rich configuration
 * the star-wars policy drops. Plain `jest` skips this file.
 */
import { DataFrame, NodeGraphDataFrameFieldNames as F } from '@grafana/data';
import { VizPanel, sceneGraph } from '@grafana/scenes';
import { DROP_COLOR } from '../../pages/ServiceMap/nodeGraphFrames';
import { mapPanelKey, serviceMapScene } from '../../pages/ServiceMap/serviceMapScene';
import { installLivePrometheus } from './livePrometheusDatasource';
import { activateTree, waitForQueries } from './sceneHarness';

const PROMETHEUS_URL = process.env.PROMETHEUS_URL as string;
const MODE = process.env.HUBBLE_METRICS ?? 'docs';

jest.setTimeout(180000);

function rows(frame: DataFrame): Array<Record<string, unknown>> {
  return Array.from({ length: frame.length }, (_, i) =>
    Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]]))
  );
}

describe(`service map from Hubble metrics against live Prometheus (${MODE})`, () => {
  beforeAll(() => installLivePrometheus(PROMETHEUS_URL));

  it('shows the demo traffic as node graph frames with rates, p95, kinds and (rich) drops', async () => {
    const scene = serviceMapScene({ sources: ['metrics'] });
    const deactivate = activateTree(scene);
    try {
      await waitForQueries(scene);
      await waitForQueries(scene);
      const panel = sceneGraph.findByKeyAndType(scene, mapPanelKey('metrics'), VizPanel);
      const series = sceneGraph.getData(panel).state.data?.series ?? [];
      const nodes = rows(series.find((f) => f.name === 'nodes')!);
      const edges = rows(series.find((f) => f.name === 'edges')!);
      const edge = (id: string) => edges.find((e) => e[F.id] === id);
      const detail = JSON.stringify(edges.map((e) => [e[F.id], e[F.mainStat], e[F.secondaryStat]]));

      // podinfo's HTTP chain (httpV2 with workload context, present in both configurations)
      const http = edges.filter(
        (e) => /req\/s/.test(`${e[F.mainStat]} ${e[F.secondaryStat]}`) && String(e[F.id]).startsWith('podinfo/')
      );
      expect({ http: http.length, detail }).toMatchObject({ http: expect.any(Number) });
      expect(http.length).toBeGreaterThan(0);
      expect(http.some((e) => /p95 [\d.]+ (ms|s)/.test(String(e[F.secondaryStat])))).toBe(true);
      // kinds from kube-state-metrics: HTTP servers open their workload page
      const server = nodes.find((n) => n[F.id] === String(http[0][F.target]))!;
      expect(String(server.url)).toMatch(
        /^\/a\/seed-kubeobs-app\/cluster\/namespace\/podinfo\/workload\/(Deployment|StatefulSet)\/[^/?]+\?$/
      );

      const dropped = edges.filter((e) => e[F.color] === DROP_COLOR).map((e) => e[F.id]);
      if (MODE === 'rich') {
        // flow metrics with source/destination context show the policy drops
        expect(dropped).toContain('star-wars/xwing->star-wars/deathstar');
        expect(String(edge('star-wars/xwing->star-wars/deathstar')?.url)).toBe(
          '/a/seed-kubeobs-app/flows?workload=star-wars/xwing&client=star-wars/xwing&server=star-wars/deathstar&'
        );
      } else {
        // the documented configuration has no flow context: no flow edges, so no drops, and the page says why
        expect(dropped).toEqual([]);
      }
    } finally {
      deactivate();
    }
  });
});
