import { DRILLDOWN_ROUTES, ROUTES } from '../../constants';
import { DrilldownKind, JaegerTarget, SignalPageQueries, TempoPanelSpec, TempoTarget } from '../types';

/**
 * The filters every trace search ends with: `$minDuration` (`0ms`, `100ms`, ... a TraceQL duration)
 * and `$status`, a whole TraceQL condition chosen from a list (`true` for any status,
 * `status=error`, `status=ok`), so that "any" needs no special case in the query.
 */
const FILTERS = 'duration > $minDuration && $status';

/** A TraceQL search returning one row per trace, newest first. */
function search(refId: string, query: string): TempoTarget {
  return { refId, queryType: 'traceql', kind: 'search', query, limit: 50, tableType: 'traces' };
}

/** The same search for Jaeger: service, operation, min duration and tags (`$status` is `error=true` or empty there). */
function jaegerSearch(refId: string, service: string): JaegerTarget {
  return {
    refId,
    queryType: 'search',
    service,
    operation: '$operation',
    minDuration: '$minDuration',
    tags: '$status',
    limit: 50,
  };
}

/** Searches of the Traces page and of the drill-downs' Traces tabs, by scope. */
export const TRACE_SEARCHES = {
  /** Traces page: by service (`resource.service.name`), span name regex, duration and status. */
  page: `{ resource.service.name=~"$service" && name=~"$span" && ${FILTERS} }`,
  /** Namespace tab: spans of any service whose resource is in the namespace (OpenTelemetry k8sattributes). */
  namespace: `{ resource.k8s.namespace.name="$namespace" && ${FILTERS} }`,
  /**
   * Workload tab: the workload's resource attribute for its kind as k8sattributes sets it, or a
   * service named like the workload (services instrumented without k8sattributes).
   */
  workload:
    `{ resource.k8s.namespace.name="$namespace" && (resource.k8s.deployment.name="$workload" || resource.k8s.statefulset.name="$workload"` +
    ` || resource.k8s.daemonset.name="$workload" || resource.service.name="$workload") && ${FILTERS} }`,
  /** Pod tab. */
  pod: `{ resource.k8s.namespace.name="$namespace" && resource.k8s.pod.name="$pod" && ${FILTERS} }`,
} as const;

/** Keys of the two panels of every traces page and tab: the search table and the trace view. */
export const TRACE_PANEL_KEYS = { search: 'traces', view: 'trace' } as const;

function searchPanel(query: string, jaegerService: string): TempoPanelSpec {
  return {
    key: TRACE_PANEL_KEYS.search,
    title: 'Traces',
    description: 'Traces matching the search, newest first. Click a trace id to open it below.',
    datasource: 'tempo',
    viz: 'table',
    targets: [search('search', query)],
    jaeger: [jaegerSearch('search', jaegerService)],
  };
}

/** Grafana's trace view of the trace whose id is in `$traceId` (set by a click in the table or by a link). */
export const traceViewPanel: TempoPanelSpec = {
  key: TRACE_PANEL_KEYS.view,
  title: 'Trace',
  description:
    "The trace whose id was clicked or linked: spans on a timeline, with links from each span to its pod's logs.",
  datasource: 'tempo',
  viz: 'traces',
  targets: [{ refId: 'trace', queryType: 'traceql', kind: 'traceId', query: '$traceId' }],
  jaeger: [{ refId: 'trace', query: '$traceId' }],
};

/** Traces page (route `traces`): search, table of traces, trace view (the service graph is in serviceGraph.ts). */
export const tracesQueries: SignalPageQueries = {
  route: ROUTES.Traces,
  title: 'Traces',
  variables: [{ name: 'service', label: 'Service', datasource: 'tempo', labelName: 'resource.service.name' }],
  panels: [searchPanel(TRACE_SEARCHES.page, '$service'), traceViewPanel],
};

/** The Traces tabs of the namespace, workload and pod drill-downs, by drill-down (Jaeger: service = workload name where known). */
export const tracesTabQueries: Record<DrilldownKind, SignalPageQueries> = {
  namespace: {
    route: `${DRILLDOWN_ROUTES.namespace}/traces`,
    title: 'Namespace › Traces',
    variables: [],
    panels: [searchPanel(TRACE_SEARCHES.namespace, '$service'), traceViewPanel],
  },
  workload: {
    route: `${DRILLDOWN_ROUTES.workload}/traces`,
    title: 'Workload › Traces',
    variables: [],
    panels: [searchPanel(TRACE_SEARCHES.workload, '$workload'), traceViewPanel],
  },
  pod: {
    route: `${DRILLDOWN_ROUTES.pod}/traces`,
    title: 'Pod › Traces',
    variables: [],
    panels: [searchPanel(TRACE_SEARCHES.pod, '$service'), traceViewPanel],
  },
};

/** Options of `$minDuration` (TraceQL and Jaeger durations). */
export const MIN_DURATIONS = ['0ms', '10ms', '50ms', '100ms', '250ms', '500ms', '1s', '2s', '5s'];

/** The `$status` option for Tempo that keeps every span (`true`): the variable's initial value. */
export const TEMPO_STATUS_ANY = { text: 'any', value: 'true' };

/** Options of `$status` for Tempo: label → TraceQL condition. */
export const TEMPO_STATUS_OPTIONS: Array<{ text: string; value: string }> = [
  TEMPO_STATUS_ANY,
  { text: 'error', value: 'status=error' },
  { text: 'ok', value: 'status=ok' },
  { text: 'unset', value: 'status=unset' },
];

/** Typical values of `$status` for Jaeger (a text box of logfmt tags there): all spans, failed spans. */
export const JAEGER_STATUS_OPTIONS: Array<{ text: string; value: string }> = [
  { text: 'any', value: '' },
  { text: 'error', value: 'error=true' },
];
