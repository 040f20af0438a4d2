import { Observable, catchError, map, of } from 'rxjs';
import { DataQueryResponse, LoadingState } from '@grafana/data';
import { requestConnectivity, requestPolicySuggestion } from './client';
import { connectivityFrames, policySuggestionFrame } from './connectivityFrames';
import { notSentError, toGatewayError, toQueryError } from './errors';
import { BuiltParams, connectivityQueryParams, policySuggestionQueryParams } from './params';
import { GatewayConnectivityQuery, GatewayPolicySuggestionQuery } from './query';
import type { RunContext } from './queryRunners';

/**
 * The runners of the connectivity query types: `connectivity` (`GET /api/v1/connectivity`) and
 * `policySuggestion` (`GET /api/v1/policy-suggestion`), over the request's time range. A missing or
 * invalid side or workload is not sent: the answer is an error naming it and what it accepts.
 */

function failure(refId: string, error: unknown): DataQueryResponse {
  return { key: refId, data: [], state: LoadingState.Error, errors: [toQueryError(toGatewayError(error), refId)] };
}

/** Sends `built` with `send` unless a parameter has a problem (then the error, and nothing sent). */
function sendChecked<T>(
  refId: string,
  built: BuiltParams,
  send: (params: Record<string, string>) => Observable<T>,
  frames: (answer: T) => DataQueryResponse['data']
): Observable<DataQueryResponse> {
  if (built.problems.length) {
    return of(failure(refId, notSentError(built.problems)));
  }
  return send(built.params).pipe(
    map((answer) => ({ key: refId, data: frames(answer), state: LoadingState.Done })),
    catchError((e) => of(failure(refId, e)))
  );
}

/** Why `from` can or cannot reach `to` in the range: the report as connectivity frames. */
export function connectivity(
  query: GatewayConnectivityQuery,
  { range, requestId }: RunContext
): Observable<DataQueryResponse> {
  const { refId } = query;
  const built = connectivityQueryParams({
    from: query.from,
    to: query.to,
    since: range.from.toDate(),
    until: range.to.toDate(),
  });
  return sendChecked(
    refId,
    built,
    (params) => requestConnectivity(params, { requestId }),
    (report) => connectivityFrames(refId, report)
  );
}

/** The baseline policies of a workload from its allowed flows in the range. */
export function policySuggestion(
  query: GatewayPolicySuggestionQuery,
  { range, requestId }: RunContext
): Observable<DataQueryResponse> {
  const { refId } = query;
  const built = policySuggestionQueryParams({
    workload: query.workload,
    since: range.from.toDate(),
    until: range.to.toDate(),
  });
  return sendChecked(
    refId,
    built,
    (params) => requestPolicySuggestion(params, { requestId }),
    (suggestion) => [policySuggestionFrame(refId, suggestion)]
  );
}
