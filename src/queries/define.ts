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
export function instant(expr: string, legendFormat?: string): PromTarget {
  return { refId: '', expr, instant: true, legendFormat };
}

/** Builds a PanelSpec with refIds A, B, C... assigned in order and datasource `prometheus`. */
export function panel(spec: Omit<PanelSpec, 'datasource'>): PanelSpec {
  return {
    ...spec,
    datasource: 'prometheus',
    targets: spec.targets.map((t, i) => ({ ...t, refId: t.refId || String.fromCharCode(65 + i) })),
  };
}
