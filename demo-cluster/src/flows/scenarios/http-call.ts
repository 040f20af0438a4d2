/**
 * One HTTP request/response over an established connection, as the L7 proxies see it: on the
 * client's node (egress policy with HTTP rules, reporter "client") and on the server's node
 * (ingress policy with HTTP rules, reporter "server"). Latency is what each proxy measures.
 */
import { http } from '../builders';
import { Party } from '../endpoint';
import { ScenarioCtx } from './context';

/** One HTTP call; times in microseconds since the Unix epoch. */
export type HttpCallSpec = {
  us: number;
  client: Party;
  server: Party;
  clientPort: number;
  serverPort: number;
  method: string;
  url: string;
  code: number;
  /** Server-side processing time, microseconds. */
  serverUs: number;
  egressL7: boolean;
  ingressL7: boolean;
  traceId?: string;
  /** Span id of the calling span (goes into the request's traceparent header). */
  parentSpanId?: string;
  userAgent: string;
  service?: { name: string; namespace: string };
};

/** Emits the L7 flows of one call; returns the time (µs) the client has the full response. */
export function httpCall(ctx: ScenarioCtx, s: HttpCallSpec): number {
  const hop = 150 + ctx.rng.int(0, 250);
  const reqHeaders = [
    { key: 'Accept', value: s.method === 'POST' ? 'application/json' : '*/*' },
    { key: 'User-Agent', value: s.userAgent },
    ...(s.traceId && s.parentSpanId ? [{ key: 'traceparent', value: `00-${s.traceId}-${s.parentSpanId}-01` }] : []),
    {
      key: 'X-Request-Id',
      value:
        ctx.rng.hex(8) + '-' + ctx.rng.hex(4) + '-4' + ctx.rng.hex(3) + '-a' + ctx.rng.hex(3) + '-' + ctx.rng.hex(12),
    },
  ];
  const respHeaders = [
    { key: 'Content-Type', value: 'application/json; charset=utf-8' },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
  ];
  const base = {
    client: s.client,
    server: s.server,
    clientPort: s.clientPort,
    serverPort: s.serverPort,
    method: s.method,
    url: s.url,
    traceId: s.traceId,
    dstService: s.service,
  };
  const serverReq = s.us + hop;
  const serverResp = serverReq + s.serverUs;
  const clientResp = serverResp + hop;
  if (s.egressL7 && s.client.node) {
    http(ctx.sink, {
      ...base,
      us: s.us,
      observer: s.client.node,
      direction: 'EGRESS',
      type: 'REQUEST',
      headers: reqHeaders,
    });
    http(ctx.sink, {
      ...base,
      us: clientResp,
      observer: s.client.node,
      direction: 'EGRESS',
      type: 'RESPONSE',
      code: s.code,
      latencyNs: (clientResp - s.us) * 1000,
      headers: respHeaders,
    });
  }
  if (s.ingressL7 && s.server.node) {
    http(ctx.sink, {
      ...base,
      us: serverReq,
      observer: s.server.node,
      direction: 'INGRESS',
      type: 'REQUEST',
      headers: reqHeaders,
    });
    http(ctx.sink, {
      ...base,
      us: serverResp,
      observer: s.server.node,
      direction: 'INGRESS',
      type: 'RESPONSE',
      code: s.code,
      latencyNs: s.serverUs * 1000,
      headers: respHeaders,
    });
  }
  return clientResp;
}
