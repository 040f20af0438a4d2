/**
 * The one `GetFlows` follow stream the gateway keeps open to Relay.
 *
 * - First connect asks for the last `bufferSize` flows and then follows (`number` + `follow`).
 * - When the stream ends, errors, or stays silent longer than the stall timeout, it reconnects after
 *   an exponential, jittered, capped delay (initial * 2^attempt, at most max, times 0.5..1), and
 *   resumes with `since` = the newest flow time stored, so nothing is missed; the store skips the
 *   flows at that instant that arrive again.
 * - A message that cannot be decoded, or a flow without time, is counted, logged and skipped; it
 *   never ends the stream. Fields and enum values our protos do not know are kept (the flow's bytes
 *   are stored as they came) and reported to the UnknownTally.
 */
import type * as grpc from '@grpc/grpc-js';
import type { FlowStore } from './flowStore';
import type { GatewayMetrics } from './metrics';
import { locateResponse, scanFlow } from './flowScan';
import { hubbleTypes } from './proto';
import { RelayClient, unreachableHint } from './relayClient';
import type { UnknownTally } from './unknownTally';

/** `connecting` until Relay answers, `connected` while flows can arrive, `backoff` between attempts. */
export type StreamState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'stopped';

type Log = { info(o: object, m?: string): void; warn(o: object, m?: string): void };

export class FollowStream {
  state: StreamState = 'idle';
  /** Last error text, for /readyz and /api/v1/status. */
  lastError = '';
  private call?: grpc.ClientReadableStream<Buffer>;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  private stallTimer?: NodeJS.Timeout;
  private messages = 0;
  private readonly types = hubbleTypes();
  private readonly lostEventType = this.types.root.lookupType('flow.LostEvent');

  constructor(
    private readonly relay: RelayClient,
    private readonly store: FlowStore,
    private readonly metrics: GatewayMetrics,
    private readonly unknown: UnknownTally,
    private readonly log: Log,
    private readonly opts: {
      bufferSize: number;
      stallTimeoutMs: number;
      backoffInitialMs: number;
      backoffMaxMs: number;
    }
  ) {}

  /** Opens the stream (idempotent while running; after `stop`, opens it again: follow mode resumes). */
  start(): void {
    if (this.state !== 'idle' && this.state !== 'stopped') {
      return;
    }
    this.attempt = 0;
    this.state = 'idle';
    this.connect();
  }

  /** Cancels the stream and any pending reconnect. */
  stop(): void {
    this.setState('stopped');
    clearTimeout(this.retryTimer);
    clearInterval(this.stallTimer);
    this.call?.cancel();
    this.call = undefined;
  }

  private setState(s: StreamState): void {
    this.state = s;
    this.metrics.streamUp.set(s === 'connected' ? 1 : 0);
  }

  private request(): Record<string, unknown> {
    const since = this.store.newestTime;
    if (since) {
      return { follow: true, since: { seconds: since.sec, nanos: since.nanos } };
    }
    return { follow: true, number: this.opts.bufferSize };
  }

  /**
   * Watches the open call for silence: a check every quarter of the stall timeout compares the
   * message count with the last check (counting is cheaper than re-arming a timer per message).
   */
  private watchStall(): void {
    clearInterval(this.stallTimer);
    let seenAt = Date.now();
    let seen = this.messages;
    this.stallTimer = setInterval(
      () => {
        if (this.messages !== seen) {
          seen = this.messages;
          seenAt = Date.now();
        } else if (Date.now() - seenAt >= this.opts.stallTimeoutMs) {
          this.log.warn(
            { stallTimeoutMs: this.opts.stallTimeoutMs },
            'Relay follow stream silent too long; reconnecting'
          );
          this.end('stalled');
        }
      },
      Math.max(25, Math.floor(this.opts.stallTimeoutMs / 4))
    );
    this.stallTimer.unref();
  }

  private connect(): void {
    if (this.state === 'stopped') {
      return;
    }
    this.setState('connecting');
    const request = this.request();
    const call = this.relay.openGetFlows(request);
    this.call = call;
    this.watchStall();
    let delivered = false;
    call.on('metadata', () => {
      if (this.call === call && this.state === 'connecting') {
        this.onConnected(request);
      }
    });
    call.on('data', (buf: Buffer) => {
      if (this.call !== call) {
        return;
      }
      if (this.state === 'connecting') {
        this.onConnected(request);
      }
      this.messages++;
      delivered = true;
      this.onMessage(buf);
    });
    call.on('error', (err: grpc.ServiceError) => {
      if (this.call !== call) {
        return;
      }
      this.lastError =
        err.code === 14 ? `${unreachableHint(this.relay.cfg.relayAddress)} (gRPC: ${err.message})` : err.message;
      this.end(err.code === 14 ? 'unavailable' : 'error', delivered);
    });
    call.on('end', () => {
      if (this.call !== call) {
        return;
      }
      this.lastError = 'Relay ended the follow stream';
      this.end('ended', delivered);
    });
  }

  private onConnected(request: Record<string, unknown>): void {
    this.setState('connected');
    this.lastError = '';
    this.attempt = 0;
    this.log.info(
      { relay: this.relay.cfg.relayAddress, resume: Boolean(request.since) },
      'Relay follow stream connected'
    );
  }

  /** Handles one GetFlowsResponse (raw bytes). Public for the fuzz tests; never throws. */
  onMessage(buf: Buffer): void {
    try {
      const parts = locateResponse(buf);
      if (parts.unknownField) {
        this.unknown.field('observer.GetFlowsResponse', parts.unknownField, 0);
      }
      if (parts.flowStart >= 0) {
        const s = scanFlow(this.types.flowWire, buf, parts.flowStart, parts.flowEnd, this.unknown);
        if (!s.hasTime) {
          throw new TypeError('flow without time');
        }
        const ingest = this.metrics.ingest;
        if (this.store.add(buf, s, this.unknown) === 'added') {
          ingest.received++;
        } else {
          ingest.duplicates++;
        }
      } else if (parts.lostStart >= 0) {
        const lost = this.lostEventType.decode(buf.subarray(parts.lostStart, parts.lostEnd)) as unknown as {
          source: number;
          num_events_lost: unknown;
        };
        const source =
          ['unknown', 'perf_event_ring_buffer', 'observer_events_queue', 'hubble_ring_buffer'][lost.source] ??
          String(lost.source);
        this.metrics.lostEvents.inc({ source }, Number(lost.num_events_lost ?? 0));
      }
    } catch (err) {
      this.metrics.invalidMessages.inc();
      this.log.warn(
        { err: (err as Error).message, bytes: buf.length },
        'skipped a Relay message that could not be decoded'
      );
    }
  }

  private end(cause: string, delivered = false): void {
    const call = this.call;
    this.call = undefined;
    clearInterval(this.stallTimer);
    call?.cancel();
    if (this.state === 'stopped') {
      return;
    }
    this.metrics.streamErrors.inc({ cause });
    if (delivered) {
      this.attempt = 0;
    }
    const base = Math.min(this.opts.backoffMaxMs, this.opts.backoffInitialMs * 2 ** this.attempt);
    const delay = Math.round(base * (0.5 + Math.random() * 0.5));
    this.attempt = Math.min(this.attempt + 1, 30);
    this.setState('backoff');
    this.log.warn({ cause, delayMs: delay, error: this.lastError }, 'Relay follow stream lost; reconnecting');
    this.retryTimer = setTimeout(() => {
      this.metrics.reconnects.inc();
      this.connect();
    }, delay);
  }
}
