/**
 * The demo cluster's logs and traces: every flow of the FlowHub goes through the FlowLogger (log
 * lines pushed to Loki's push API) and the TraceAssembler (spans sent as OTLP/HTTP JSON to Tempo),
 * so that a flow's trace id is the trace's id, and the log lines of its pods carry it.
 *
 * Endpoints: `lokiUrl` is Loki's base URL (`http://loki:3100`; lines go to `/loki/api/v1/push`),
 * `otlpUrl` the OTLP/HTTP base URL (`http://tempo:4318`; spans go to `/v1/traces`). Either may be
 * left out to switch that signal off.
 */
import { FlowHub } from '../flows/types';
import { FlowLogger, LogRecord, lokiPushBody } from './logs';
import { SpanEncoder } from './otlp';
import { PushQueue, PushStats } from './sender';
import { SpanSpec, TraceAssembler } from './spans';

/** Options of {@link startTelemetry}. */
export type TelemetryOptions = {
  hub: FlowHub;
  /** Loki base URL; no logs when absent. */
  lokiUrl?: string;
  /** OTLP/HTTP base URL (Tempo's receiver, port 4318); no traces when absent. */
  otlpUrl?: string;
  /** How often queued data is sent, ms. Default 1000. */
  intervalMs?: number;
  /** A trace is sent once none of its flows arrived for this long, ms. Default 2000. */
  traceQuietMs?: number;
  /** Most log lines / spans waiting while an endpoint is down. Default 20 000 / 10 000. */
  maxQueuedLogs?: number;
  maxQueuedSpans?: number;
  warn?: (msg: string) => void;
  clock?: () => number;
};

/** A running telemetry writer. */
export type Telemetry = {
  /** Unsubscribes from the hub, sends what is complete and queued (best effort), stops the timer. */
  stop(): Promise<void>;
  /** Sends everything queued now, open traces included (tests, shutdown). */
  flush(): Promise<void>;
  stats(): { logs?: PushStats; spans?: PushStats; openTracesDropped: number };
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Subscribes to the hub and starts sending logs and traces to the given endpoints. */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const clock = options.clock ?? Date.now;
  const logger = new FlowLogger();
  const assembler = new TraceAssembler(options.traceQuietMs ?? 2_000);
  const encoder = new SpanEncoder();
  const logs = options.lokiUrl
    ? new PushQueue<LogRecord>({
        name: 'loki',
        url: `${trimSlash(options.lokiUrl)}/loki/api/v1/push`,
        contentType: 'application/json',
        encode: (records) => JSON.stringify(lokiPushBody(records)),
        maxItems: options.maxQueuedLogs ?? 20_000,
        warn: options.warn,
        clock,
      })
    : undefined;
  const spans = options.otlpUrl
    ? new PushQueue<SpanSpec>({
        name: 'otlp',
        url: `${trimSlash(options.otlpUrl)}/v1/traces`,
        contentType: 'application/json',
        encode: (batch) => encoder.encode(batch),
        maxItems: options.maxQueuedSpans ?? 10_000,
        maxBatch: 200,
        warn: options.warn,
        clock,
      })
    : undefined;

  const unsubscribe = options.hub.subscribe((flow) => {
    try {
      if (logs) {
        const records = logger.recordsFor(flow);
        if (records.length) {
          logs.push(records);
        }
      }
      if (spans) {
        assembler.add(flow, clock());
      }
    } catch (e) {
      (options.warn ?? console.warn)(`telemetry: skipped a flow: ${(e as Error).message}`);
    }
  });

  const send = async (all: boolean) => {
    if (spans) {
      spans.push(assembler.take(clock(), all).flat());
    }
    await Promise.all([logs?.flush(), spans?.flush()]);
  };
  let tick: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    tick = send(false);
  }, options.intervalMs ?? 1_000);
  timer.unref?.();

  return {
    async stop() {
      unsubscribe();
      clearInterval(timer);
      await tick;
      await send(true);
    },
    async flush() {
      await tick;
      await send(true);
    },
    stats: () => ({ logs: logs?.counters(), spans: spans?.counters(), openTracesDropped: assembler.dropped }),
  };
}
