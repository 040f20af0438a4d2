import { PanelSpec, PromTarget } from './types';

/** A range query target. refIds are assigned A, B, C... by `panel()` when left empty. */
export function range(expr: string, legendFormat?: string, extra: Partial<PromTarget> = {}): PromTarget {
  return { refId: '', expr, legendFormat, ...extra };
}

/** An instant query returning a table (one row per series, labels as columns). */
export function table(expr: string, extra: Partial<PromTarget> = {}): PromTarget {
  return { refId: '', expr, instant: true, format: 'table', ...extra };
}

/** An instant query for stats and gauges. */
export function instant(expr: string, legendFormat?: string, extra: Partial<PromTarget> = {}): PromTarget {
  return { refId: '', expr, instant: true, legendFormat, ...extra };
}

/**
 * Smallest step (Grafana's panel "Min interval") of time series that aggregate over every node,
 * namespace or workload of the cluster: a 1 h view gets 60 points instead of 240 at the 15 s scrape
 * interval, and Prometheus loads a quarter of the samples (npm run bench:pages). Also the recording
 * rules' evaluation interval, so recorded series have one sample per step.
 */
export const TREND_STEP = '1m';

/** The panels with their time series given the {@link TREND_STEP} step; other panels unchanged. */
export function asTrends(panels: PanelSpec[]): PanelSpec[] {
  return panels.map((p) => (p.viz === 'timeseries' ? { ...p, minInterval: TREND_STEP } : p));
}

/** Builds a PanelSpec with refIds A, B, C... assigned in order and datasource `prometheus`. */
export function panel(spec: Omit<PanelSpec, 'datasource'>): PanelSpec {
  return {
    ...spec,
    datasource: 'prometheus',
    targets: spec.targets.map((t, i) => ({ ...t, refId: t.refId || String.fromCharCode(65 + i) })),
  };
}

/**
 * The panel of a catalogue page with this key. Throws when the page has none, so a renamed key
 * fails where the scene is built (and in the scene tests), not as a missing panel.
 */
export function panelByKey<P extends { key: string }>(page: { route: string; panels: readonly P[] }, key: string): P {
  const found = page.panels.find((p) => p.key === key);
  if (!found) {
    throw new Error(`catalogue page ${page.route} has no panel "${key}"`);
  }
  return found;
}
