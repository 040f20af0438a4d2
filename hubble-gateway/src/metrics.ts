/**
 * The gateway's own Prometheus metrics (prom-client), served on `GET /metrics`. Names are prefixed
 * `hubble_gateway_`; the Node.js process metrics of prom-client are included.
 */
import client from 'prom-client';

/** The metric objects the other modules update. One instance per gateway. */
export type GatewayMetrics = ReturnType<typeof createMetrics>;

/** Creates a registry with the gateway metrics (a new registry each call: tests run several gateways). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  // Per-flow counts are plain numbers (a prom-client update per flow costs ~0.5 µs, ~5 % of ingest);
  // the metrics read them when scraped.
  const ingest = { received: 0, duplicates: 0, buffered: 0 };
  const counterOf = (read: () => number) => {
    let reported = 0;
    return function (this: client.Counter) {
      const now = read();
      if (now > reported) {
        this.inc(now - reported);
      }
      reported = now;
    };
  };
  const m = {
    registry,
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
        this.set(ingest.buffered);
      },
    }),
    bufferCapacity: new client.Gauge({
      name: 'hubble_gateway_buffer_capacity_flows',
      help: 'Ring buffer capacity',
      registers: [registry],
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
