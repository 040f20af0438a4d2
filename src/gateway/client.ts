import { Observable, catchError, defer, lastValueFrom, map, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { HUBBLE_PROXY_PATH } from '../constants';
import { getAppSettings } from '../settings';
import { notConfiguredError, toGatewayError } from './errors';
import { ConnectivityReport, PolicySuggestion } from './connectivityTypes';
import { FlowQuery, ServiceMapQuery, flowQueryParams, serviceMapQueryParams } from './params';
import { FlowsResponse, GatewayStatus, NamespacesResponse, ServiceMapResponse } from './types';

/** True when the app's settings hold a Gateway URL (so the plugin proxy route `hubble` has a target). */
export function isGatewayConfigured(): boolean {
  return Boolean(getAppSettings().hubbleGatewayUrl?.trim());
}

/** Options of one call. */
export interface CallOptions {
  /**
   * Grafana's request id: backendSrv cancels a call still in flight when another with the same id
   * starts, and the data source passes its query's id so the query inspector sees the call.
   */
  requestId?: string;
  /**
   * Send even when the app settings seen by the page hold no Gateway URL: the config page, which
   * knows from its props that a URL was saved, tests the proxy route this way.
   */
  skipConfiguredCheck?: boolean;
}

/**
 * GETs `path` of the gateway through Grafana's plugin proxy (`api/plugin-proxy/<id>/hubble`; Grafana
 * adds the bearer token server-side), when subscribed; unsubscribing cancels the HTTP request.
 * Errors with a GatewayError: `not-configured` without a Gateway URL (nothing is sent), otherwise
 * the mapped HTTP or network failure.
 */
export function gatewayRequest<T>(
  path: string,
  params: Record<string, string> = {},
  options: CallOptions = {}
): Observable<T> {
  return defer(() => {
    if (!options.skipConfiguredCheck && !isGatewayConfigured()) {
      return throwError(() => notConfiguredError());
    }
    return getBackendSrv()
      .fetch<T>({
        url: `${HUBBLE_PROXY_PATH}${path}`,
        method: 'GET',
        params,
        requestId: options.requestId,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
      .pipe(map((response) => response.data));
  }).pipe(catchError((e) => throwError(() => toGatewayError(e))));
}

/** `gatewayRequest` as a promise, for code outside scenes (the config page's Test connection). */
export function gatewayGet<T>(
  path: string,
  params: Record<string, string> = {},
  options: CallOptions = {}
): Promise<T> {
  return lastValueFrom(gatewayRequest<T>(path, params, options));
}

/** `GET /api/v1/flows`: flows matching `query`, newest first. Invalid filter values are not sent. */
export function requestFlows(query: FlowQuery, options?: CallOptions): Observable<FlowsResponse> {
  return gatewayRequest<FlowsResponse>('/api/v1/flows', flowQueryParams(query).params, options).pipe(
    map((data) => ({ flows: Array.isArray(data?.flows) ? data.flows : [] }))
  );
}

/** `GET /api/v1/service-map`: nodes and edges of the flows in the range (edges with either end in `namespace`). */
export function requestServiceMap(query: ServiceMapQuery, options?: CallOptions): Observable<ServiceMapResponse> {
  return gatewayRequest<ServiceMapResponse>('/api/v1/service-map', serviceMapQueryParams(query).params, options).pipe(
    map((data) => ({ nodes: data?.nodes ?? [], edges: data?.edges ?? [], window: data?.window ?? null }))
  );
}

/** `GET /api/v1/namespaces`: namespaces Relay knows (sorted by the gateway). */
export function requestNamespaces(options?: CallOptions): Observable<NamespacesResponse> {
  return gatewayRequest<NamespacesResponse>('/api/v1/namespaces', {}, options).pipe(
    map((data) => ({ namespaces: data?.namespaces ?? [], source: data?.source }))
  );
}

/** `GET /api/v1/status`: the gateway's Relay connection, Relay's ServerStatus and nodes, the flow buffer. */
export function requestStatus(options?: CallOptions): Observable<GatewayStatus> {
  return gatewayRequest<GatewayStatus>('/api/v1/status', {}, options);
}

/**
 * `GET /api/v1/connectivity` with parameters already built by `connectivityQueryParams` (`from`,
 * `to`, `since`, `until`): the report, with empty lists where the gateway sent none.
 */
export function requestConnectivity(
  params: Record<string, string>,
  options?: CallOptions
): Observable<ConnectivityReport> {
  return gatewayRequest<ConnectivityReport>('/api/v1/connectivity', params, options).pipe(
    map((data) => ({
      ...data,
      verdicts: { from_to: data?.verdicts?.from_to ?? {}, to_from: data?.verdicts?.to_from ?? {} },
      timeline: { bucket_seconds: data?.timeline?.bucket_seconds ?? 60, points: data?.timeline?.points ?? [] },
      findings: data?.findings ?? [],
      dns: data?.dns ?? [],
      suggested_policy: data?.suggested_policy ?? null,
    }))
  );
}

/** `GET /api/v1/policy-suggestion` with parameters built by `policySuggestionQueryParams` (`workload`, `since`, `until`). */
export function requestPolicySuggestion(
  params: Record<string, string>,
  options?: CallOptions
): Observable<PolicySuggestion> {
  return gatewayRequest<PolicySuggestion>('/api/v1/policy-suggestion', params, options).pipe(
    map((data) => ({ ...data, policies: data?.policies ?? [], skipped: data?.skipped ?? [], yaml: data?.yaml ?? '' }))
  );
}
