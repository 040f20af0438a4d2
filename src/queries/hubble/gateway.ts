import { FlowQuery } from '../../gateway/params';
import {
  GatewayFlowsQuery,
  GatewayNamespacesQuery,
  GatewayQueryType,
  GatewayServiceMapQuery,
} from '../../gateway/query';

/**
 * The queries the Flows and Service map pages send to the Hubble gateway data source
 * (src/gateway/dataSource.ts); their HTTP calls are listed by `gatewayEntries()` in catalogue.ts.
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
