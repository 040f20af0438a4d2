import { DRILLDOWN_ROUTES, ROUTES } from '../../constants';
import { DrilldownKind, LokiPanelSpec, LokiTarget, SignalLabelVariable, SignalPageQueries } from '../types';

/**
 * The stream selector of every Logs query: the four label variables. On the Logs page they are
 * multi-value with "All" (`namespace` All = `.+`, the others `.*` so streams without the label
 * still match); on a drill-down's Logs tab `namespace` and `pod` are fixed by the route (pod as a
 * regex of the workload's pod names on a workload tab).
 *
 * Labels as Promtail's and Alloy's Kubernetes pod discovery set them: `namespace`, `pod`,
 * `container`, `app` (from the pod label `app.kubernetes.io/name` or `app`).
 */
export const LOG_STREAM = '{namespace=~"$namespace", pod=~"$pod", container=~"$container", app=~"$app"}';

/** The line filter typed in the search box (`|= ""` matches every line). */
export const LINE_FILTER = '|= "$search"';

/** A LogQL target; refIds are the panel's key plus an index. */
function logql(refId: string, expr: string, extra: Partial<LokiTarget> = {}): LokiTarget {
  return { refId, expr, queryType: 'range', ...extra };
}

/**
 * Log lines per interval by a label. `detected_level` is the level Loki 3.x detects at ingestion
 * (`discover_log_levels`, on by default): from a `level`/`severity` field of JSON or logfmt lines
 * or a level word in plain text, stored as structured metadata. It works for every line format,
 * where `| json | level` would drop plain-text lines with a parse error.
 */
function volumeBy(label: string): string {
  return `sum by (${label}) (count_over_time(${LOG_STREAM} ${LINE_FILTER} [$__auto]))`;
}

const volumeByLevel: LokiPanelSpec = {
  key: 'volume-by-level',
  title: 'Log volume by level',
  description: 'Log lines per interval by the level Loki detected (detected_level: error, warn, info, debug, unknown).',
  datasource: 'loki',
  viz: 'timeseries',
  stacked: true,
  unit: 'short',
  targets: [logql('level', volumeBy('detected_level'), { legendFormat: '{{detected_level}}' })],
};

/**
 * The log lines: JSON lines parsed into fields (`| json`), the parse error labels of plain-text
 * lines dropped so they show as they are. Trace ids are found in the line text by the panel and
 * linked to the trace (see links/logTraceLinks.ts).
 */
const logLines: LokiPanelSpec = {
  key: 'logs',
  title: 'Logs',
  description:
    'Log lines of the selected pods and containers, newest first; JSON lines are parsed into fields and trace ids link to the trace.',
  datasource: 'loki',
  viz: 'logs',
  targets: [
    logql('logs', `${LOG_STREAM} ${LINE_FILTER} | json | drop __error__, __error_details__`, { maxLines: 1000 }),
  ],
};

/** The label variables of the Logs page, each restricted to the streams the earlier ones select. */
export const LOG_LABEL_VARIABLES: SignalLabelVariable[] = [
  { name: 'namespace', label: 'Namespace', datasource: 'loki', labelName: 'namespace' },
  { name: 'pod', label: 'Pod', datasource: 'loki', labelName: 'pod', stream: '{namespace=~"$namespace"}' },
  {
    name: 'container',
    label: 'Container',
    datasource: 'loki',
    labelName: 'container',
    stream: '{namespace=~"$namespace", pod=~"$pod"}',
  },
  { name: 'app', label: 'App', datasource: 'loki', labelName: 'app', stream: '{namespace=~"$namespace", pod=~"$pod"}' },
];

/** Logs page (route `logs`): volume by namespace and by level, and the log lines. */
export const logsQueries: SignalPageQueries = {
  route: ROUTES.Logs,
  title: 'Logs',
  variables: LOG_LABEL_VARIABLES,
  panels: [
    {
      key: 'volume-by-namespace',
      title: 'Log volume by namespace',
      description: 'Log lines per interval by namespace.',
      datasource: 'loki',
      viz: 'timeseries',
      stacked: true,
      unit: 'short',
      targets: [logql('namespace', volumeBy('namespace'), { legendFormat: '{{namespace}}' })],
    },
    volumeByLevel,
    logLines,
  ],
};

/** The variables of a drill-down's Logs tab: namespace and pod come from the route. */
const TAB_VARIABLES = LOG_LABEL_VARIABLES.filter((v) => v.name === 'container' || v.name === 'app');

/** The panels of a drill-down's Logs tab: volume by pod and by level, and the log lines. */
const tabPanels: LokiPanelSpec[] = [
  {
    key: 'volume-by-pod',
    title: 'Log volume by pod',
    description: 'Log lines per interval by pod.',
    datasource: 'loki',
    viz: 'timeseries',
    stacked: true,
    unit: 'short',
    targets: [logql('pod', volumeBy('pod'), { legendFormat: '{{pod}}' })],
  },
  volumeByLevel,
  logLines,
];

/**
 * The Logs tabs of the namespace, workload and pod drill-downs, by drill-down. `$namespace` is the
 * route's namespace; `$pod` is `.*` (namespace), the workload's pod-name regex (workload, see
 * links/podRegex.ts) or the pod's name (pod).
 */
export const logsTabQueries: Record<DrilldownKind, SignalPageQueries> = {
  namespace: {
    route: `${DRILLDOWN_ROUTES.namespace}/logs`,
    title: 'Namespace › Logs',
    variables: TAB_VARIABLES,
    panels: tabPanels,
  },
  workload: {
    route: `${DRILLDOWN_ROUTES.workload}/logs`,
    title: 'Workload › Logs',
    variables: TAB_VARIABLES,
    panels: tabPanels,
  },
  pod: { route: `${DRILLDOWN_ROUTES.pod}/logs`, title: 'Pod › Logs', variables: TAB_VARIABLES, panels: tabPanels },
};
