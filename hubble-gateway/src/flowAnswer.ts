/**
 * The body of a `/api/v1/flows` answer, `{"flows":[...]}`, printed a piece at a time as the client
 * takes it (a Readable piped to the socket: backpressure). A connection holds at most about
 * 2 × PIECE_BYTES of printed JSON in the gateway, whatever its `limit`, and a client that stops
 * reading costs no more printing; the socket's inactivity timeout (--client-timeout) then closes it.
 *
 * Flows are printed from the store when their turn comes. One that has left the ring meanwhile (a
 * slow client while flows arrive fast) is left out and counted: the answer then ends with
 * `"flows_evicted_while_sending": n` after the list.
 */
import { Readable } from 'node:stream';
import type { FlowRef, FlowStore } from './flowStore';

/** Printed JSON handed to the socket at a time, and the most kept waiting per connection. */
export const PIECE_BYTES = 64 * 1024;

/** The answers being sent now, for the metrics (count and bytes waiting in the gateway). */
export class AnswerTracker {
  readonly open = new Set<FlowAnswer>();

  get active(): number {
    return this.open.size;
  }

  /** Printed bytes not yet taken by the sockets: in the answers' buffers and the responses' own. */
  get pendingBytes(): number {
    let n = 0;
    for (const a of this.open) {
      n += a.readableLength + (a.socketPending?.() ?? 0);
    }
    return n;
  }
}

export class FlowAnswer extends Readable {
  private next = 0;
  private gone = 0;
  private opened = false;
  private printed = false;
  /** Bytes the response holds for the socket, when known (set by the route). */
  socketPending?: () => number;

  /**
   * `refs` in answer order from `store`; `onGone(n)` when flows turned out to have left the ring,
   * `onError` for a flow that could not be printed (left out).
   * Registers with `tracker` until the answer ends or is destroyed.
   */
  constructor(
    private readonly store: FlowStore,
    private readonly refs: FlowRef[],
    private readonly tracker: AnswerTracker,
    private readonly onGone: (n: number) => void,
    private readonly onError: (err: Error) => void
  ) {
    super({ highWaterMark: PIECE_BYTES });
    tracker.open.add(this);
  }

  override _read(): void {
    let piece = this.opened ? '' : '{"flows":[';
    this.opened = true;
    while (this.next < this.refs.length && piece.length < PIECE_BYTES) {
      let json: string | undefined;
      try {
        json = this.store.json(this.refs[this.next++]);
      } catch (err) {
        // Stored flows were checked on arrival, so this is a bug; skip the flow rather than cut the answer.
        this.onError(err as Error);
        continue;
      }
      if (json === undefined) {
        this.gone++;
        continue;
      }
      piece += this.printed ? ',' + json : json;
      this.printed = true;
    }
    if (this.next < this.refs.length) {
      this.push(piece);
      return;
    }
    piece += this.gone > 0 ? `],"flows_evicted_while_sending":${this.gone}}` : ']}';
    if (this.gone > 0) {
      this.onGone(this.gone);
    }
    this.tracker.open.delete(this);
    this.push(piece);
    this.push(null);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.tracker.open.delete(this);
    callback(err);
  }
}
