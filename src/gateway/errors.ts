import type { DataQueryError, PanelData } from '@grafana/data';
import type { ParamProblem } from './params';
import { GatewayErrorBody } from './types';

/**
 * What went wrong between the browser, Grafana's plugin proxy, the gateway and Hubble Relay:
 * - `not-configured`: no Gateway URL in the app's settings (no request was made);
 * - `bad-request`: HTTP 400 naming a parameter (the gateway's `{ error, parameter, allowed }`);
 * - `unauthorized`: the gateway refused the bearer token (401/403; Grafana may pass it on as 400);
 * - `not-found`: HTTP 404 (route missing in Grafana, or a Gateway URL with an extra path);
 * - `gateway-unreachable`: Grafana could not reach the gateway (502/504 from the proxy);
 * - `relay-unreachable`: the gateway is up but Hubble Relay is not (503);
 * - `relay-error`: Relay answered with an error (the gateway's 502 with a Relay message);
 * - `server`: any other HTTP error; `network`: the request did not complete at all.
 */
export type GatewayErrorKind =
  | 'not-configured'
  | 'bad-request'
  | 'unauthorized'
  | 'not-found'
  | 'gateway-unreachable'
  | 'relay-unreachable'
  | 'relay-error'
  | 'server'
  | 'network';

/** A failed gateway call explained: a short `title`, what to fix in `message`, and the raw `detail`. */
export class GatewayError extends Error {
  constructor(
    readonly kind: GatewayErrorKind,
    readonly title: string,
    message: string,
    /** HTTP status (0 when no answer arrived). */
    readonly status = 0,
    /** The gateway's own error text, when it sent one. */
    readonly detail?: string
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

const CONFIG = "the app's configuration page (Administration → Plugins → Kubernetes Observability)";
const RELAY_FIX =
  "Check the gateway's --relay-address flag (env HUBBLE_RELAY_ADDRESS, in-cluster hubble-relay.kube-system.svc:80) and that Relay is deployed (Cilium Helm value hubble.relay.enabled=true).";

/** The error a page shows when no Gateway URL is set. */
export function notConfiguredError(): GatewayError {
  return new GatewayError(
    'not-configured',
    'Hubble gateway not configured',
    `Live flows and the live service map come from the Hubble gateway. Set its Gateway URL (and token, if it was started with --token) on ${CONFIG}.`
  );
}

/**
 * The error of a query that was not sent because a required parameter is missing or invalid (the
 * gateway would answer HTTP 400): names each parameter, why, and what the gateway accepts.
 */
export function notSentError(problems: ParamProblem[]): GatewayError {
  const names = [...new Set(problems.map((p) => `"${p.parameter}"`))].join(' and ');
  const why = problems.map(
    (p) => `${p.reason ?? `${p.parameter}=${p.value} is not allowed`}. ${p.parameter} accepts ${p.allowed}`
  );
  return new GatewayError(
    'bad-request',
    `Not sent: the gateway would reject ${names}`,
    `${why.join('. ')}. Change that value.`
  );
}

function bodyOf(e: unknown): GatewayErrorBody & { message?: string } {
  const data = (e as { data?: unknown })?.data;
  if (data && typeof data === 'object') {
    return data as GatewayErrorBody & { message?: string };
  }
  if (typeof data === 'string' && data.trim()) {
    return { message: data.trim() };
  }
  return {};
}

function mentionsToken(text: string): boolean {
  return /bearer|token|authenticat|unauthori[sz]ed/i.test(text);
}

/**
 * Turns whatever `getBackendSrv().fetch` threw (`{ status, data, statusText }` or an Error) into a
 * GatewayError whose message says what to change: the config page's Gateway URL or token, the
 * gateway's `--relay-address`, or `hubble.relay.enabled=true`.
 */
export function toGatewayError(e: unknown): GatewayError {
  if (e instanceof GatewayError) {
    return e;
  }
  const status = Number((e as { status?: unknown })?.status) || 0;
  const body = bodyOf(e);
  const text = body.error ?? body.message ?? '';
  if (status === 400 && body.parameter) {
    return new GatewayError(
      'bad-request',
      `The gateway rejected the parameter "${body.parameter}"`,
      `${text || 'invalid value'}. Allowed: ${body.allowed ?? 'see the gateway README'}. Change that filter.`,
      status,
      text
    );
  }
  if (status === 401 || status === 403 || (status === 400 && mentionsToken(text))) {
    return new GatewayError(
      'unauthorized',
      'The gateway refused the token',
      `Set the Gateway token on ${CONFIG} to the token the gateway was started with (--token or HUBBLE_GATEWAY_TOKEN), save, and reload.`,
      status,
      text
    );
  }
  if (status === 404) {
    const fromGateway = /no such endpoint/i.test(text);
    return new GatewayError(
      'not-found',
      fromGateway ? 'The Gateway URL points below the gateway' : 'Grafana has no route to the gateway',
      fromGateway
        ? `The gateway answered but does not know this path: set the Gateway URL on ${CONFIG} to the gateway's base URL without a path (e.g. http://hubble-gateway.kube-system.svc:8090).`
        : `Save a Gateway URL on ${CONFIG}; if you just installed or updated the app, restart Grafana so the plugin's proxy route is loaded.`,
      status,
      text
    );
  }
  if (status === 503) {
    return new GatewayError(
      'relay-unreachable',
      'The gateway cannot reach Hubble Relay',
      `The gateway is up but Hubble Relay is not reachable. ${RELAY_FIX}`,
      status,
      text
    );
  }
  if (status === 502 && /hubble relay/i.test(text)) {
    return new GatewayError('relay-error', 'Hubble Relay answered with an error', `${text}`, status, text);
  }
  if (status === 502 || status === 504) {
    return new GatewayError(
      'gateway-unreachable',
      'Grafana could not reach the gateway',
      `Check the Gateway URL on ${CONFIG} (it is the address Grafana's server uses, e.g. http://hubble-gateway.kube-system.svc:8090) and that the gateway's Service is reachable from Grafana (its CiliumNetworkPolicy allows Grafana).`,
      status,
      text
    );
  }
  if (status > 0) {
    return new GatewayError(
      'server',
      `The gateway answered HTTP ${status}`,
      text || 'The gateway failed to answer this request; see its logs.',
      status,
      text
    );
  }
  const message = (e as { message?: unknown })?.message;
  return new GatewayError(
    'network',
    'The request to the gateway did not complete',
    `${typeof message === 'string' && message ? `${message}. ` : ''}Check that Grafana is reachable and try again.`,
    0
  );
}

/**
 * A query error of the gateway data source: Grafana's DataQueryError (what panels show: `message`
 * is the title and the fix, `status` the HTTP status, `data.error` the gateway's own text) that
 * keeps the GatewayError, so the pages can say what to fix and link to the configuration page.
 */
export interface GatewayQueryError extends DataQueryError {
  gateway: GatewayError;
}

/** The DataQueryError of a failed gateway call for the query `refId`. */
export function toQueryError(error: GatewayError, refId?: string): GatewayQueryError {
  return {
    refId,
    message: `${error.title}: ${error.message}`,
    status: error.status || undefined,
    data: { message: error.title, error: error.detail },
    gateway: error,
  };
}

/**
 * The gateway problem of a query result (`PanelData.errors`), or undefined when the query
 * succeeded. An error that did not come from the gateway data source (Grafana failing the request
 * before it reached the data source) is explained as well as its status allows.
 */
export function gatewayErrorOf(data: PanelData | undefined): GatewayError | undefined {
  const error = data?.errors?.find(Boolean);
  if (!error) {
    return undefined;
  }
  const gateway = (error as Partial<GatewayQueryError>).gateway;
  return gateway instanceof GatewayError ? gateway : toGatewayError(error);
}
