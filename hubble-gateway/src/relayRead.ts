/**
 * Reads flows from Hubble Relay for one request (query mode, and ranges older than the buffer): the
 * request's filters pushed down as Relay FlowFilters (filters.ts `toRelayFilters`), a bounded
 * `number`, and its range; identical Relay requests within `--query-cache-ttl` share one answer.
 *
 * How the range is sent, because Relay's `number` counts per node and, with `since`, selects the
 * first `number` flows from `since` on rather than the last (Cilium's local_observer.go):
 * - with `until` (a window that has ended): `since` and `until` both go to Relay, which answers the
 *   first `number` flows of each node in the window;
 * - without `until` (up to now): `since` stays with the gateway and Relay sends each node's newest
 *   `number` flows that pass the filters, so the answer holds the newest flows, not the oldest.
 * The gateway applies every filter and the range again to what Relay sends (exact answers).
 */
import { type FlowQuery, toRelayFilters } from './filters';
import type { FlowStore } from './flowStore';
import { type GetFlowsRequest, queryRelay, timestamp, type RelayGate } from './relayQuery';
import type { RelayClient } from './relayClient';
import type { UnknownSink } from './wireCheck';

/** A Relay request for `q` and the parameters the gateway alone evaluates (see filters.ts). */
export type RelayPlan = { request: GetFlowsRequest; appliedAfter: string[] };

/**
 * The GetFlowsRequest for `q` with `number` = `maxFlows` (at most that many flows per node), range
 * sent as the module doc says.
 */
export function planRelayRequest(q: Omit<FlowQuery, 'limit'>, maxFlows: number): RelayPlan {
  const { whitelist, appliedAfter } = toRelayFilters(q);
  const request: GetFlowsRequest = { number: maxFlows, whitelist };
  if (q.until) {
    request.until = timestamp(q.until);
    if (q.since) {
      request.since = timestamp(q.since);
    }
  } else if (q.since) {
    appliedAfter.push('since');
  }
  return { request, appliedAfter };
}

/** What happened to one read: answered from the cache, shared with an identical read under way, or asked of Relay. */
export type ReadOutcome = 'hit' | 'shared' | 'miss' | 'error';

/**
 * Flows read from Relay for one request at most. Relay sends up to `number` flows per node, merged
 * in time order, and the newest `number` are kept, so the whole answer is read; this bounds it on
 * clusters of many nodes (beyond it, the newest flows of the answer are not read).
 */
export const MAX_READ = 200_000;

type Entry = { expiresMs: number; flows: number; store: FlowStore };

/**
 * Relay reads with a short cache. Entries live `ttlMs` and hold at most `maxFlows` flows in all
 * (the oldest entries are dropped first); a read while an identical one runs waits for it.
 */
export class RelayReader {
  private readonly cache = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<FlowStore>>();
  private cachedFlows = 0;

  constructor(
    private readonly relay: RelayClient,
    private readonly gate: RelayGate,
    private readonly opts: {
      ttlMs: number;
      maxFlows: number;
      slotMs: number;
      sink: UnknownSink;
      onSkipped: (err: Error) => void;
      onRead?: (outcome: ReadOutcome) => void;
      now?: () => number;
    }
  ) {}

  /** Flows cached now (all entries). */
  get size(): number {
    return this.cachedFlows;
  }

  /** Drops every cached answer (a mode switch: the buffer answers again). */
  clear(): void {
    this.cache.clear();
    this.cachedFlows = 0;
  }

  /**
   * Relay's answer to `request` (at most `request.number` flows read, in a store of their own).
   * Rejects RelayError as queryRelay does.
   */
  async read(request: GetFlowsRequest): Promise<FlowStore> {
    const now = this.opts.now ?? Date.now;
    const key = JSON.stringify(request);
    const hit = this.cache.get(key);
    if (hit && hit.expiresMs > now()) {
      this.opts.onRead?.('hit');
      return hit.store;
    }
    if (hit) {
      this.drop(key, hit);
    }
    const running = this.running.get(key);
    if (running) {
      this.opts.onRead?.('shared');
      return running;
    }
    const { slotMs, sink, onSkipped } = this.opts;
    const readCap = Math.max(request.number, MAX_READ);
    const reading = this.gate.run(() =>
      queryRelay(this.relay, request, request.number, slotMs, sink, onSkipped, readCap)
    );
    this.running.set(key, reading);
    try {
      const store = await reading;
      this.opts.onRead?.('miss');
      this.keep(key, { expiresMs: now() + this.opts.ttlMs, flows: store.size, store });
      return store;
    } catch (err) {
      this.opts.onRead?.('error');
      throw err;
    } finally {
      this.running.delete(key);
    }
  }

  private keep(key: string, entry: Entry): void {
    if (this.opts.ttlMs <= 0 || entry.flows > this.opts.maxFlows) {
      return;
    }
    this.cache.set(key, entry);
    this.cachedFlows += entry.flows;
    for (const [k, e] of this.cache) {
      if (this.cachedFlows <= this.opts.maxFlows) {
        break;
      }
      this.drop(k, e);
    }
  }

  private drop(key: string, entry: Entry): void {
    this.cache.delete(key);
    this.cachedFlows -= entry.flows;
  }
}
