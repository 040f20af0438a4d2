/**
 * Builds a gateway: the Relay client, the follow stream, the flow store and the Fastify app with
 * auth, parameter errors (400), unknown paths (404) and methods (405), Relay errors (502/503),
 * request metrics and bounded connections. `main.ts` runs one; tests run several in one process.
 */
import crypto from 'node:crypto';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { chunkTable } from './chunks';
import type { Config } from './config';
import { AnswerTracker } from './flowAnswer';
import { FlowStore } from './flowStore';
import { FollowStream } from './followStream';
import { createMetrics, type GatewayMetrics } from './metrics';
import { ParamError } from './params';
import { hubbleTypes } from './proto';
import { RelayClient, RelayError } from './relayClient';
import { ModeController } from './mode';
import { RelayGate } from './relayQuery';
import { RelayReader } from './relayRead';
import { registerRoutes, ROUTES } from './routes';
import { UnknownTally } from './unknownTally';

/** A built, not yet listening gateway. */
export type Gateway = {
  app: FastifyInstance;
  store: FlowStore;
  stream: FollowStream;
  relay: RelayClient;
  metrics: GatewayMetrics;
  unknown: UnknownTally;
  /** Follow or query mode (mode.ts). */
  mode: ModeController;
  /** One-shot Relay reads with their cache (relayRead.ts). */
  reader: RelayReader;
  /** Measures the flow rate (in auto mode before anything else), starts the follow stream in follow mode and listens on cfg.listenHost:listenPort; resolves to the URL. */
  start(): Promise<string>;
  /** Stops the stream, closes the HTTP server (in-flight requests finish) and the Relay channel. */
  stop(): Promise<void>;
};

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) {
    return false;
  }
  const a = crypto.createHash('sha256').update(header.slice(7)).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}

const ALLOWED_PATHS = Object.keys(ROUTES)
  .map((p) => `GET ${p}`)
  .join(', ');

/** Creates the gateway for `cfg`. Throws if TLS files cannot be read or the protos cannot be loaded. */
export function createGateway(cfg: Config): Gateway {
  const store = new FlowStore(cfg.bufferSize, cfg.mapSlotMs, { ...hubbleTypes(), chunks: chunkTable });
  const answers = new AnswerTracker();
  const relay = new RelayClient(cfg);
  const app = Fastify({
    logger: { level: cfg.logLevel },
    // One line per request is noise at hundreds of requests per second: only at debug level.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(cfg.logLevel) }),
    bodyLimit: 1024,
    // Socket inactivity: a client that stops reading an answer (or sending a request) is cut off.
    connectionTimeout: cfg.clientTimeoutMs,
    requestTimeout: 60_000,
    return503OnClosing: true,
  });
  const unknown = new UnknownTally(app.log);
  const metrics = createMetrics({ buffer: store, unknown, streams: answers });
  metrics.bufferCapacity.set(cfg.bufferSize);
  const stream = new FollowStream(relay, store, metrics, unknown, app.log, cfg);
  const relayGate = new RelayGate(cfg.maxRelayQueries, cfg.relayTimeoutMs);
  const mode = new ModeController(relay, cfg, app.log);
  const reader = new RelayReader(relay, relayGate, {
    ttlMs: cfg.queryCacheTtlMs,
    maxFlows: cfg.queryCacheFlows,
    slotMs: cfg.mapSlotMs,
    sink: unknown,
    onSkipped: (err) => {
      metrics.invalidMessages.inc();
      app.log.warn({ err: err.message }, 'skipped a Relay message that could not be decoded (one-shot query)');
    },
    onRead: (result) => metrics.relayReads.inc({ result }),
  });
  metrics.sources.relayReads = reader;
  const showMode = () => {
    metrics.mode.set({ mode: 'follow' }, mode.current === 'follow' ? 1 : 0);
    metrics.mode.set({ mode: 'query' }, mode.current === 'query' ? 1 : 0);
  };
  showMode();
  mode.onRate = (rate) => metrics.clusterFlowRate.set(rate);
  mode.onChange = (to) => {
    showMode();
    metrics.modeSwitches.inc({ mode: to });
    reader.clear();
    if (to === 'query') {
      stream.stop();
    } else {
      stream.start();
    }
  };
  app.server.maxConnections = cfg.maxConnections;
  app.server.on('timeout', (socket) => {
    metrics.streamTimeouts.inc();
    socket.destroy();
  });

  if (cfg.token) {
    const token = cfg.token;
    app.addHook('onRequest', async (req, reply) => {
      if (!req.url.startsWith('/api/')) {
        return;
      }
      if (!tokenMatches(req.headers.authorization, token)) {
        reply.header('www-authenticate', 'Bearer');
        return reply.code(401).send({
          error:
            'missing or wrong bearer token: send "Authorization: Bearer <token>" (the gateway\'s --token / HUBBLE_GATEWAY_TOKEN)',
        });
      }
    });
  }

  app.addHook('onResponse', async (req, reply) => {
    metrics.httpDuration.observe(
      { route: req.routeOptions.url ?? 'unmatched', method: req.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000
    );
  });

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof ParamError) {
      return reply.code(400).send({ error: err.message, parameter: err.parameter, allowed: err.allowed });
    }
    if (err instanceof RelayError) {
      return reply.code(err.unreachable ? 503 : 502).send({ error: err.message });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: (err as Error).message });
    }
    req.log.error({ err }, 'request failed');
    return reply.code(500).send({ error: 'internal error' });
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const methods = ROUTES[path];
    if (methods) {
      return reply
        .code(405)
        .header('allow', methods.join(', '))
        .send({
          error: `method ${req.method} not allowed on ${path}: the API is read-only`,
          allowed: methods.join(', '),
        });
    }
    return reply.code(404).send({ error: `no such endpoint: ${req.method} ${path}`, allowed: ALLOWED_PATHS });
  });

  registerRoutes(app, {
    store,
    relay,
    stream,
    metrics,
    answers,
    relayGate,
    reader,
    mode,
    unknown,
    mapSlotMs: cfg.mapSlotMs,
  });

  return {
    app,
    store,
    stream,
    relay,
    metrics,
    unknown,
    mode,
    reader,
    async start() {
      await mode.start();
      if (mode.current === 'follow') {
        stream.start();
      }
      return app.listen({ host: cfg.listenHost, port: cfg.listenPort });
    },
    async stop() {
      mode.stop();
      stream.stop();
      await app.close();
      relay.close();
    },
  };
}
