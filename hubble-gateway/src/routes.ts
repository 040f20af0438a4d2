/**
 * The HTTP/JSON API (read-only, versioned under /api/v1). Shapes are documented in README.md
 * "HTTP API"; flows are in the JSON shape `hubble observe -o json` prints for `.flow`.
 */
import type { FastifyInstance } from 'fastify';
import { registerConnectivityRoutes } from './connectivity/routes';
import type { FlowRecord } from './flowRecord';
import type { FlowStore } from './flowStore';
import type { FollowStream } from './followStream';
import type { GatewayMetrics } from './metrics';
import { parseFlowQuery, parseMapQuery, parseNoParams, MAX_LIMIT } from './params';
import { hubbleTypes } from './proto';
import { messageToJson } from './protojson';
import { queryRelay } from './relayQuery';
import type { RelayClient } from './relayClient';
import { ServiceMap } from './serviceMap';
import { compareTime, formatTime, timeToMs, type Time } from './time';

/** What the routes read. */
export type RouteDeps = {
  store: FlowStore;
  relay: RelayClient;
  stream: FollowStream;
  metrics: GatewayMetrics;
  mapSlotMs: number;
};

type Q = Record<string, unknown>;

/** True when flows from before the buffer may exist: the range starts before the oldest buffered flow and the buffer is full or empty. */
export function olderThanBuffer(store: FlowStore, since: Time | undefined): boolean {
  if (!since) {
    return false;
  }
  const oldest = store.oldestTime;
  if (!oldest) {
    return true;
  }
  return compareTime(since, oldest) < 0 && store.size >= store.ring.capacity;
}

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { store, relay, stream, metrics } = deps;
  const { Flow } = hubbleTypes();
  const toJson = (r: FlowRecord) => messageToJson(Flow, Flow.decode(r.bytes) as never);

  app.get('/healthz', async (req) => {
    parseNoParams(req.query as Q);
    return { status: 'ok' };
  });

  app.get('/readyz', async (req, reply) => {
    parseNoParams(req.query as Q);
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

  app.get('/api/v1/flows', async (req) => {
    const q = parseFlowQuery(req.query as Q);
    let records = store.query(q);
    if (records.length < q.limit && olderThanBuffer(store, q.since)) {
      records = await queryRelay(relay, q, q.limit === MAX_LIMIT ? MAX_LIMIT : Math.min(MAX_LIMIT, q.limit * 4), () =>
        metrics.invalidMessages.inc()
      );
    }
    return { flows: records.map(toJson) };
  });

  app.get('/api/v1/service-map', async (req) => {
    const p = parseMapQuery(req.query as Q);
    if (olderThanBuffer(store, p.since)) {
      const records = await queryRelay(
        relay,
        { namespace: p.namespace, since: p.since, until: p.until, limit: MAX_LIMIT },
        MAX_LIMIT,
        () => metrics.invalidMessages.inc()
      );
      const map = new ServiceMap(deps.mapSlotMs);
      for (const r of records.reverse()) {
        map.add(r);
      }
      return map.query({ namespace: p.namespace });
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
      store.ring.forEachNewestFirst((r) => {
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
      relay: { address: relay.cfg.relayAddress, stream: stream.state, last_error: stream.lastError || undefined },
      server_status: status,
      nodes: (nodes as { nodes?: unknown[] }).nodes ?? [],
      buffer: {
        flows: store.size,
        capacity: store.ring.capacity,
        oldest: oldest && formatTime(oldest),
        newest: newest && formatTime(newest),
      },
    };
  });

  registerConnectivityRoutes(app, deps);
}
