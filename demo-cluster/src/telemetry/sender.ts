/**
 * A bounded queue pushed to an HTTP endpoint in batches, with retries and exponential backoff.
 * It never throws and never blocks the simulation: when the endpoint is down, items wait in the
 * queue (the oldest are dropped past `maxItems`) and sending resumes when it is back.
 */

/** Options of {@link PushQueue}. */
export type PushQueueOptions<T> = {
  /** Name in log messages (`loki`, `otlp`). */
  name: string;
  /** Full URL to POST to. */
  url: string;
  contentType: string;
  /** Encodes one batch as the request body. */
  encode: (items: T[]) => Uint8Array | string;
  /** Most items kept waiting; older ones are dropped first. Default 10 000. */
  maxItems?: number;
  /** Most items per request. Default 500. */
  maxBatch?: number;
  /** First retry delay, doubled on each failure up to `maxBackoffMs`. Defaults 500 and 30 000 ms. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Per-request timeout, ms. Default 10 000. */
  timeoutMs?: number;
  /** Receives warnings (first failure after a success, recoveries). Default console.warn. */
  warn?: (msg: string) => void;
  /** Clock, ms. Default Date.now. */
  clock?: () => number;
};

/** Counters of a {@link PushQueue}. */
export type PushStats = { queued: number; sent: number; dropped: number; failedRequests: number; rejected: number };

export class PushQueue<T> {
  private items: T[] = [];
  private sending = false;
  private backoffMs = 0;
  private retryAt = 0;
  private failing = false;
  private readonly stats: PushStats = { queued: 0, sent: 0, dropped: 0, failedRequests: 0, rejected: 0 };
  private readonly o: Required<Omit<PushQueueOptions<T>, 'warn' | 'clock'>> &
    Pick<PushQueueOptions<T>, 'warn' | 'clock'>;

  constructor(options: PushQueueOptions<T>) {
    this.o = {
      maxItems: 10_000,
      maxBatch: 500,
      baseBackoffMs: 500,
      maxBackoffMs: 30_000,
      timeoutMs: 10_000,
      ...options,
    };
  }

  private now(): number {
    return (this.o.clock ?? Date.now)();
  }

  private warn(msg: string): void {
    (this.o.warn ?? console.warn)(`telemetry ${this.o.name}: ${msg}`);
  }

  /** Adds items; past `maxItems` the oldest are dropped. */
  push(items: T[]): void {
    this.items.push(...items);
    const excess = this.items.length - this.o.maxItems;
    if (excess > 0) {
      this.items.splice(0, excess);
      this.stats.dropped += excess;
    }
  }

  /** Counters, with `queued` the items waiting now. */
  counters(): PushStats {
    return { ...this.stats, queued: this.items.length };
  }

  /**
   * Sends waiting items batch by batch until the queue is empty or a request fails; after a failure
   * (network error, timeout, HTTP 429 or 5xx) the batch stays queued and nothing is sent before the
   * backoff delay has passed. HTTP 4xx other than 429 rejects the batch (it would never succeed).
   * Resolves when done; never rejects.
   */
  async flush(): Promise<void> {
    if (this.sending || this.now() < this.retryAt) {
      return;
    }
    this.sending = true;
    try {
      while (this.items.length > 0) {
        const batch = this.items.slice(0, this.o.maxBatch);
        const outcome = await this.send(batch);
        if (outcome === 'retry') {
          this.backoffMs = Math.min(this.o.maxBackoffMs, this.backoffMs ? this.backoffMs * 2 : this.o.baseBackoffMs);
          this.retryAt = this.now() + this.backoffMs;
          return;
        }
        this.items.splice(0, batch.length);
        if (outcome === 'sent') {
          this.stats.sent += batch.length;
          if (this.failing) {
            this.warn(`${this.o.url} reachable again`);
          }
          this.failing = false;
          this.backoffMs = 0;
          this.retryAt = 0;
        } else {
          this.stats.rejected += batch.length;
        }
      }
    } finally {
      this.sending = false;
    }
  }

  private async send(batch: T[]): Promise<'sent' | 'retry' | 'rejected'> {
    let body: Uint8Array | string;
    try {
      body = this.o.encode(batch);
    } catch (e) {
      this.warn(`could not encode a batch of ${batch.length}: ${(e as Error).message}`);
      return 'rejected';
    }
    try {
      const res = await fetch(this.o.url, {
        method: 'POST',
        headers: { 'Content-Type': this.o.contentType },
        body: typeof body === 'string' ? body : new TextDecoder().decode(body),
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        return 'sent';
      }
      this.stats.failedRequests++;
      if (res.status === 429 || res.status >= 500) {
        this.noteFailure(`HTTP ${res.status}`);
        return 'retry';
      }
      this.warn(`${this.o.url} rejected a batch of ${batch.length}: HTTP ${res.status}`);
      return 'rejected';
    } catch (e) {
      this.stats.failedRequests++;
      this.noteFailure((e as Error).message);
      return 'retry';
    }
  }

  private noteFailure(reason: string): void {
    if (!this.failing) {
      this.warn(`${this.o.url} failed (${reason}); retrying with backoff, ${this.items.length} items waiting`);
    }
    this.failing = true;
  }
}
