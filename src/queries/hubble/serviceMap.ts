import { ROUTES } from '../../constants';
import { panel, table } from '../define';
import { CLUSTER, podWorkload } from '../promql';
import { PageQueries, PanelSpec } from '../types';

/**
 * Service map from metrics (route `service-map`, sources "Hubble metrics" and "Caretta"): instant
 * queries over the whole time range (`[$__range]`), one row per edge, that the page turns into the
 * node graph's `nodes` and `edges` frames (src/pages/ServiceMap/metricsGraph.ts, carettaGraph.ts).
 *
 * Edges keep "either end in `$namespace`" by joining two selectors with `or` (same label sets, so
 * nothing is counted twice). HTTP is reported by the client and/or the server side of a request
 * (`reporter`); taking the larger of the two per edge counts each request once.
 * Facts: cilium-hubble.md (httpV2 labelsContext, flow sourceContext/destinationContext with
 * `workload-name|reserved-identity`, where a reserved identity reads `reserved:world`) and
 * Caretta's `caretta_links_observed` (bytes sent on a link since the agent started; one series
 * per reporting side, `role`).
 */

/** Labels of one HTTP edge (httpV2 with labelsContext source_/destination_ namespace and workload). */
const HTTP_EDGE = 'source_namespace, source_workload, destination_namespace, destination_workload';
/** Labels of one flow edge (flow with source/destination context and labelsContext namespaces). */
const FLOW_EDGE = 'source_namespace, source, destination_namespace, destination';
/** Labels of one Caretta link. */
const CARETTA_EDGE =
  'client_namespace, client_name, client_kind, server_namespace, server_name, server_kind, server_port';

/** `sum by (<by>) (rate(<metric>{...}[$__range]))` for edges whose source, or whose destination, is in `$namespace`. */
function eitherEnd(metric: string, by: string, src: string, dst: string, extra = ''): string {
  const sel = (ns: string) => `{${CLUSTER}, ${ns}=~"$namespace"${extra}}`;
  return `sum by (${by}) (rate(${metric}${sel(src)}[$__range])) or sum by (${by}) (rate(${metric}${sel(dst)}[$__range]))`;
}

/** Requests per second of each edge, the larger of the client's and the server's count. */
export const HTTP_REQUESTS = `max by (${HTTP_EDGE}) (${eitherEnd('hubble_http_requests_total', `${HTTP_EDGE}, reporter`, 'source_namespace', 'destination_namespace')})`;

/** 5xx answers per second of each edge (the error ratio is HTTP_ERRORS / HTTP_REQUESTS). */
export const HTTP_ERRORS = `max by (${HTTP_EDGE}) (${eitherEnd('hubble_http_requests_total', `${HTTP_EDGE}, reporter`, 'source_namespace', 'destination_namespace', ', status=~"5.."')})`;

/** p95 request duration of each edge in seconds, per reporter, then the larger. */
export const HTTP_P95 = `max by (${HTTP_EDGE}) (histogram_quantile(0.95, ${eitherEnd(
  'hubble_http_request_duration_seconds_bucket',
  `le, ${HTTP_EDGE}, reporter`,
  'source_namespace',
  'destination_namespace'
)}))`;

/** Flows per second of each edge by verdict (needs the flow metric's source/destination context). */
export const FLOWS_BY_VERDICT = eitherEnd(
  'hubble_flows_processed_total',
  `${FLOW_EDGE}, verdict`,
  'source_namespace',
  'destination_namespace'
);

/** Kind of every workload (ReplicaSets resolved to Deployments), so workload nodes link to their page. */
export const WORKLOAD_KINDS = `group by (namespace, owner_kind, owner_name) (${podWorkload('namespace=~".+"')})`;

/** Bytes per second of each Caretta link, the larger of the client's and the server's report. */
export const CARETTA_LINKS = `max by (${CARETTA_EDGE}) (${eitherEnd('caretta_links_observed', `${CARETTA_EDGE}, role`, 'client_namespace', 'server_namespace')})`;

/** refIds the graph builders read. */
export const SERVICE_MAP_REFS = {
  requests: 'requests',
  errors: 'errors',
  p95: 'p95',
  flows: 'flows',
  kinds: 'kinds',
  caretta: 'caretta',
} as const;

const http: PanelSpec = panel({
  key: 'map-http',
  title: 'Service map: HTTP edges',
  section: 'Hubble metrics',
  viz: 'table',
  requires: ['hubbleHttp'],
  description:
    'Requests per second, 5xx per second and p95 duration between workloads over the time range (hubble_http_requests_total, hubble_http_request_duration_seconds), shown as node graph edges.',
  targets: [
    table(HTTP_REQUESTS, { refId: SERVICE_MAP_REFS.requests }),
    table(HTTP_ERRORS, { refId: SERVICE_MAP_REFS.errors }),
    table(HTTP_P95, { refId: SERVICE_MAP_REFS.p95 }),
  ],
});

const flows: PanelSpec = panel({
  key: 'map-flows',
  title: 'Service map: flow edges and drops',
  section: 'Hubble metrics',
  viz: 'table',
  requires: ['hubbleFlowContext'],
  description:
    'Flows per second between workloads and reserved identities by verdict over the time range (hubble_flows_processed_total with source/destination context); dropped flows mark edges.',
  targets: [table(FLOWS_BY_VERDICT, { refId: SERVICE_MAP_REFS.flows })],
});

const kinds: PanelSpec = panel({
  key: 'map-workload-kinds',
  title: 'Service map: workload kinds',
  section: 'Hubble metrics',
  viz: 'table',
  requires: ['kubeStateMetrics'],
  description:
    'Kind of each workload (kube_pod_owner, ReplicaSets resolved), so map nodes open the right workload page.',
  targets: [table(WORKLOAD_KINDS, { refId: SERVICE_MAP_REFS.kinds })],
});

const caretta: PanelSpec = panel({
  key: 'map-caretta',
  title: 'Service map: Caretta links',
  section: 'Caretta',
  viz: 'table',
  requires: ['caretta'],
  description:
    'Bytes per second on each client → server link Caretta observed over the time range (caretta_links_observed).',
  targets: [table(CARETTA_LINKS, { refId: SERVICE_MAP_REFS.caretta })],
});

/** Panels of the "Hubble metrics" source. */
export const HUBBLE_MAP_PANELS: PanelSpec[] = [http, flows, kinds];
/** Panels of the "Caretta" source. */
export const CARETTA_MAP_PANELS: PanelSpec[] = [caretta];

/**
 * The service map page's Prometheus queries. The node graph panels are built by the page from these
 * instant tables (`viz: 'table'` is the shape of the data, the page shows them as a node graph).
 */
export const serviceMapQueries: PageQueries = {
  route: ROUTES.ServiceMap,
  title: 'Service map',
  variables: [{ name: 'namespace', label: 'Namespace', metric: 'kube_namespace_status_phase' }],
  panels: [...HUBBLE_MAP_PANELS, ...CARETTA_MAP_PANELS],
};
