import { drilldownUrl, prefixRoute, ROUTES, TROUBLESHOOT_PARAMS, urlParam, VARIABLES } from '../constants';

/** A time range in epoch milliseconds, as Grafana's `from` and `to` URL parameters take it. */
export interface TimeWindow {
  from: number;
  to: number;
}

/** Data source uids a link may pin; left out, the target page starts with the app's configured ones. */
export interface LinkDatasources {
  /** uid of the Loki data source (`var-loki`). */
  lokiUid?: string;
  /** uid of the Tempo or Jaeger data source (`var-traces`). */
  tracesUid?: string;
}

function query(params: Array<[string, string | number | undefined]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of params) {
    if (value !== undefined && value !== '') {
      search.append(key, String(value));
    }
  }
  return search.toString();
}

/**
 * URL of a pod's Logs tab (`/a/seed-kubeobs-app/cluster/namespace/<ns>/pod/<pod>/logs`) over `window`,
 * optionally filtered to lines containing `search` (`var-search`).
 */
export function podLogsUrl(
  namespace: string,
  pod: string,
  window: TimeWindow,
  ds: LinkDatasources = {},
  search?: string
): string {
  const q = query([
    ['from', Math.round(window.from)],
    ['to', Math.round(window.to)],
    [urlParam(VARIABLES.loki), ds.lokiUid],
    [urlParam(VARIABLES.search), search],
  ]);
  return `${drilldownUrl.pod(namespace, pod)}/logs?${q}`;
}

/**
 * URL of the Traces page showing one trace in Grafana's trace view (`var-traceId`), with the
 * search table and service graph over `window`.
 */
export function traceUrl(traceId: string, window: TimeWindow, ds: LinkDatasources = {}): string {
  const q = query([
    ['from', Math.round(window.from)],
    ['to', Math.round(window.to)],
    [urlParam(VARIABLES.traces), ds.tracesUid],
    [urlParam(VARIABLES.traceId), traceId],
  ]);
  return `${prefixRoute(ROUTES.Traces)}?${q}`;
}

/**
 * Data link template (interpolated by Grafana per row) from a field holding a trace id to the
 * Traces page, keeping the panel's time range: `${__value.raw}` is the field's value.
 */
export const TRACE_LINK_TEMPLATE = `${prefixRoute(ROUTES.Traces)}?${urlParam(VARIABLES.traceId)}=\${__value.raw}&\${__url_time_range}`;

/**
 * URL of the Troubleshoot page for the connection `source` → `destination` (each `namespace/workload`,
 * `namespace/pod`, an IP or a DNS name; a side left out is for the user to pick), over `time` (epoch
 * ms or Grafana's relative form, `now-15m`; the page's default without it).
 */
export function troubleshootUrl(
  pair: { source?: string; destination?: string },
  time?: { from: string | number; to: string | number }
): string {
  const q = query([
    [TROUBLESHOOT_PARAMS.source, pair.source],
    [TROUBLESHOOT_PARAMS.destination, pair.destination],
    ['from', time?.from],
    ['to', time?.to],
  ]);
  return `${prefixRoute(ROUTES.Troubleshoot)}${q ? `?${q}` : ''}`;
}
