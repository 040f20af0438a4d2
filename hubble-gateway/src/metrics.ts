/**
 * The gateway's own Prometheus metrics (prom-client), served on `GET /metrics`. Names are prefixed
 * `hubble_gateway_`; the Node.js process metrics of prom-client are included.
 */
import client from 'prom-client';

/** The metric objects the other modules update. One instance per gateway. */
export type GatewayMetrics = ReturnType<typeof createMetrics>;

/** What the metrics read when scraped (set by the gateway once its parts exist). */
export type MetricSources = {
  /** Flows buffered now, flows evicted so far, bytes of flow data held. */
  buffer?: {
    readonly size: number;
    readonly evicted: number;
    readonly slabBytes: number;
    readonly newestTime: { sec: number; nanos: number } | undefined;
  };
  /** Unknown fields by message, unknown enum values by enum. */
  unknown?: { readonly fields: Map<string, number>; readonly enums: Map<string, number> };
  /** Flow answers being streamed and their bytes waiting in the gateway (not yet taken by the socket). */
  streams?: { readonly active: number; readonly pendingBytes: number };
  /** The cache of Relay answers: flows it holds. */
  relayReads?: { readonly size: number };
};

/** A counter whose value is kept elsewhere as a plain number, read at scrape time. */
function counterOf(read: () => number) {
  let reported = 0;
  return function (this: client.Counter) {
    const now = read();
    if (now > reported) {
      this.inc(now - reported);
    }
    reported = now;
  };
}

/** A labelled counter read from a Map (label value -> total) at scrape time. */
function labelledCounterOf(label: string, read: () => Map<string, number> | undefined) {
  const reported = new Map<string, number>();
  return function (this: client.Counter<string>) {
    for (const [value, now] of read() ?? []) {
      const before = reported.get(value) ?? 0;
      if (now > before) {
        this.inc({ [label]: value }, now - before);
      }
      reported.set(value, now);
    }
  };
}

/** Creates a registry with the gateway metrics (a new registry each call: tests run several gateways). */
export function createMetrics(sources: MetricSources = {}) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // Per-flow counts are plain numbers (a prom-client update per flow costs ~0.5 µs, ~5 % of ingest);
  // the metrics read them when scraped.
  const ingest = { received: 0, duplicates: 0 };
  const m = {
    registry,
    sources,
    /** Updated by the follow stream for every flow; exported on scrape. */
    ingest,
    flowsReceived: new client.Counter({
      name: 'hubble_gateway_flows_received_total',
      help: 'Flows received from Hubble Relay and buffered',
      registers: [registry],
      collect: counterOf(() => ingest.received),
    }),
    duplicateFlows: new client.Counter({
      name: 'hubble_gateway_duplicate_flows_total',
      help: 'Flows received twice (after a resume) and skipped',
      registers: [registry],
      collect: counterOf(() => ingest.duplicates),
    }),
    invalidMessages: new client.Counter({
      name: 'hubble_gateway_invalid_messages_total',
      help: 'Relay messages that could not be decoded or converted, skipped',
      registers: [registry],
    }),
    lostEvents: new client.Counter({
      name: 'hubble_gateway_lost_events_total',
      help: 'Events Hubble reported as lost (lost_events responses), by source',
      labelNames: ['source'],
      registers: [registry],
    }),
    reconnects: new client.Counter({
      name: 'hubble_gateway_relay_reconnects_total',
      help: 'Follow-stream reconnect attempts to Hubble Relay',
      registers: [registry],
    }),
    streamErrors: new client.Counter({
      name: 'hubble_gateway_relay_stream_errors_total',
      help: 'Follow-stream ends by cause',
      labelNames: ['cause'],
      registers: [registry],
    }),
    streamUp: new client.Gauge({
      name: 'hubble_gateway_relay_stream_connected',
      help: '1 while the follow stream to Relay is connected',
      registers: [registry],
    }),
    bufferSize: new client.Gauge({
      name: 'hubble_gateway_buffer_flows',
      help: 'Flows in the ring buffer',
      registers: [registry],
      collect() {
        this.set(sources.buffer?.size ?? 0);
      },
    }),
    bufferEvicted: new client.Counter({
      name: 'hubble_gateway_buffer_evicted_flows_total',
      help: 'Flows that left the ring buffer to make room for newer ones (received = buffered + evicted)',
      registers: [registry],
      collect: counterOf(() => sources.buffer?.evicted ?? 0),
    }),
    newestFlowAge: new client.Gauge({
      name: 'hubble_gateway_newest_flow_age_seconds',
      help: 'Now minus the time of the newest flow received: how far ingest lags behind (grows during bursts and while Relay is away)',
      registers: [registry],
      collect() {
        const t = sources.buffer?.newestTime;
        if (t) {
          this.set(Date.now() / 1000 - (t.sec + t.nanos / 1e9));
        }
      },
    }),
    bufferBytes: new client.Gauge({
      name: 'hubble_gateway_buffer_bytes',
      help: 'Bytes of buffered flow data held in slabs (interned endpoints and context not counted)',
      registers: [registry],
      collect() {
        this.set(sources.buffer?.slabBytes ?? 0);
      },
    }),
    unknownFields: new client.Counter({
      name: 'hubble_gateway_unknown_fields_total',
      help: 'Fields our protos do not declare, seen in flows from Relay (kept, served under "@unknown_fields"), by message',
      labelNames: ['message'],
      registers: [registry],
      collect: labelledCounterOf('message', () => sources.unknown?.fields),
    }),
    unknownEnumValues: new client.Counter({
      name: 'hubble_gateway_unknown_enum_values_total',
      help: 'Enum values our protos do not declare, seen in flows from Relay (kept, served as numbers), by enum',
      labelNames: ['enum'],
      registers: [registry],
      collect: labelledCounterOf('enum', () => sources.unknown?.enums),
    }),
    streamsActive: new client.Gauge({
      name: 'hubble_gateway_http_streams_active',
      help: 'Flow answers being streamed now',
      registers: [registry],
      collect() {
        this.set(sources.streams?.active ?? 0);
      },
    }),
    streamsPendingBytes: new client.Gauge({
      name: 'hubble_gateway_http_stream_pending_bytes',
      help: 'Bytes of flow answers printed but not yet taken by the sockets (bounded per connection)',
      registers: [registry],
      collect() {
        this.set(sources.streams?.pendingBytes ?? 0);
      },
    }),
    flowsGoneWhileSending: new client.Counter({
      name: 'hubble_gateway_http_flows_evicted_while_sending_total',
      help: 'Flows selected for an answer that left the buffer before a slow client was sent them',
      registers: [registry],
    }),
    streamTimeouts: new client.Counter({
      name: 'hubble_gateway_http_client_timeouts_total',
      help: 'Connections closed because the client stopped reading (or sending) for --client-timeout',
      registers: [registry],
    }),
    bufferCapacity: new client.Gauge({
      name: 'hubble_gateway_buffer_capacity_flows',
      help: 'Ring buffer capacity',
      registers: [registry],
    }),
    mode: new client.Gauge({
      name: 'hubble_gateway_mode',
      help: 'How the gateway gets flows: 1 for the current mode (follow: one stream takes every flow; query: a Relay query per request)',
      labelNames: ['mode'],
      registers: [registry],
    }),
    modeSwitches: new client.Counter({
      name: 'hubble_gateway_mode_switches_total',
      help: 'Switches between follow and query mode (--mode auto), by the mode switched to',
      labelNames: ['mode'],
      registers: [registry],
    }),
    clusterFlowRate: new client.Gauge({
      name: 'hubble_gateway_cluster_flows_per_second',
      help: "The cluster's flow rate as last measured from Hubble Relay's ServerStatus (seen_flows, else flows_rate)",
      registers: [registry],
    }),
    relayReads: new client.Counter({
      name: 'hubble_gateway_relay_reads_total',
      help: 'Requests answered by a one-shot Relay query: hit (cache), shared (an identical query under way), miss (asked Relay), error',
      labelNames: ['result'],
      registers: [registry],
    }),
    relayReadCacheFlows: new client.Gauge({
      name: 'hubble_gateway_relay_read_cache_flows',
      help: 'Flows held by the cache of Relay answers (--query-cache-flows at most)',
      registers: [registry],
      collect() {
        this.set(sources.relayReads?.size ?? 0);
      },
    }),
    httpDuration: new client.Histogram({
      name: 'hubble_gateway_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['route', 'method', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
  return m;
}
