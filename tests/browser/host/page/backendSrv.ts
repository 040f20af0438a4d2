import { Observable } from 'rxjs';
import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse } from '@grafana/runtime';

/** Requests still in flight by `requestId`: a newer request with the same id cancels the older, as Grafana's does. */
const inFlight = new Map<string, AbortController>();

function urlOf(options: BackendSrvRequest): string {
  // Grafana's backendSrv resolves relative URLs (`api/...`) against the app's root.
  const url = new URL(options.url.startsWith('/') ? options.url : `/${options.url}`, window.location.origin);
  for (const [key, value] of Object.entries(options.params ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null) {
        url.searchParams.append(key, String(v));
      }
    }
  }
  return url.pathname + url.search;
}

async function send<T>(options: BackendSrvRequest, signal: AbortSignal): Promise<FetchResponse<T>> {
  const hasBody = options.data !== undefined && options.method !== 'GET';
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (hasBody && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(urlOf(options), {
    method: options.method ?? 'GET',
    headers,
    body: hasBody ? (typeof options.data === 'string' ? options.data : JSON.stringify(options.data)) : undefined,
    signal,
  });
  const text = await response.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text, as Grafana's backendSrv does
  }
  const result = {
    data: data as T,
    status: response.status,
    statusText: response.statusText,
    ok: response.ok,
    headers: response.headers,
    redirected: response.redirected,
    type: response.type,
    url: response.url,
    config: options,
  };
  if (!response.ok) {
    const error: FetchError = { ...result, data: data as any, isHandled: false };
    throw error;
  }
  return result;
}

/**
 * The host's `BackendSrv`: same-origin `fetch` to the host server, which plays Grafana's HTTP API
 * (`/api/ds/query`, plugin proxy, plugin settings, alerting). Non-2xx answers throw a `FetchError`
 * `{ status, data, statusText, config }` as Grafana's does; `requestId` cancels the previous request
 * with the same id.
 */
export function hostBackendSrv(): BackendSrv {
  const fetchObservable = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      const controller = new AbortController();
      if (options.requestId) {
        inFlight.get(options.requestId)?.abort();
        inFlight.set(options.requestId, controller);
      }
      send<T>(options, controller.signal).then(
        (response) => {
          subscriber.next(response);
          subscriber.complete();
        },
        (error) => {
          if ((error as Error)?.name === 'AbortError') {
            // Grafana completes a cancelled request without emitting (the newer one answers).
            subscriber.complete();
          } else {
            subscriber.error(error);
          }
        }
      );
      return () => {
        if (options.requestId && inFlight.get(options.requestId) === controller) {
          inFlight.delete(options.requestId);
        }
        controller.abort();
      };
    });
  const request = async <T>(options: BackendSrvRequest): Promise<T> => {
    const abort = new AbortController();
    return (await send<T>(options, abort.signal)).data;
  };
  const srv = {
    fetch: fetchObservable,
    request,
    datasourceRequest: <T>(options: BackendSrvRequest) => send<T>(options, new AbortController().signal),
    get: <T>(url: string, params?: any) => request<T>({ url, params, method: 'GET' }),
    delete: <T>(url: string, data?: unknown) => request<T>({ url, data, method: 'DELETE' }),
    post: <T>(url: string, data?: unknown) => request<T>({ url, data, method: 'POST' }),
    patch: <T>(url: string, data?: unknown) => request<T>({ url, data, method: 'PATCH' }),
    put: <T>(url: string, data?: unknown) => request<T>({ url, data, method: 'PUT' }),
    resolveCancelerIfExists: (requestId: string) => inFlight.get(requestId)?.abort(),
  };
  return srv as unknown as BackendSrv;
}
