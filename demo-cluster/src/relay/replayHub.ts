/**
 * A FlowHub that replays the flows of a `hubble observe -o json` file (read with
 * ../flows/file.ts `loadFlowsFile`), for the standalone Relay CLI.
 *
 * Every flow of the file is kept, in file order, re-timed by one shift so that the last one is at
 * the anchor (default: now); "last" is the newest, so a file not in time order gets no future flows. With `rate` > 0 it then goes on producing flows: flow k (k = 1, 2, ...)
 * is a copy of file flow (k-1) mod n at anchor + k/rate seconds with uuid `replay-<anchor ns>-<k>`,
 * emitted when its time comes. The sequence depends only on the file, anchor and rate, so a Relay
 * restarted with the same `--anchor` holds the same flows a real Relay would still hold.
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
  private readonly stepNs: bigint;
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
      this.timer = setInterval(() => this.catchUp(true), 20);
      this.timer.unref();
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
    while (this.anchorNs + BigInt(this.next) * this.stepNs <= now) {
      const k = this.next++;
      const src = this.template[(k - 1) % this.template.length];
      const f: FlowJson = {
        ...src,
        time: nsToTime(this.anchorNs + BigInt(k) * this.stepNs),
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
