import React from 'react';
import { of } from 'rxjs';
import { render, screen } from '@testing-library/react';
import { DataQueryRequest, FieldType, LoadingState, PanelData, toDataFrame } from '@grafana/data';
import { setDataSourceSrv, setRunRequest } from '@grafana/runtime';
import { SceneCSSGridItem } from '@grafana/scenes';
import { networkQueries } from '../queries/hubble/network';
import { hidePanelsWithoutData, PanelItems, panelsHiddenBy, sectionsLayout } from './catalogueScene';
import { hasPositiveValue, MetricFamilyCheck } from './MetricFamilyCheck';

function countFrame(refId: string, value: number) {
  return toDataFrame({ refId, fields: [{ name: 'Value', type: FieldType.number, values: [value] }] });
}

/** Answers each probe with count 1 when its family is in `present`, else with no series (as Prometheus does for count() of nothing). */
function stubProbes(present: string[], fail = false) {
  setDataSourceSrv({
    get: async () => ({ uid: 'p', type: 'prometheus', getRef: () => ({ uid: 'p' }) }),
    getInstanceSettings: () => ({ uid: 'p', type: 'prometheus' }),
  } as any);
  setRunRequest(((_ds: unknown, req: DataQueryRequest) =>
    of<PanelData>(
      fail
        ? { state: LoadingState.Error, series: [], errors: [{ message: 'connection refused' }], timeRange: req.range }
        : {
            state: LoadingState.Done,
            series: req.targets.filter((t) => present.includes(t.refId)).map((t) => countFrame(t.refId, 1)),
            timeRange: req.range,
          }
    )) as any);
}

describe('MetricFamilyCheck', () => {
  it('treats only a positive count as present', () => {
    expect(hasPositiveValue([countFrame('a', 3)])).toBe(true);
    expect(hasPositiveValue([countFrame('a', 0)])).toBe(false);
    expect(hasPositiveValue([])).toBe(false);
  });

  it('hides the panels of missing families and says which Helm value provides them', async () => {
    stubProbes([
      'hubbleFlow',
      'hubbleDrop',
      'hubbleDns',
      'hubbleTcp',
      'hubbleIcmp',
      'hubblePorts',
      'hubbleHttp',
      'hubbleLost',
    ]);
    const families = [...new Set(networkQueries.panels.flatMap((p) => p.requires ?? []))];
    const check = new MetricFamilyCheck({ families, hides: panelsHiddenBy(networkQueries.panels) });
    const items: PanelItems = new Map();
    sectionsLayout(networkQueries.panels, items);
    hidePanelsWithoutData(check, items);
    check.activate();
    check.state.$data!.activate();

    render(<check.Component model={check} />);
    expect(await screen.findByText(/Some metrics were not found/)).toBeInTheDocument();
    expect(check.state.missing?.map((f) => f.id).sort()).toEqual([
      'hubbleDnsQuery',
      'hubbleFlowContext',
      'hubblePolicy',
    ]);
    expect(screen.getByText(/policy:sourceContext=app\|workload-name\|pod\|reserved-identity/)).toBeInTheDocument();
    expect(screen.getByText(/Policy verdicts by match and action/)).toBeInTheDocument();

    const hidden = [...items.values()]
      .filter(({ item }) => (item as SceneCSSGridItem).state.isHidden)
      .map(({ spec }) => spec.key);
    expect(hidden.sort()).toEqual([
      'dns-top-queries',
      'drops-by-workload',
      'flows-by-namespace',
      'policy-denied',
      'policy-verdicts',
    ]);
  });

  it('reports a failing data source instead of claiming metrics are missing', async () => {
    stubProbes([], true);
    const check = new MetricFamilyCheck({ families: ['ciliumAgent'] });
    check.activate();
    check.state.$data!.activate();
    render(<check.Component model={check} />);
    expect(await screen.findByText(/The Prometheus data source did not answer/)).toBeInTheDocument();
    expect(check.state.missing).toEqual([]);
  });
});
