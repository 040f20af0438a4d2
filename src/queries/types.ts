/**
 * The query catalogue's vocabulary. The catalogue is plain data (no scenes or React imports) so
 * that `npm run queries`, the live test against Prometheus and the page scenes all read one source.
 */

/** Grafana data source plugin types the catalogue queries. */
export type DatasourceType = 'prometheus' | 'loki' | 'tempo' | 'jaeger' | 'hubble-gateway';

/** One Prometheus query, as the Prometheus data source takes it (`expr`, `legendFormat`, `instant`, `format`). */
export interface PromTarget {
  refId: string;
  /** PromQL with Grafana variables (`$cluster`, `$namespace`, `$__rate_interval`). */
  expr: string;
  legendFormat?: string;
  /** Instant query at the end of the time range (tables, stats); default: range query. */
  instant?: boolean;
  /** `table` returns one row per series with labels as columns (instant tables). */
  format?: 'time_series' | 'table';
  /** Ask Prometheus for exemplars too (HTTP latency panels; links to traces). */
  exemplar?: boolean;
  /**
   * The same query over the app's recording rules (`recordingRules.ts`), used instead of `expr`
   * when the page finds their recorded series; same labels and unit as `expr`.
   */
  recorded?: string;
}

/** The visualizations the panel builder knows. */
export type VizType = 'timeseries' | 'stat' | 'gauge' | 'bargauge' | 'table' | 'piechart' | 'nodeGraph';

/** A link from a table cell to an app page: the URL template may use `${__value.raw}` and `${__data.fields.<name>}`. */
export interface CellLink {
  /** Column (field) the link sits on. */
  field: string;
  title: string;
  /** App-relative path template, e.g. `cluster/namespace/${__value.raw}`. */
  path: string;
}

/** How a table shows one column (see `PanelSpec.columns`). */
export interface TableColumn {
  header?: string;
  unit?: string;
  valueText?: Record<string, string>;
  width?: number;
  hidden?: boolean;
}

/**
 * A panel of a page: its title, why it exists, its queries and how to show them.
 * `requires` names the metric families (see features.ts) without which the panel cannot show data;
 * the page hides such panels and says which Helm value or exporter provides the family.
 */
export interface PanelSpec {
  /** Unique within the page; used as scene key and test id. */
  key: string;
  title: string;
  description: string;
  /** Section heading the panel is grouped under on its page. */
  section: string;
  datasource: 'prometheus';
  targets: PromTarget[];
  viz: VizType;
  /** Grafana unit id: `percentunit`, `bytes`, `Bps`, `reqps`, `s`, `short`, `ops`, `pps`, `suffix: cores`. */
  unit?: string;
  min?: number;
  max?: number;
  /**
   * Time series: the axis reaches at least this value (Grafana's "Soft max"), so a flat series of
   * small counts (0 restarts) is not drawn against an axis up to 100.
   */
  softMax?: number;
  /** Decimals shown (0 for counts such as pods). */
  decimals?: number;
  /** Stack series (areas) in time series panels. */
  stacked?: boolean;
  /** Wider panel: spans two grid columns. */
  wide?: boolean;
  /** Taller panel (450 px instead of 300 px): tables of up to 10 rows shown without scrolling. */
  tall?: boolean;
  /** Shorter panel (150 px instead of 300 px): a table of one row, such as one pod's facts. */
  short?: boolean;
  /**
   * Smallest step of the panel's range queries, as Grafana's "Min interval" (`1m`); default: the data
   * source's scrape interval. Trends over every node, namespace or workload use `TREND_STEP` (define.ts).
   */
  minInterval?: string;
  requires?: string[];
  links?: CellLink[];
  /**
   * Table columns by field name (a label, `value`, or a target's refId): the header to show, the
   * Grafana unit of its numbers, texts for values (e.g. `{ 1: 'Ready', 0: 'Not ready' }`), a width
   * in px (names that must not be cut), or `hidden` for a column that is only there to join on.
   */
  columns?: Record<string, TableColumn>;
  /** Thresholds (value → colour) for stats and gauges, ascending; first is the base. */
  thresholds?: Array<{ value: number; color: string }>;
}

/**
 * A multi-value label variable of a page, filled from `label_values(<metric>{cluster=~"$cluster"}, <label>)`.
 * `All` matches every value (`.*`).
 */
export interface LabelVariableSpec {
  name: string;
  label: string;
  metric: string;
  /** Label to read values from; default: `name`. */
  labelName?: string;
  /** Extra matchers on the metric, e.g. `nodename="$node"`. */
  selector?: string;
  /**
   * A helper the page resolves for its queries (hidden, one value, no "All"), e.g. the node-exporter
   * `instance` of a drill-down's node, so panels select that instance's series instead of joining all.
   */
  hidden?: boolean;
}

/** Everything one page (app route) can query: its route, its selectable variables, its panels. */
export interface PageQueries {
  /** App route with params, as in constants.ts (`cluster/namespace/:namespace`). */
  route: string;
  title: string;
  /** Variables the user picks (besides `ds`, `cluster` and the route's own params). */
  variables?: LabelVariableSpec[];
  panels: PanelSpec[];
}

/**
 * One Loki query as the Loki data source takes it. `expr` is LogQL as users write it, with Grafana
 * variables left in place (`$namespace`, `$search`, `$__auto`).
 */
export interface LokiTarget {
  refId: string;
  expr: string;
  /** `range` for log lines and volume over time, `instant` for one value at the end of the range. */
  queryType: 'range' | 'instant';
  legendFormat?: string;
  /** Most log lines a log query returns (Loki's `limit`); metric queries ignore it. */
  maxLines?: number;
}

/**
 * One Tempo query as the Tempo data source takes it: `queryType: 'traceql'` with either a TraceQL
 * search (`kind: 'search'`) or a trace id (`kind: 'traceId'`, the query is the id itself).
 */
export interface TempoTarget {
  refId: string;
  queryType: 'traceql';
  kind: 'search' | 'traceId';
  query: string;
  /** Most traces a search returns. */
  limit?: number;
  /** Search results as one row per trace (`traces`) or per matching span set (`spans`). */
  tableType?: 'traces' | 'spans';
}

/**
 * The Jaeger data source's query for the same panels where Tempo is absent: a search form
 * (`queryType: 'search'`, service, operation, min duration, tags in logfmt) or a trace id (`query`).
 */
export interface JaegerTarget {
  refId: string;
  queryType?: 'search';
  query?: string;
  service?: string;
  operation?: string;
  minDuration?: string;
  /** logfmt tags, e.g. `error=true`. */
  tags?: string;
  limit?: number;
}

/** Visualizations of the Logs and Traces pages. */
export type SignalVizType = 'logs' | 'timeseries' | 'table' | 'traces';

interface SignalPanelBase {
  /** Unique within the page; used as scene key and test id. */
  key: string;
  title: string;
  description: string;
  viz: SignalVizType;
  unit?: string;
  stacked?: boolean;
}

/** A Loki panel of the Logs page or a Logs tab. */
export interface LokiPanelSpec extends SignalPanelBase {
  datasource: 'loki';
  targets: LokiTarget[];
}

/** A Tempo panel of the Traces page or a Traces tab; `jaeger` is the same panel for Jaeger. */
export interface TempoPanelSpec extends SignalPanelBase {
  datasource: 'tempo';
  targets: TempoTarget[];
  jaeger?: JaegerTarget[];
}

/**
 * A variable whose options come from Loki label values (`/loki/api/v1/label/<label>/values`,
 * restricted to the streams matching `stream`) or Tempo tag values (`/api/v2/search/tag/<tag>/values`).
 */
export interface SignalLabelVariable {
  name: string;
  label: string;
  datasource: 'loki' | 'tempo';
  /** Loki label or scoped Tempo tag (`resource.service.name`). */
  labelName: string;
  /** Loki only: stream selector restricting the values (LogQL, may use other variables). */
  stream?: string;
}

/** The drill-downs that have Logs and Traces tabs: the keys of `logsTabQueries` and `tracesTabQueries`. */
export type DrilldownKind = 'namespace' | 'workload' | 'pod';

/** Everything the Logs or Traces page (or a drill-down's Logs/Traces tab) can query. */
export interface SignalPageQueries {
  /** App route with params, as in constants.ts. */
  route: string;
  title: string;
  variables: SignalLabelVariable[];
  panels: Array<LokiPanelSpec | TempoPanelSpec>;
}
