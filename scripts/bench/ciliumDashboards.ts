/**
 * The requests Grafana sends when it opens one of Cilium's own dashboards (the Cilium Helm chart's
 * `files/*\/dashboards/*.json`), read at run time from a folder the user gives: every target of
 * every panel not inside a collapsed row (Grafana runs those only when the row is opened), at the
 * dashboard's default time range, and the dashboard's query variables. Nothing of those dashboards
 * is stored in this repository.
 *
 * Interpolation, as Grafana does with default variable values: `$__rate_interval` = max(step +
 * 15 s, 60 s), `$__interval`/`$interval` = the step, `$__range` = the range in seconds; a query
 * variable left at "All" becomes its `allValue` or `.*`; one without "All" and without a current
 * value takes its first value, as Grafana selects it (asked of Prometheus through `firstValue`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BenchRequest } from './requests';

type Target = { expr?: string; instant?: boolean; range?: boolean; hide?: boolean; refId?: string };
type Panel = { title?: string; type?: string; collapsed?: boolean; targets?: Target[]; panels?: Panel[] };
type Variable = {
  name: string;
  type: string;
  query?: string | { query?: string };
  current?: { value?: string | string[] };
  allValue?: string | null;
  includeAll?: boolean;
  /** Grafana's option order: 0 as returned, 1 alphabetical, 2 alphabetical descending, … */
  sort?: number;
};
type Dashboard = {
  title?: string;
  time?: { from?: string; to?: string };
  templating?: { list?: Variable[] };
  panels?: Panel[];
  rows?: Array<{ panels?: Panel[] }>;
};

/** One of Cilium's dashboards as the benchmark runs it. */
export interface CiliumDashboard {
  file: string;
  title: string;
  requests: BenchRequest[];
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of a `now-30m` style range start; default 1 h. */
export function rangeSeconds(from: string | undefined): number {
  const m = /^now-(\d+)([smhd])$/.exec(from ?? '');
  return m ? Number(m[1]) * UNITS[m[2]] : 3600;
}

/** Panels Grafana runs when the dashboard opens: top-level and in expanded rows. */
function visiblePanels(d: Dashboard): Panel[] {
  const out: Panel[] = [];
  for (const p of d.panels ?? []) {
    if (p.type === 'row') {
      if (!p.collapsed) {
        out.push(...(p.panels ?? []));
      }
    } else {
      out.push(p);
    }
  }
  for (const r of d.rows ?? []) {
    out.push(...(r.panels ?? []));
  }
  return out;
}

/** Asks Prometheus for a label's values (`/api/v1/label/<label>/values`, `match[]` = selector if any). */
export type LabelValuesLookup = (label: string, selector: string, startS: number, endS: number) => Promise<string[]>;

/** Options of {@link loadCiliumDashboards}. */
export interface DashboardOptions {
  /** Run every dashboard over this range (seconds) instead of its own default, to compare at the same range as a page. */
  rangeS?: number;
  /** Resolves variables without "All" and without a current value to their first value; without it they match all. */
  labelValues?: LabelValuesLookup;
}

async function variableValue(
  v: Variable,
  lookup: { label: string; selector: string } | undefined,
  opts: DashboardOptions,
  startS: number,
  endS: number
): Promise<string> {
  const c = v.current?.value;
  const value = Array.isArray(c) ? c[0] : c;
  if (value !== undefined && value !== '' && value !== '$__all' && value !== 'All') {
    return value;
  }
  if (v.includeAll === false && lookup && opts.labelValues) {
    const values = await opts.labelValues(lookup.label, lookup.selector, startS, endS);
    const sorted = v.sort === 2 || v.sort === 6 ? [...values].sort().reverse() : [...values].sort();
    return sorted[0] ?? '';
  }
  return v.allValue || '.*';
}

/** Interpolates a dashboard query the way Grafana does with the dashboard's defaults. */
export function interpolate(expr: string, vars: Map<string, string>, stepS: number, rangeS: number): string {
  const rateInterval = Math.max(stepS + 15, 60);
  return expr
    .replace(/\$__rate_interval|\$\{__rate_interval\}/g, `${rateInterval}s`)
    .replace(/\$__interval|\$\{__interval\}|\$interval|\[\[interval\]\]/g, `${stepS}s`)
    .replace(/\$__range|\$\{__range\}/g, `${rangeS}s`)
    .replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (m, a, b, c) => vars.get(a ?? b ?? c) ?? m);
}

/**
 * Reads every `*.json` dashboard of a folder and returns the requests of each, ending at `endS`
 * (Unix seconds), over the dashboard's default range or `opts.rangeS`, with Grafana's step (range /
 * 300 data points, at least the 15 s scrape interval).
 * Errors: throws when the folder has no dashboard JSON, naming the folder and how to get them.
 */
export async function loadCiliumDashboards(
  dir: string,
  endS: number,
  opts: DashboardOptions = {}
): Promise<CiliumDashboard[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (files.length === 0) {
    throw new Error(
      `no dashboard JSON in ${dir}: pass the folder holding Cilium's dashboards (see README "Page benchmark")`
    );
  }
  const dashboards: CiliumDashboard[] = [];
  for (const file of files.sort()) {
    const d = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard;
    const rangeS = opts.rangeS ?? rangeSeconds(d.time?.from);
    const stepS = Math.max(15, Math.round(rangeS / 300));
    const start = endS - rangeS;
    const vars = new Map<string, string>();
    const requests: BenchRequest[] = [];
    for (const v of d.templating?.list ?? []) {
      if (v.type !== 'query') {
        continue;
      }
      const q = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
      const m = /^label_values\((?:(.+),\s*)?(\w+)\)$/.exec(q.trim());
      const lookup = m ? { label: m[2], selector: m[1] ? interpolate(m[1], vars, stepS, rangeS) : '' } : undefined;
      if (lookup) {
        requests.push({
          source: `variable ${v.name}`,
          kind: 'labels',
          label: lookup.label,
          expr: lookup.selector,
          start,
          end: endS,
        });
      }
      vars.set(v.name, await variableValue(v, lookup, opts, start, endS));
    }
    for (const p of visiblePanels(d)) {
      for (const t of p.targets ?? []) {
        if (!t.expr || t.hide) {
          continue;
        }
        const expr = interpolate(t.expr, vars, stepS, rangeS);
        requests.push(
          t.instant && !t.range
            ? { source: p.title ?? '', kind: 'instant', expr, start: endS, end: endS }
            : { source: p.title ?? '', kind: 'range', expr, start, end: endS, step: stepS }
        );
      }
    }
    dashboards.push({ file: basename(file), title: d.title ?? file, requests });
  }
  return dashboards;
}
