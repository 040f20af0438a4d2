/**
 * Types of the alert-rule template catalogue. Pure data: no scenes, React or Grafana runtime imports,
 * so scripts (`npx tsx`) and jest can import everything under `src/alerting/` directly.
 */

/** Which part of the stack a template watches; the Alerts page groups templates by it. */
export type AlertArea = 'kubernetes' | 'cilium' | 'hubble' | 'loki';

/** Value of the `severity` label. `page` wakes someone up; `info` never should. */
export type Severity = 'page' | 'critical' | 'warning' | 'info';

/** The kind of data source a template's expression is written for (PromQL or LogQL). */
export type DatasourceKind = 'prometheus' | 'loki';

/**
 * The comparison that turns the template's query into an alert condition.
 * Only `>` and `<` are used because Grafana's threshold expression has exactly these two
 * (`gt` / `lt`) in every supported version.
 */
export type Comparison = '>' | '<';

/** How a parameter value is validated and substituted. */
export type ParamKind =
  /** a finite number, substituted as written (e.g. `0.9`) */
  | 'number'
  /** a regular expression (RE2) substituted inside a double-quoted label matcher */
  | 'regex';

/** One user-settable parameter of a template. */
export interface TemplateParam {
  /** key used in {@link ParamValues} and in the expression builder */
  name: string;
  /** short form label shown on the Alerts page */
  label: string;
  /** what the value means, with its unit */
  description: string;
  kind: ParamKind;
  /** default value; numbers are kept as numbers */
  default: number | string;
}

/** Parameter values by parameter name; missing names take the template default. */
export type ParamValues = Record<string, number | string>;

/** Short runbook: what the alert means, how to check, how to fix. Plain text, one step per entry. */
export interface Runbook {
  meaning: string;
  check: string[];
  fix: string[];
}

/**
 * One alert-rule template. `query` gives the value that is compared; the rule fires for every
 * series where `query <comparison> threshold` holds for `for`.
 */
export interface AlertTemplate {
  /** stable id, kebab case, e.g. `cilium-bpf-map-pressure` */
  id: string;
  /** stable Grafana rule uid (≤ 40 characters), `kubeobs-` + a short id */
  uid: string;
  /** Prometheus alert name (CamelCase), also the Grafana rule title */
  alert: string;
  area: AlertArea;
  /** human title shown in the browser */
  title: string;
  severity: Severity;
  /** pending duration, Prometheus duration string (`5m`) */
  for: string;
  datasource: DatasourceKind;
  /** parameters; every template has a `threshold` parameter (the compared number) */
  params: TemplateParam[];
  comparison: Comparison;
  /**
   * Builds the query (without the final comparison) from resolved parameter values.
   * Metric and label names are exactly as the exporters emit them.
   */
  query: (p: ResolvedParams) => string;
  /** Go-template summary: `{{ $labels.x }}` and `{{ printf "%.2f" $value }}` only */
  summary: string;
  /** Go-template description, same syntax as `summary` */
  description: string;
  runbook: Runbook;
  /** the labels every firing series carries (used by tests and the preview table) */
  outputLabels: string[];
}

/** Parameter values after defaults and validation: numbers are numbers, regexes are escaped strings. */
export type ResolvedParams = Record<string, number | string> & { threshold: number };
