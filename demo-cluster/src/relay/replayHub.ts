/**
 * A FlowHub that replays the flows of a `hubble observe -o json` file (read with
 * ../flows/file.ts `loadFlowsFile`), for the standalone Relay CLI.
 *
 * Every flow of the file is kept, in file order, re-timed by one shift so that the last one is at
 * the anchor (default: now); "last" is the newest, so a file not in time order gets no future flows. With `rate` > 0 it then goes on producing flows: flow k (k = 1, 2, ...)
 * is a copy of file flow (k-1) mod n at anchor + k/rate seconds with uuid `replay-<anchor ns>-<k>`,
 * emitted when its time comes. The sequence depends only on the file, anchor and rate, so a Relay
 * restarted with the same `--anchor` holds the same flows a real Relay would still hold.
 * `setRate` changes the rate from now on (tests of rate-driven behaviour); flow k keeps its number.
 */
import type { FlowHub, FlowJson, FlowListener } from '../flows/types';
import { nsToTime, timeToNs } from './flowToProto';

/** Options of ReplayHub; `anchorNs` is the time of the file's last flow after re-timing. */
export type ReplayOptions = { anchorNs?: bigint; rate?: number; capacity?: number; nowNs?: () => bigint };

export class ReplayHub implements FlowHub {
  private readonly buffer: FlowJson[] = [];
  private readonly listeners = new Set<FlowListener>();
  private readonly template: FlowJson[];
  private readonly anchorNs: bigint;
  private stepNs: bigint;
  /** Time of flow `baseK` (the schedule restarts there when the rate changes). */
  private baseNs: bigint;
  private baseK = 0;
  private readonly capacity: number;
  private readonly nowNs: () => bigint;
  private next = 1;
  private timer?: NodeJS.Timeout;

  /** `flows` in file order (at least one). Throws RangeError on an empty list or a bad time. */
  constructor(flows: FlowJson[], opts: ReplayOptions = {}) {
    if (flows.length === 0) {
      throw new RangeError('no flows to replay');
    }
    this.nowNs = opts.nowNs ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.anchorNs = opts.anchorNs ?? this.nowNs();
    this.capacity = opts.capacity ?? 65_536;
    this.stepNs = opts.rate && opts.rate > 0 ? BigInt(Math.round(1e9 / opts.rate)) : 0n;
    this.baseNs = this.anchorNs;
    let last = timeToNs(flows[0].time);
    for (const f of flows) {
      const t = timeToNs(f.time);
      if (t > last) {
        last = t;
      }
    }
    const shift = this.anchorNs - last;
    this.template = flows;
    for (const f of flows) {
      this.keep({ ...f, time: nsToTime(timeToNs(f.time) + shift) });
    }
    if (this.stepNs > 0n) {
      this.catchUp(false);
      this.startTimer();
    }
  }

  private startTimer(): void {
    if (!this.timer) {
      this.timer = setInterval(() => this.catchUp(true), 20);
      this.timer.unref();
    }
  }

  /** Produces `rate` flows per second from now on (0 stops producing). Throws RangeError for a negative rate. */
  setRate(rate: number): void {
    if (!(rate >= 0)) {
      throw new RangeError(`rate must be >= 0, got ${rate}`);
    }
    const now = this.nowNs();
    if (this.stepNs > 0n) {
      this.catchUp(true);
    }
    this.baseK = this.next - 1;
    this.baseNs = now;
    this.stepNs = rate > 0 ? BigInt(Math.round(1e9 / rate)) : 0n;
    if (this.stepNs > 0n) {
      this.startTimer();
    } else {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private keep(f: FlowJson): void {
    this.buffer.push(f);
    if (this.buffer.length > this.capacity) {
      this.buffer.splice(0, this.buffer.length - this.capacity);
    }
  }

  /** Produces the live flows whose time has come; `emit` false while building the start-up history. */
  private catchUp(emit: boolean): void {
    const now = this.nowNs();
    const timeOf = (k: number) => this.baseNs + BigInt(k - this.baseK) * this.stepNs;
    while (this.stepNs > 0n && timeOf(this.next) <= now) {
      const k = this.next++;
      const src = this.template[(k - 1) % this.template.length];
      const f: FlowJson = {
        ...src,
        time: nsToTime(timeOf(k)),
        uuid: `replay-${this.anchorNs}-${k}`,
      };
      this.keep(f);
      if (emit) {
        for (const l of this.listeners) {
          l(f);
        }
      }
    }
  }

  subscribe(listener: FlowListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  recent(max: number): FlowJson[] {
    return max >= this.buffer.length ? this.buffer.slice() : this.buffer.slice(this.buffer.length - max);
  }

  /** Stops producing live flows. */
  close(): void {
    clearInterval(this.timer);
  }
}
