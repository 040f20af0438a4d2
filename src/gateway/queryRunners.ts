import { Observable, catchError, concat, exhaustMap, map, of, tap, timer } from 'rxjs';
import { DataFrame, DataQueryResponse, LoadingState, QueryResultMetaNotice, TimeRange } from '@grafana/data';
import { requestFlows, requestNamespaces, requestServiceMap, requestStatus } from './client';
import { connectivity, policySuggestion } from './connectivityRunners';
import { toGatewayError, toQueryError } from './errors';
import { mergeNewest, newestTime } from './followMerge';
import { flowsFrame, namespacesFrame, serviceMapFrames, statusFrame } from './frames';
import { DEFAULT_LIMIT, ParamProblem, flowQueryParams, serviceMapQueryParams } from './params';
import {
  GatewayFlowsQuery,
  GatewayQuery,
  GatewayQueryType,
  GatewayServiceMapQuery,
  flowParams,
  mapNamespaces,
} from './query';
import { HubbleFlow, ServiceMapResponse } from './types';

/** How often follow mode asks the gateway for new flows, in milliseconds. */
export const FOLLOW_INTERVAL_MS = 3000;

/** What a query runs with: the request's time range, and its id (given to every HTTP call it makes). */
export interface RunContext {
  range: TimeRange;
  requestId: string;
}

function answer(refId: string, data: DataFrame[], state = LoadingState.Done): DataQueryResponse {
  // one key per query: each answer replaces the query's previous one (follow mode streams several)
  return { key: refId, data, state };
}

/** A failed call as a response: the error says what to fix; `data` keeps what was shown before. */
function failure(refId: string, error: unknown, data: DataFrame[] = []): DataQueryResponse {
  return { key: refId, data, state: LoadingState.Error, errors: [toQueryError(toGatewayError(error), refId)] };
}

/** A notice per filter value the gateway would reject (left out of the request). */
function notSent(problems: ParamProblem[]): QueryResultMetaNotice[] {
  return problems.map((p) => ({
    severity: 'warning',
    text: `${p.parameter}=${p.value} was not sent: the gateway accepts ${p.allowed}.`,
  }));
}

/** The flows of the range, once. */
function flowsOnce(query: GatewayFlowsQuery, { range, requestId }: RunContext): Observable<DataQueryResponse> {
  const { refId } = query;
  const params = flowParams(query, range.from.toDate(), range.to.toDate());
  const notices = notSent(flowQueryParams(params).problems);
  return requestFlows(params, { requestId }).pipe(
    map((flows) => answer(refId, [flowsFrame(refId, flows, notices)])),
    catchError((e) => of(failure(refId, e)))
  );
}

/**
 * Follow mode: the flows since the range start (no end), then every FOLLOW_INTERVAL_MS those since
 * the newest flow shown (the gateway repeats the flows at that instant; repeats are dropped), merged
 * on top, at most `limit` rows. A failed poll keeps the rows shown and the next one tries again.
 */
function flowsFollowed(query: GatewayFlowsQuery, { range, requestId }: RunContext): Observable<DataQueryResponse> {
  const { refId } = query;
  const base = flowParams(query, range.from.toDate(), undefined);
  const notices = notSent(flowQueryParams(base).problems);
  const limit = query.limit ?? DEFAULT_LIMIT;
  let shown: HubbleFlow[] = [];
  const frame = () => flowsFrame(refId, { flows: shown }, notices);
  const poll = () =>
    requestFlows({ ...base, since: newestTime(shown) ?? base.since }, { requestId }).pipe(
      tap(({ flows }) => (shown = mergeNewest(shown, flows, limit))),
      map(() => answer(refId, [frame()], LoadingState.Streaming)),
      catchError((e) => of(failure(refId, e, [frame()])))
    );
  return concat(poll(), timer(FOLLOW_INTERVAL_MS, FOLLOW_INTERVAL_MS).pipe(exhaustMap(poll)));
}

/**
 * The map with only the edges that have an end in one of `namespaces`, and the nodes on them (the
 * gateway filters by one namespace; several are kept here).
 */
export function keepNamespaces(map: ServiceMapResponse, namespaces: string[] | undefined): ServiceMapResponse {
  if (!namespaces || namespaces.length < 2) {
    return map;
  }
  const keep = new Set(namespaces);
  const namespaceOf = new Map(map.nodes.map((n) => [n.id, n.namespace]));
  const edges = map.edges.filter(
    (e) => keep.has(namespaceOf.get(e.source) ?? '') || keep.has(namespaceOf.get(e.target) ?? '')
  );
  const onEdges = new Set(edges.flatMap((e) => [e.source, e.target]));
  return { ...map, nodes: map.nodes.filter((n) => onEdges.has(n.id)), edges };
}

function serviceMap(query: GatewayServiceMapQuery, { range, requestId }: RunContext): Observable<DataQueryResponse> {
  const { refId } = query;
  const namespaces = mapNamespaces(query);
  const params = {
    namespace: namespaces?.length === 1 ? namespaces[0] : undefined,
    since: range.from.toDate(),
    until: range.to.toDate(),
  };
  const notices = notSent(serviceMapQueryParams(params).problems);
  // the counts cover the answer's window (slot-aligned), else the range asked for
  const asked = { since: range.from.toISOString(), until: range.to.toISOString() };
  return requestServiceMap(params, { requestId }).pipe(
    map((m) => keepNamespaces({ ...m, window: m.window ?? asked }, namespaces)),
    map((m) => {
      const frames = serviceMapFrames(refId, m);
      frames.forEach((f) => (f.meta = { ...f.meta, notices }));
      return answer(refId, frames);
    }),
    catchError((e) => of(failure(refId, e)))
  );
}

/** Runs one query of one type. */
type Runner<Q extends GatewayQuery> = (query: Q, context: RunContext) => Observable<DataQueryResponse>;

/** How each query type runs: one gateway endpoint each. */
const RUNNERS: { [T in GatewayQueryType]: Runner<Extract<GatewayQuery, { queryType: T }>> } = {
  [GatewayQueryType.Flows]: (query, context) =>
    query.follow ? flowsFollowed(query, context) : flowsOnce(query, context),
  [GatewayQueryType.ServiceMap]: serviceMap,
  [GatewayQueryType.Namespaces]: ({ refId }, { requestId }) =>
    requestNamespaces({ requestId }).pipe(
      map((r) => answer(refId, [namespacesFrame(refId, r)])),
      catchError((e) => of(failure(refId, e)))
    ),
  [GatewayQueryType.Status]: ({ refId }, { requestId }) =>
    requestStatus({ requestId }).pipe(
      map((s) => answer(refId, [statusFrame(refId, s)])),
      catchError((e) => of(failure(refId, e)))
    ),
  [GatewayQueryType.Connectivity]: connectivity,
  [GatewayQueryType.PolicySuggestion]: policySuggestion,
};

/**
 * Runs one query (variables already replaced): its answers as DataQueryResponses keyed by refId.
 * Never errors: a failed call is a response in LoadingState.Error whose error says what to fix. An
 * unknown query type is such an error too.
 */
export function runQuery(query: GatewayQuery, context: RunContext): Observable<DataQueryResponse> {
  const run = RUNNERS[query.queryType] as Runner<GatewayQuery> | undefined;
  if (!run) {
    const types = Object.values(GatewayQueryType).join(', ');
    return of({
      key: query.refId,
      data: [],
      state: LoadingState.Error,
      errors: [
        {
          refId: query.refId,
          message: `Unknown gateway query type "${String(query.queryType)}": use one of ${types}.`,
        },
      ],
    });
  }
  return run(query, context);
}
