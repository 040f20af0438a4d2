import { FetchError, getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { HttpRequest, HttpResponse, Transport } from './transport';

function isFetchError(e: unknown): e is FetchError {
  return !!e && typeof e === 'object' && 'status' in e && typeof (e as FetchError).status === 'number';
}

/**
 * The app's transport: Grafana's `getBackendSrv().fetch` (session cookie, org header, base URL),
 * without Grafana's own error toasts; HTTP errors resolve as responses.
 */
export const backendSrvTransport: Transport = async (request: HttpRequest): Promise<HttpResponse> => {
  try {
    const response = await lastValueFrom(
      getBackendSrv().fetch({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return { status: response.status, data: response.data };
  } catch (e) {
    if (isFetchError(e)) {
      return { status: e.status, data: e.data };
    }
    throw e;
  }
};
