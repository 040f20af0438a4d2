/**
 * The HTTP/JSON API (read-only, versioned under /api/v1). Shapes are documented in README.md
 * "HTTP API"; flows are in the JSON shape `hubble observe -o json` prints for `.flow`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { registerConnectivityRoutes } from './connectivity/routes';
import { FlowAnswer, printAnswer, PRINT_AT_ONCE, type AnswerTracker } from './flowAnswer';
import type { FlowQuery } from './filters';
import type { FlowStore } from './flowStore';
import type { FollowStream } from './followStream';
import type { GatewayMetrics } from './metrics';
import { parseFlowQuery, parseMapQuery, parseNoParams, MAX_LIMIT } from './params';
import type { ModeController } from './mode';
import type { RelayGate } from './relayQuery';
import type { RelayClient } from './relayClient';
import { planRelayRequest, type RelayReader } from './relayRead';
import { compareTime, formatTime, timeToMs, type Time } from './time';
import type { UnknownSink } from './wireCheck';

/** What the routes read. */
export type RouteDeps = {
  store: FlowStore;
  relay: RelayClient;
  stream: FollowStream;
  metrics: GatewayMetrics;
  answers: AnswerTracker;
  relayGate: RelayGate;
  reader: RelayReader;
  mode: ModeController;
  unknown: UnknownSink;
  mapSlotMs: number;
};

/** Every route: path and methods, for 404 and 405 answers (HEAD is answered wherever GET is). */
export const ROUTES: Record<string, string[]> = {
  '/api/v1/flows': ['GET', 'HEAD'],
  '/api/v1/service-map': ['GET', 'HEAD'],
  '/api/v1/namespaces': ['GET', 'HEAD'],
  '/api/v1/status': ['GET', 'HEAD'],
  '/api/v1/connectivity': ['GET', 'HEAD'],
  '/api/v1/policy-suggestion': ['GET', 'HEAD'],
  '/healthz': ['GET', 'HEAD'],
  '/readyz': ['GET', 'HEAD'],
  '/metrics': ['GET', 'HEAD'],
};

type Q = Record<string, unknown>;

/** Flows per node a query-mode service map is drawn from (the newest ones). */
export const QUERY_MODE_MAP_FLOWS = MAX_LIMIT;

/** What a query-mode service map is, and where the whole map is (the app's Service map page). */
export function queryModeMapNotice(flows: number): string {
  return (
    `Query mode (the cluster's flow rate is above what one gateway follows): this map is drawn from the newest ` +
    `${flows} flows Hubble Relay sent for this request, not from every flow of the range. The whole map comes ` +
    `from Hubble's metrics in Prometheus (the app's Service map page, source "Hubble metrics"), which needs the ` +
    'flow metric with workload context in the Helm value hubble.metrics.enabled: ' +
    '"flow:sourceContext=workload-name|reserved-identity;destinationContext=workload-name|reserved-identity;' +
    'labelsContext=source_namespace,destination_namespace".'
  );
}

/** True when flows from before the buffer may exist: the range starts before the oldest buffered flow and the buffer is full or empty. */
export function olderThanBuffer(store: FlowStore, since: Time | undefined): boolean {
  if (!since) {
    return false;
  }
  const oldest = store.oldestTime;
  if (!oldest) {
    return true;
  }
  return compareTime(since, oldest) < 0 && store.size >= store.capacity;
}

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { store, relay, stream, metrics, answers, mode } = deps;
  /** Relay's flows for `q`, at most `maxFlows` per node (relayRead.ts). */
  const fromRelay = (q: Omit<FlowQuery, 'limit'>, maxFlows: number) =>
    deps.reader.read(planRelayRequest(q, maxFlows).request);

  const unprintable = (err: Error) =>
    app.log.error({ err: err.message }, 'a buffered flow could not be printed; left out of the answer');

  /** Sends the flows `refs` of `from` as `{"flows":[...]}`: small answers at once, others streamed (flowAnswer.ts). */
  const sendFlows = (reply: FastifyReply, from: FlowStore, refs: Float64Array) => {
    reply.type('application/json; charset=utf-8');
    if (refs.length <= PRINT_AT_ONCE) {
      return reply.send(printAnswer(from, refs, unprintable));
    }
    const body = new FlowAnswer(from, refs, answers, (n) => metrics.flowsGoneWhileSending.inc(n), unprintable);
    body.socketPending = () => reply.raw.writableLength;
    return reply.send(body);
  };

  app.get('/healthz', async (req) => {
    parseNoParams(req.query as Q);
    return { status: 'ok' };
  });

  app.get('/readyz', async (req, reply) => {
    parseNoParams(req.query as Q);
    if (mode.current === 'query') {
      // No stream to watch: ready while Relay answers.
      try {
        await relay.serverStatus();
        return { status: 'ready', mode: 'query' };
      } catch (err) {
        return reply.code(503).send({ status: 'unavailable', mode: 'query', error: (err as Error).message });
      }
    }
    if (stream.state === 'connected') {
      return { status: 'ready' };
    }
    return reply.code(503).send({
      status: stream.state,
      error: stream.lastError || 'the follow stream to Hubble Relay is not connected yet',
    });
  });

  app.get('/metrics', async (req, reply) => {
    parseNoParams(req.query as Q);
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get('/api/v1/flows', async (req, reply) => {
    const q = parseFlowQuery(req.query as Q);
    if (mode.current === 'query') {
      // Exact on Relay's side: `limit` flows per node hold the newest `limit`; else read more to filter.
      const exact = planRelayRequest(q, q.limit).appliedAfter.every((p) => p === 'since');
      const read = await fromRelay(q, exact ? q.limit : Math.min(MAX_LIMIT, q.limit * 4));
      return sendFlows(reply, read, read.selectRefs(q));
    }
    const refs = store.selectRefs(q);
    if (refs.length < q.limit && olderThanBuffer(store, q.since)) {
      const older = await fromRelay(q, q.limit === MAX_LIMIT ? MAX_LIMIT : Math.min(MAX_LIMIT, q.limit * 4));
      return sendFlows(reply, older, older.selectRefs(q));
    }
    return sendFlows(reply, store, refs);
  });

  app.get('/api/v1/service-map', async (req) => {
    const p = parseMapQuery(req.query as Q);
    if (mode.current === 'query') {
      const read = await fromRelay({ namespace: p.namespace, since: p.since, until: p.until }, QUERY_MODE_MAP_FLOWS);
      const view = read.map.query({
        namespace: p.namespace,
        sinceMs: p.since && timeToMs(p.since),
        untilMs: p.until && timeToMs(p.until),
      });
      return { ...view, mode: 'query', partial: true, notice: queryModeMapNotice(read.size) };
    }
    if (olderThanBuffer(store, p.since)) {
      const older = await fromRelay({ namespace: p.namespace, since: p.since, until: p.until }, MAX_LIMIT);
      return older.map.query({ namespace: p.namespace });
    }
    return store.map.query({
      namespace: p.namespace,
      sinceMs: p.since && timeToMs(p.since),
      untilMs: p.until && timeToMs(p.until),
    });
  });

  app.get('/api/v1/namespaces', async (req) => {
    parseNoParams(req.query as Q);
    try {
      const res = (await relay.getNamespaces()) as { namespaces?: Array<{ cluster?: string; namespace?: string }> };
      const namespaces = (res.namespaces ?? [])
        .map((n) => ({ cluster: n.cluster ?? '', namespace: n.namespace ?? '' }))
        .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.cluster.localeCompare(b.cluster));
      return { namespaces, source: 'relay' };
    } catch (err) {
      req.log.warn({ err: (err as Error).message }, 'GetNamespaces failed; answering from the buffer');
      const seen = new Set<string>();
      store.forEachNewestFirst((r) => {
        if (r.src.namespace) {
          seen.add(r.src.namespace);
        }
        if (r.dst.namespace) {
          seen.add(r.dst.namespace);
        }
        return true;
      });
      return { namespaces: [...seen].sort().map((namespace) => ({ cluster: '', namespace })), source: 'buffer' };
    }
  });

  app.get('/api/v1/status', async (req) => {
    parseNoParams(req.query as Q);
    const [status, nodes] = await Promise.all([relay.serverStatus(), relay.getNodes()]);
    const oldest = store.oldestTime;
    const newest = store.newestTime;
    return {
      mode: mode.status(),
      relay: { address: relay.cfg.relayAddress, stream: stream.state, last_error: stream.lastError || undefined },
      server_status: status,
      nodes: (nodes as { nodes?: unknown[] }).nodes ?? [],
      buffer: {
        flows: store.size,
        capacity: store.capacity,
        oldest: oldest && formatTime(oldest),
        newest: newest && formatTime(newest),
      },
    };
  });

  registerConnectivityRoutes(app, deps);
}
