import { SceneDataTransformer } from '@grafana/scenes';
import { ciliumAgentQueries } from '../queries/cilium/agent';
import { TREND_STEP, panel, table } from '../queries/define';
import { networkQueries } from '../queries/hubble/network';
import { clusterOverviewQueries } from '../queries/kubernetes/clusterOverview';
import { nodeQueries } from '../queries/kubernetes/node';
import { podQueries } from '../queries/kubernetes/pod';
import { PageQueries, PanelSpec } from '../queries/types';
import { buildPanel, queryRunnerFor } from './panels';

describe('buildPanel: table columns', () => {
  const spec = panel({
    key: 't',
    title: 'Pods',
    description: '',
    section: 's',
    viz: 'table',
    columns: {
      info: { hidden: true },
      pod_ip: { header: 'Pod IP' },
      restarts: { header: 'Restarts in range', unit: 'none' },
      ready: { valueText: { 1: 'Ready', 0: 'Not ready' } },
    },
    targets: [table('a', { refId: 'info' }), table('b', { refId: 'restarts' }), table('c', { refId: 'ready' })],
  });

  it('hides a column by the name it has before renaming (Value #<refId>)', () => {
    const data = buildPanel(spec).state.$data as SceneDataTransformer;
    const organize = data.state.transformations.find((t) => 'id' in t && t.id === 'organize') as {
      options: { excludeByName: Record<string, boolean>; renameByName: Record<string, string> };
    };
    expect(organize.options.excludeByName).toEqual({ Time: true, 'Value #info': true });
    expect(organize.options.renameByName['Value #restarts']).toBe('restarts');
  });

  it('a single-value table hides `value` as `Value`', () => {
    const single = panel({ ...spec, columns: { value: { hidden: true } }, targets: [table('a')] });
    const data = buildPanel(single).state.$data as SceneDataTransformer;
    const organize = data.state.transformations.find((t) => 'id' in t && t.id === 'organize') as {
      options: { excludeByName: Record<string, boolean> };
    };
    expect(organize.options.excludeByName).toEqual({ Time: true, Value: true });
  });

  it('sets header, unit and value texts as field overrides', () => {
    const overrides = buildPanel(spec).state.fieldConfig.overrides;
    const of = (name: string) => overrides.find((o) => o.matcher.options === name)?.properties ?? [];
    expect(of('pod_ip')).toEqual([{ id: 'displayName', value: 'Pod IP' }]);
    expect(of('restarts')).toEqual([
      { id: 'displayName', value: 'Restarts in range' },
      { id: 'unit', value: 'none' },
    ]);
    expect(of('ready')[0].id).toBe('mappings');
    expect(of('ready')[0].value[0].options).toEqual({
      0: { text: 'Not ready', index: 0 },
      1: { text: 'Ready', index: 1 },
    });
  });
});

describe('buildPanel: time series axis', () => {
  it("the pod's restarts axis starts at 0 and reaches at least 1, not 100, when nothing restarted", () => {
    const restarts = podQueries.panels.find((p) => p.key === 'restarts')!;
    const softMax = (spec: PanelSpec) =>
      (buildPanel(spec).state.fieldConfig.defaults.custom as { axisSoftMax?: number } | undefined)?.axisSoftMax;
    expect(buildPanel(restarts).state.fieldConfig.defaults.min).toBe(0);
    expect(softMax(restarts)).toBe(1);
    expect(softMax(podQueries.panels.find((p) => p.key === 'cpu')!)).toBeUndefined();
  });
});

describe('buildPanel: step of cluster-wide trends', () => {
  const cases: Array<[string, PageQueries]> = [
    ['cluster', clusterOverviewQueries],
    ['network', networkQueries],
    ['cilium', ciliumAgentQueries],
  ];

  it.each(cases)(
    'the %s page asks for its time series at 1 m steps at least, its tables as Grafana would',
    (_, page) => {
      const runners = page.panels.map((spec) => [spec.viz, queryRunnerFor(spec).state.minInterval] as const);
      expect(runners.filter(([viz]) => viz === 'timeseries').length).toBeGreaterThan(3);
      for (const [viz, minInterval] of runners) {
        expect([viz, minInterval]).toEqual([viz, viz === 'timeseries' ? TREND_STEP : undefined]);
      }
    }
  );

  it('drill-downs keep the scrape interval as their smallest step', () => {
    const nodePanels = nodeQueries.panels.map((spec) => queryRunnerFor(spec).state.minInterval);
    expect(new Set(nodePanels)).toEqual(new Set([undefined]));
  });
});
