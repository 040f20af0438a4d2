/**
 * One-shot `GetFlows` (no follow): for ranges older than the ring buffer, and for every request in
 * query mode (relayRead.ts builds the request and caches answers). The flows Relay sends are kept in
 * a store of their own, which the caller filters again exactly. At most `maxFlows` flows are read,
 * under a deadline.
 */
import { chunkTable } from './chunks';
import { locateResponse, scanFlow } from './flowScan';
import { FlowStore } from './flowStore';
import { hubbleTypes } from './proto';
import { relayError, RelayClient, RelayError } from './relayClient';
import type { RelayFlowFilter } from './filters';
import type { Time } from './time';
import type { UnknownSink } from './wireCheck';

/** A GetFlowsRequest (observer.proto) as a plain object for protobufjs: `number`, filters, times. */
export type GetFlowsRequest = {
  number: number;
  whitelist: RelayFlowFilter[];
  since?: { seconds: number; nanos: number };
  until?: { seconds: number; nanos: number };
};

/** A protobuf Timestamp of a gateway time. */
export const timestamp = (t: Time) => ({ seconds: t.sec, nanos: t.nanos });

/**
 * Sends `request` (without follow) and keeps the newest `maxFlows` flows of Relay's answer in a
 * FlowStore (whose service map covers them). Relay sends up to `number` flows per node in time
 * order; reading stops after `readCap` flows (default `maxFlows`). Rejects RelayError when Relay
 * fails or the deadline passes; undecodable messages are skipped and counted with `onSkipped`,
 * unknown fields reported to `sink`.
 */
export function queryRelay(
  relay: RelayClient,
  request: GetFlowsRequest,
  maxFlows: number,
  slotMs: number,
  sink: UnknownSink,
  onSkipped: (err: Error) => void = () => {},
  readCap = maxFlows
): Promise<FlowStore> {
  const types = hubbleTypes();
  const store = new FlowStore(maxFlows, slotMs, { ...types, chunks: chunkTable });
  return new Promise((resolve, reject) => {
    let read = 0;
    const call = relay.openGetFlows({ ...request, follow: false }, new Date(Date.now() + relay.cfg.relayTimeoutMs));
    call.on('data', (buf: Buffer) => {
      try {
        const parts = locateResponse(buf);
        if (parts.flowStart < 0) {
          return;
        }
        read++;
        const s = scanFlow(types.flowWire, buf, parts.flowStart, parts.flowEnd, sink);
        if (!s.hasTime) {
          throw new TypeError('flow without time');
        }
        store.add(buf, s, sink);
      } catch (err) {
        onSkipped(err as Error);
      }
      if (read >= readCap) {
        call.cancel();
        resolve(store);
      }
    });
    call.on('error', (err) => {
      if (read >= readCap) {
        return; // our own cancel
      }
      reject(relayError(relay.cfg.relayAddress, err));
    });
    call.on('end', () => resolve(store));
  });
}

/**
 * Bounds the one-shot Relay queries that run at once (each holds up to 10000 flows while it runs); further ones wait their turn up to `waitMs`, then fail with a 503 that says so.
 */
export class RelayGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly waitMs: number
  ) {}

  /** Runs `fn` when a slot is free. Rejects RelayError (503) after waiting `waitMs` for one. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(wake), 1);
          reject(
            new RelayError(
              `the gateway is already running ${this.max} queries to Hubble Relay (its --max-relay-queries) and none ` +
                'finished in time; try again, narrow since/until or the filters, or raise --max-relay-queries',
              true
            )
          );
        }, this.waitMs);
        this.waiting.push(wake);
      });
      // The finishing query handed its slot over: `running` stays as it is.
    } else {
      this.running++;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next();
      } else {
        this.running--;
      }
    }
  }
}
