/**
 * Test transport for the gateway client: a `getBackendSrv()` whose `fetch` plays Grafana's plugin
 * proxy for the `hubble` route. It strips `api/plugin-proxy/<id>/hubble`, serializes `params` as
 * Grafana does, adds the bearer token, hands the request to a handler (the real gateway over HTTP,
 * or recorded answers), and fails like backendSrv does: `{ status, data, statusText }`.
 */
import { Observable, Subject, filter, from, takeUntil } from 'rxjs';
import { BackendSrv, BackendSrvRequest, FetchResponse, setBackendSrv } from '@grafana/runtime';
import { HUBBLE_PROXY_PATH } from '../../constants';

/** One request the app made through the proxy. */
export interface GatewayCall {
  /** Path below the route, e.g. `/api/v1/flows`. */
  path: string;
  params: Record<string, string>;
  requestId?: string;
}

/** A gateway answer: HTTP status and body. */
export interface GatewayAnswer {
  status: number;
  body: unknown;
}

/** Answers one proxied request. Throwing (e.g. connection refused) makes the proxy answer 502, as Grafana does. */
export type GatewayHandler = (call: GatewayCall) => GatewayAnswer | Promise<GatewayAnswer>;

function stringParams(params: BackendSrvRequest['params']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (v !== undefined && v !== null) {
      out[k] = Array.isArray(v) ? v.join(',') : String(v);
    }
  }
  return out;
}

async function proxy(handler: GatewayHandler, call: GatewayCall): Promise<FetchResponse> {
  let answer: GatewayAnswer;
  try {
    answer = await handler(call);
  } catch (e) {
    throw { status: 502, statusText: 'Bad Gateway', data: { message: `Bad Gateway: ${(e as Error)?.message ?? e}` } };
  }
  if (answer.status >= 400) {
    throw { status: answer.status, statusText: `HTTP ${answer.status}`, data: answer.body };
  }
  return {
    data: answer.body,
    status: answer.status,
    ok: true,
    statusText: 'OK',
    headers: {} as Headers,
    redirected: false,
    type: 'basic',
    url: call.path,
    config: { url: call.path },
  };
}

/**
 * Installs the transport as Grafana's backendSrv and returns the list that records every call.
 * Requests outside the `hubble` route answer 404. As Grafana's backendSrv, a request with a
 * `requestId` cancels one still in flight with the same id: the older completes without an answer.
 */
export function installGatewayTransport(handler: GatewayHandler): GatewayCall[] {
  const calls: GatewayCall[] = [];
  const started = new Subject<string>();
  const fetch = (options: BackendSrvRequest): Observable<FetchResponse> => {
    const { requestId } = options;
    if (requestId) {
      started.next(requestId);
    }
    const cancelled = started.pipe(filter((id) => id === requestId));
    if (!options.url.startsWith(HUBBLE_PROXY_PATH)) {
      return from(
        Promise.reject({ status: 404, statusText: 'Not Found', data: { message: `no route for ${options.url}` } })
      );
    }
    const call: GatewayCall = {
      path: options.url.slice(HUBBLE_PROXY_PATH.length),
      params: stringParams(options.params),
      requestId: options.requestId,
    };
    calls.push(call);
    return requestId ? from(proxy(handler, call)).pipe(takeUntil(cancelled)) : from(proxy(handler, call));
  };
  setBackendSrv({ fetch } as unknown as BackendSrv);
  return calls;
}

/** Answers from a table of recorded gateway responses, chosen by `pick(call)` (a key of `answers`). */
export function recordedHandler(
  answers: Record<string, GatewayAnswer>,
  pick: (call: GatewayCall) => string
): GatewayHandler {
  return (call) => {
    const key = pick(call);
    const answer = answers[key];
    if (!answer) {
      throw new Error(`no recorded answer "${key}" for ${call.path} ${JSON.stringify(call.params)}`);
    }
    return answer;
  };
}
