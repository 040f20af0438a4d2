import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { HUBBLE_PROXY_PATH } from '../constants';
import { getAppSettings } from '../settings';
import { notConfiguredError, toGatewayError } from './errors';
import { FlowQuery, ServiceMapQuery, flowQueryParams, serviceMapQueryParams } from './params';
import { FlowsResponse, GatewayStatus, NamespacesResponse, ServiceMapResponse } from './types';

/** True when the app's settings hold a Gateway URL (so the plugin proxy route `hubble` has a target). */
export function isGatewayConfigured(): boolean {
  return Boolean(getAppSettings().hubbleGatewayUrl?.trim());
}

/** Options of one call: `requestId` lets a newer call with the same id cancel an older one in flight. */
export interface CallOptions {
  requestId?: string;
  /**
   * Send even when the app settings seen by the page hold no Gateway URL: the config page, which
   * knows from its props that a URL was saved, tests the proxy route this way.
   */
  skipConfiguredCheck?: boolean;
}

/**
 * GETs `path` of the gateway through Grafana's plugin proxy (`api/plugin-proxy/<id>/hubble`; Grafana
 * adds the bearer token server-side). Rejects with a GatewayError: `not-configured` without a Gateway
 * URL (nothing is sent), otherwise the mapped HTTP or network failure.
 */
export async function gatewayGet<T>(
  path: string,
  params: Record<string, string> = {},
  options: CallOptions = {}
): Promise<T> {
  if (!options.skipConfiguredCheck && !isGatewayConfigured()) {
    throw notConfiguredError();
  }
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: `${HUBBLE_PROXY_PATH}${path}`,
        method: 'GET',
        params,
        requestId: options.requestId,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return response.data;
  } catch (e) {
    throw toGatewayError(e);
  }
}

/** `GET /api/v1/flows`: flows matching `query`, newest first. Invalid filter values are not sent. */
export async function fetchFlows(query: FlowQuery, options?: CallOptions): Promise<FlowsResponse> {
  const data = await gatewayGet<FlowsResponse>('/api/v1/flows', flowQueryParams(query).params, options);
  return { flows: Array.isArray(data?.flows) ? data.flows : [] };
}

/** `GET /api/v1/service-map`: nodes and edges of the flows in the range (edges with either end in `namespace`). */
export async function fetchServiceMap(query: ServiceMapQuery, options?: CallOptions): Promise<ServiceMapResponse> {
  const data = await gatewayGet<ServiceMapResponse>(
    '/api/v1/service-map',
    serviceMapQueryParams(query).params,
    options
  );
  return { nodes: data?.nodes ?? [], edges: data?.edges ?? [], window: data?.window ?? null };
}

/** `GET /api/v1/namespaces`: namespaces Relay knows (sorted by the gateway). */
export async function fetchNamespaces(options?: CallOptions): Promise<NamespacesResponse> {
  const data = await gatewayGet<NamespacesResponse>('/api/v1/namespaces', {}, options);
  return { namespaces: data?.namespaces ?? [], source: data?.source };
}

/** `GET /api/v1/status`: the gateway's Relay connection, Relay's ServerStatus and nodes, the flow buffer. */
export async function fetchStatus(options?: CallOptions): Promise<GatewayStatus> {
  return gatewayGet<GatewayStatus>('/api/v1/status', {}, options);
}
