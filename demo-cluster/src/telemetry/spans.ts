/**
 * Spans of the demo's HTTP requests, assembled from their L7 flows so that trace ids, span ids and
 * timings agree with what Hubble reports:
 * - the client span of an exchange has the id the client sent as `traceparent` parent id (W3C: the
 *   calling span), starts at the request and lasts the client-side latency (EGRESS RESPONSE flow);
 * - the server span is its child, lasting the server-side latency (INGRESS RESPONSE flow), with an
 *   id derived from the exchange (stable across restarts);
 * - a client span without a known parent is attached to the server span of the same trace on the
 *   same pod that encloses it in time (the frontend's call to the backend inside the frontend's
 *   request), else it is the root.
 * A trace is complete when no flow of it arrived for `quietMs`.
 */
import { createHash } from 'node:crypto';
import { FlowJson } from '../flows/types';
import { flowTimeNs, httpOf, pathOf, podOf, PodRef, traceIdOf } from './flowView';

/** One span as plain data; `toReadableSpans` turns it into OpenTelemetry SDK spans. */
export type SpanSpec = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: 'client' | 'server';
  startNs: bigint;
  endNs: bigint;
  error: boolean;
  attributes: Record<string, string | number>;
  /** The pod the span ran in (its resource). */
  pod: PodRef;
};

/** A 16-hex span id derived from text (never all zeros). */
export function derivedSpanId(text: string): string {
  const id = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return /^0+$/.test(id) ? '0000000000000001' : id;
}

type Pending = { spans: SpanSpec[]; lastMs: number };

/** Collects spans per trace and hands out complete traces. Bounded: at most `maxTraces` open traces (oldest dropped). */
export class TraceAssembler {
  private readonly open = new Map<string, Pending>();
  private readonly seen = new Set<string>();
  /** traceparent parent ids of requests by exchange (trace, client and server address, method, URL). */
  private readonly parents = new Map<string, string>();
  dropped = 0;

  constructor(
    private readonly quietMs = 2_000,
    private readonly maxTraces = 5_000
  ) {}

  /**
   * Takes one flow. HTTP REQUEST flows with a trace id remember their `traceparent` (the response
   * carries only response headers); the matching RESPONSE flow (same trace, same connection, same
   * method and URL) makes the span of its side: INGRESS = the server's, EGRESS = the client's.
   */
  add(flow: FlowJson, nowMs: number): void {
    const traceId = traceIdOf(flow);
    const http = httpOf(flow);
    if (!traceId || !http) {
      return;
    }
    if (http.type === 'REQUEST') {
      if (http.traceparent?.traceId === traceId) {
        this.rememberParent(exchangeKey(flow, traceId, true), http.traceparent.parentId);
      }
      return;
    }
    const clientSpanId = this.parents.get(exchangeKey(flow, traceId, false));
    const server = flow.traffic_direction === 'INGRESS';
    const pod = podOf(flow, server ? 'source' : 'destination');
    if (!clientSpanId || !pod || (flow.traffic_direction !== 'INGRESS' && flow.traffic_direction !== 'EGRESS')) {
      return;
    }
    const spanId = server ? derivedSpanId(`${traceId}/${clientSpanId}/server`) : clientSpanId;
    const key = `${traceId}/${spanId}`;
    if (this.seen.has(key)) {
      return;
    }
    this.remember(key);
    const endNs = flowTimeNs(flow);
    const code = http.code ?? 0;
    const path = pathOf(http.url);
    const peer = podOf(flow, server ? 'destination' : 'source');
    const span: SpanSpec = {
      traceId,
      spanId,
      parentSpanId: server ? clientSpanId : undefined,
      name: `${http.method} ${path}`,
      kind: server ? 'server' : 'client',
      startNs: endNs - (http.latencyNs ?? 0n),
      endNs,
      error: server ? code >= 500 : code >= 400 || code === 0,
      attributes: {
        'http.request.method': http.method,
        'http.response.status_code': code,
        ...(server
          ? { 'url.path': path, 'http.route': path }
          : { 'url.full': http.url, ...(peer ? { 'peer.service': peer.app } : {}) }),
      },
      pod,
    };
    const pending = this.open.get(traceId) ?? { spans: [], lastMs: nowMs };
    pending.spans.push(span);
    pending.lastMs = nowMs;
    this.open.delete(traceId);
    this.open.set(traceId, pending);
    while (this.open.size > this.maxTraces) {
      const oldest = this.open.keys().next().value as string;
      this.open.delete(oldest);
      this.dropped++;
    }
  }

  /** Traces quiet for `quietMs` at `nowMs` (all open traces with `all`), with client spans attached to their callers. */
  take(nowMs: number, all = false): SpanSpec[][] {
    const done: SpanSpec[][] = [];
    for (const [traceId, pending] of this.open) {
      if (all || nowMs - pending.lastMs >= this.quietMs) {
        this.open.delete(traceId);
        done.push(linkParents(pending.spans));
      }
    }
    return done;
  }

  private rememberParent(key: string, parentId: string): void {
    if (this.parents.size >= 50_000) {
      this.parents.clear();
    }
    this.parents.set(key, parentId);
  }

  private remember(key: string): void {
    if (this.seen.size >= 50_000) {
      this.seen.clear();
    }
    this.seen.add(key);
  }
}

type L4 = {
  IP?: { source?: string; destination?: string };
  l4?: Record<string, { source_port?: number; destination_port?: number }>;
};

/** Identifies one HTTP exchange from its request or response flow (addresses swapped for responses). */
function exchangeKey(flow: FlowJson, traceId: string, request: boolean): string {
  const f = flow as FlowJson & L4;
  const ports = f.l4?.TCP ?? {};
  const a = `${f.IP?.source}:${ports.source_port}`;
  const b = `${f.IP?.destination}:${ports.destination_port}`;
  const [client, server] = request ? [a, b] : [b, a];
  const http = httpOf(flow);
  return `${traceId}|${client}|${server}|${http?.method} ${http?.url}`;
}

/** Sets the parent of each client span without one to the enclosing server span on the same pod. */
export function linkParents(spans: SpanSpec[]): SpanSpec[] {
  const servers = spans.filter((s) => s.kind === 'server');
  return spans.map((s) => {
    if (s.kind !== 'client' || s.parentSpanId) {
      return s;
    }
    const caller = servers
      .filter((p) => p.pod.pod === s.pod.pod && p.startNs <= s.startNs && p.endNs >= s.endNs)
      .sort((a, b) => Number(a.endNs - a.startNs - (b.endNs - b.startNs)))[0];
    return caller ? { ...s, parentSpanId: caller.spanId } : s;
  });
}
