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
