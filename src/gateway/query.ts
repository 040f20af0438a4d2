import type { DataQuery } from '@grafana/schema';
import { FlowQuery } from './params';

/**
 * The query model of the Hubble gateway data source (see dataSource.ts): one query type per
 * gateway endpoint. A new endpoint becomes a new type here, a runner in queryRunners.ts and its
 * frames in frames.ts.
 */
export enum GatewayQueryType {
  /** `GET /api/v1/flows`: the flows table. */
  Flows = 'flows',
  /** `GET /api/v1/service-map`: who talks to whom. */
  ServiceMap = 'serviceMap',
  /** `GET /api/v1/namespaces`: the namespaces Relay knows. */
  Namespaces = 'namespaces',
  /** `GET /api/v1/status`: Relay's status, its nodes and the gateway's flow buffer. */
  Status = 'status',
  /** `GET /api/v1/connectivity`: why `from` can or cannot reach `to` (findings, fixes, a suggested policy). */
  Connectivity = 'connectivity',
  /** `GET /api/v1/policy-suggestion`: baseline policies of a workload from its allowed flows. */
  PolicySuggestion = 'policySuggestion',
}

/**
 * Flows (`GET /api/v1/flows`) in the query's time range, newest first, filtered like `hubble
 * observe`: every filter of FlowQuery but the range, which comes from the request (`since` =
 * range start, `until` = range end). String values may hold dashboard variables. Values the gateway
 * would reject are left out and named in the frame's notices.
 */
export interface GatewayFlowsQuery
  extends DataQuery, Omit<FlowQuery, 'since' | 'until' | 'verdict' | 'protocol' | 'trafficDirection'> {
  queryType: GatewayQueryType.Flows;
  /** Verdict names (`DROPPED`) or variables holding them. */
  verdict?: string[];
  /** Protocols (`http`) or variables holding them. */
  protocol?: string[];
  /** `ingress`, `egress` or variables holding them. */
  trafficDirection?: string[];
  /**
   * Follow mode: after the first answer (range start, no end), ask every FOLLOW_INTERVAL_MS for
   * the flows since the newest one shown and stream them merged on top (at most `limit` rows),
   * until the query is cancelled.
   */
  follow?: boolean;
}

/**
 * The service map (`GET /api/v1/service-map`) of the flows in the query's time range. `namespace`:
 * one namespace, or several comma-separated (`${namespace:csv}`): the gateway filters by one, the
 * data source keeps the edges with either end in any of several. Empty, `$__all`, `.*` and `.+`
 * (the All values of the app's variables) mean every namespace.
 */
export interface GatewayServiceMapQuery extends DataQuery {
  queryType: GatewayQueryType.ServiceMap;
  namespace?: string;
}

/** The namespaces Relay knows (`GET /api/v1/namespaces`; the gateway's buffer when Relay fails). */
export interface GatewayNamespacesQuery extends DataQuery {
  queryType: GatewayQueryType.Namespaces;
}

/** Relay's status and nodes, and the gateway's follow stream and buffer (`GET /api/v1/status`). */
export interface GatewayStatusQuery extends DataQuery {
  queryType: GatewayQueryType.Status;
}

/**
 * "Why can't `from` reach `to`?" (`GET /api/v1/connectivity`) over the query's time range. Each side
 * is `namespace/workload`, `namespace/pod-name`, an IP address or a DNS name (subject.ts), or a
 * variable holding one. Without both, or with a value the gateway would reject, nothing is sent
 * and the answer is an error naming the parameter.
 */
export interface GatewayConnectivityQuery extends DataQuery {
  queryType: GatewayQueryType.Connectivity;
  from?: string;
  to?: string;
}

/**
 * Baseline ingress and egress CiliumNetworkPolicies of `workload` (`namespace/name`, or a variable)
 * from its allowed flows in the query's time range (`GET /api/v1/policy-suggestion`).
 */
export interface GatewayPolicySuggestionQuery extends DataQuery {
  queryType: GatewayQueryType.PolicySuggestion;
  workload?: string;
}

/** A query of the gateway data source. */
export type GatewayQuery =
  | GatewayFlowsQuery
  | GatewayServiceMapQuery
  | GatewayNamespacesQuery
  | GatewayStatusQuery
  | GatewayConnectivityQuery
  | GatewayPolicySuggestionQuery;

/** A function replacing dashboard variables in a string (Grafana's `getTemplateSrv().replace`). */
export type Interpolate = (text: string, format?: string) => string;

/** List items after interpolation (a multi-value variable gives several). */
function listItems(values: readonly string[] | undefined, interpolate: Interpolate): string[] | undefined {
  return values?.flatMap((v) => interpolate(v, 'csv').split(',')).map((v) => v.trim());
}

/**
 * The gateway parameters of a flows query over a range. Its list filters are plain strings here
 * (they may have come from variables); flowQueryParams checks them against what the gateway accepts.
 */
export function flowParams(query: GatewayFlowsQuery, since: Date, until: Date | undefined): FlowQuery {
  const { namespace, pod, workload, verdict, protocol, httpStatus, dnsQuery, trafficDirection, limit } = query;
  return {
    namespace,
    pod,
    workload,
    verdict: verdict as FlowQuery['verdict'],
    protocol: protocol as FlowQuery['protocol'],
    httpStatus,
    dnsQuery,
    trafficDirection: trafficDirection as FlowQuery['trafficDirection'],
    since,
    until,
    limit,
  };
}

/**
 * The query with its variables replaced: text filters and connectivity sides as they are, list
 * filters and the service map's namespaces as comma-separated values split into items.
 */
export function interpolateQuery<Q extends GatewayQuery>(query: Q, interpolate: Interpolate): Q {
  switch (query.queryType) {
    case GatewayQueryType.Flows:
      return {
        ...query,
        namespace: query.namespace && interpolate(query.namespace),
        pod: query.pod && interpolate(query.pod),
        workload: query.workload && interpolate(query.workload),
        dnsQuery: query.dnsQuery && interpolate(query.dnsQuery),
        verdict: listItems(query.verdict, interpolate),
        protocol: listItems(query.protocol, interpolate),
        httpStatus: listItems(query.httpStatus, interpolate),
        trafficDirection: listItems(query.trafficDirection, interpolate),
      };
    case GatewayQueryType.ServiceMap:
      return { ...query, namespace: query.namespace && interpolate(query.namespace, 'csv') };
    case GatewayQueryType.Connectivity:
      return { ...query, from: query.from && interpolate(query.from), to: query.to && interpolate(query.to) };
    case GatewayQueryType.PolicySuggestion:
      return { ...query, workload: query.workload && interpolate(query.workload) };
    default:
      return query;
  }
}

/** Values of a namespace filter that mean "every namespace". */
const ALL_NAMESPACES = new Set(['', '$__all', '.*', '.+', '*']);

/** The namespaces a service map query keeps, or undefined for every namespace. */
export function mapNamespaces(query: GatewayServiceMapQuery): string[] | undefined {
  const list = (query.namespace ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  return list.length === 0 || list.some((n) => ALL_NAMESPACES.has(n)) ? undefined : [...new Set(list)];
}
