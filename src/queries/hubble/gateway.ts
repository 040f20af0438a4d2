import { FlowQuery } from '../../gateway/params';
import {
  GatewayConnectivityQuery,
  GatewayFlowsQuery,
  GatewayNamespacesQuery,
  GatewayPolicySuggestionQuery,
  GatewayQueryType,
  GatewayServiceMapQuery,
  GatewayStatusQuery,
} from '../../gateway/query';

/**
 * The queries the Flows, Service map and Troubleshoot pages and the workload pages send to the
 * Hubble gateway data source (src/gateway/dataSource.ts); their HTTP calls are listed by
 * `gatewayEntries()` in catalogue.ts.
 */

/**
 * The Flows table: the filter bar's gateway filters over the scene's time range, followed or not.
 * `filters` is what the bar holds (`toFlowQuery` in pages/Flows/filterState.ts); its range, if
 * any, is ignored: the data source takes the request's.
 */
export function flowsTableQuery(filters: FlowQuery, follow: boolean): GatewayFlowsQuery {
  const { since: _since, until: _until, ...gatewayFilters } = filters;
  return { refId: 'flows', queryType: GatewayQueryType.Flows, ...gatewayFilters, follow };
}

/**
 * The gateway's status, for the large-cluster notice on the Flows page and above the live service
 * map (`mode`: follow or query).
 */
export const GATEWAY_STATUS_QUERY: GatewayStatusQuery = { refId: 'status', queryType: GatewayQueryType.Status };

/** The Flows page's namespace picker: the namespaces Relay knows. */
export const NAMESPACE_OPTIONS_QUERY: GatewayNamespacesQuery = {
  refId: 'namespaces',
  queryType: GatewayQueryType.Namespaces,
};

/**
 * The live service map: edges with either end in the page's `$namespace` (several values are sent
 * comma-separated; All is every namespace), over the scene's time range.
 */
export const SERVICE_MAP_QUERY: GatewayServiceMapQuery = {
  refId: 'service-map',
  queryType: GatewayQueryType.ServiceMap,
  namespace: '${namespace:csv}',
};

/** The same map on a page without `$namespace` (no Prometheus data source): every namespace. */
export const SERVICE_MAP_ALL_NAMESPACES_QUERY: GatewayServiceMapQuery = {
  refId: 'service-map',
  queryType: GatewayQueryType.ServiceMap,
};

/** refIds of the Troubleshoot page's queries, by what they answer. */
export const TROUBLESHOOT_REFS = { connectivity: 'connectivity', httpErrors: 'http-errors' } as const;

/** The Troubleshoot page: why `source` can or cannot reach `destination`, over the scene's time range. */
export function connectivityQuery(source: string, destination: string): GatewayConnectivityQuery {
  return {
    refId: TROUBLESHOOT_REFS.connectivity,
    queryType: GatewayQueryType.Connectivity,
    from: source,
    to: destination,
  };
}

/** HTTP status classes the Troubleshoot page lists as errors (Hubble's prefix form). */
export const HTTP_ERROR_STATUSES = ['4+', '5+'];

/**
 * The Troubleshoot page's HTTP errors: L7 HTTP flows of `workload` (`namespace/name`, one side of the
 * pair) with a 4xx or 5xx status, newest first; the page keeps those between the two sides.
 */
export function pairHttpErrorsQuery(workload: string): GatewayFlowsQuery {
  return {
    refId: TROUBLESHOOT_REFS.httpErrors,
    queryType: GatewayQueryType.Flows,
    workload,
    protocol: ['http'],
    httpStatus: HTTP_ERROR_STATUSES,
    limit: 1000,
  };
}

/**
 * The Troubleshoot page's source and destination pickers: the workloads and DNS names of the
 * service map over the scene's time range (also its dropped connections), and the namespaces Relay knows.
 */
export const TROUBLESHOOT_OPTIONS_QUERIES: [GatewayServiceMapQuery, GatewayNamespacesQuery] = [
  { refId: 'options-map', queryType: GatewayQueryType.ServiceMap },
  { refId: 'options-namespaces', queryType: GatewayQueryType.Namespaces },
];

/** A workload page's Suggested policy tab: baseline policies of the workload from its allowed flows. */
export function policySuggestionQuery(namespace: string, workload: string): GatewayPolicySuggestionQuery {
  return {
    refId: 'policy-suggestion',
    queryType: GatewayQueryType.PolicySuggestion,
    workload: `${namespace}/${workload}`,
  };
}
