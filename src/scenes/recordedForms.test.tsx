import { of } from 'rxjs';
import { DataQueryRequest, FieldType, LoadingState, PanelData, toDataFrame } from '@grafana/data';
import { setDataSourceSrv, setRunRequest } from '@grafana/runtime';
import { EmbeddedScene, SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { clusterOverviewQueries } from '../queries/kubernetes/clusterOverview';
import { panelByKey } from '../queries/define';
import { catalogueScene } from './catalogueScene';
import { MetricFamilyCheck } from './MetricFamilyCheck';
import { buildPanel } from './panels';
import { PROMETHEUS_PAGES } from '../queries/catalogue';

const PROBE = 'kubeobsRecordingRules';

/** Answers every probe with count 1 (the recording probe only when `recorded`) and records every other query sent. */
function stubPrometheus(recorded: boolean, sent: string[]) {
  setDataSourceSrv({
    get: async () => ({ uid: 'p', type: 'prometheus', getRef: () => ({ uid: 'p' }) }),
    getInstanceSettings: () => ({ uid: 'p', type: 'prometheus' }),
    getList: () => [],
  } as any);
  setRunRequest(((_ds: unknown, req: DataQueryRequest<{ refId: string; expr: string }>) => {
    const probes = req.targets.filter((t) => t.expr.startsWith('count(') && (t.refId !== PROBE || recorded));
    req.targets.filter((t) => !t.expr.startsWith('count(')).forEach((t) => sent.push(t.expr));
    return of<PanelData>({
      state: LoadingState.Done,
      series: probes.map((t) =>
        toDataFrame({ refId: t.refId, fields: [{ name: 'Value', type: FieldType.number, values: [1] }] })
      ),
      timeRange: req.range,
    });
  }) as any);
}

function build() {
  const page = {
    ...clusterOverviewQueries,
    variables: [],
    panels: [panelByKey(clusterOverviewQueries, 'pods-by-phase')],
  };
  const scene: EmbeddedScene = catalogueScene({ page });
  const check = sceneGraph.findObject(scene, (o) => o instanceof MetricFamilyCheck) as MetricFamilyCheck;
  const runner = sceneGraph.findObject(scene, (o) => o.state.key === 'data-pods-by-phase') as SceneQueryRunner;
  return { scene, check, runner, spec: page.panels[0] };
}

async function settle() {
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('panels with recorded forms', () => {
  it('probe for the recording rules and wait for the answer before querying', () => {
    const { check, runner } = build();
    expect(check.state.recordingProbe).toBe('kubeobs:node_running_pods:sum{cluster=~"$cluster"}');
    expect(runner.state.runQueriesMode).toBe('manual');
  });

  it.each([
    [true, 'recorded', /kubeobs:namespace_phase_pods:sum/],
    [false, 'raw', /^sum by \(phase\) \(kube_pod_status_phase/],
  ])('with the recorded series present = %s, run the %s form only, and say so', async (recorded, _form, expected) => {
    const sent: string[] = [];
    stubPrometheus(recorded, sent);
    const { check, runner } = build();
    check.activate();
    check.state.$data!.activate();
    runner.activate();
    await settle();
    expect(check.state.usesRecordingRules).toBe(recorded);
    expect(runner.state.runQueriesMode).toBe('auto');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((expr) => expected.test(expr))).toBe(true);
  });
});

describe('tables at scale', () => {
  it('every catalogue table can be searched per column (filterable) as well as sorted', () => {
    const tables = PROMETHEUS_PAGES.flatMap((p) => p.panels).filter((p) => p.viz === 'table');
    expect(tables.length).toBeGreaterThan(5);
    for (const spec of tables) {
      expect({
        key: spec.key,
        filterable: (buildPanel(spec).state.fieldConfig.defaults.custom as { filterable?: boolean } | undefined)
          ?.filterable,
      }).toEqual({
        key: spec.key,
        filterable: true,
      });
    }
  });
});
