/**
 * The body of a `/api/v1/flows` answer, `{"flows":[...]}`, printed a piece at a time as the client
 * takes it (a Readable piped to the socket: backpressure). A connection holds at most about
 * 2 × PIECE_BYTES of printed JSON in the gateway, whatever its `limit`, and a client that stops
 * reading costs no more printing once its socket's kernel buffers are full; the socket's inactivity
 * timeout (--client-timeout) then closes it. Pieces are printed round robin, a few milliseconds per
 * event-loop turn, so large answers never hold up small ones or ingest.
 *
 * Flows are printed from the store when their turn comes. One that has left the ring meanwhile (a
 * slow client while flows arrive fast) is left out and counted: the answer then ends with
 * `"flows_evicted_while_sending": n` after the list.
 */
import { Readable } from 'node:stream';
import type { FlowRef, FlowStore } from './flowStore';

/** Printed JSON handed to the socket at a time, and the most kept waiting per connection. */
export const PIECE_BYTES = 64 * 1024;

/** Printing time spent per turn of the event loop before other work (requests, ingest) runs. */
const TURN_MS = 2;

/**
 * Prints the pieces answers ask for, round robin, a few milliseconds per turn of the event loop.
 * Without it, answers whose sockets keep accepting (the kernel buffers megabytes per connection,
 * even for a client that reads nothing) would print back to back and starve every other request.
 */
class PiecePrinter {
  private queue: FlowAnswer[] = [];
  private scheduled = false;

  request(answer: FlowAnswer): void {
    this.queue.push(answer);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
  }

  private turn(): void {
    this.scheduled = false;
    // Least printed first: a small answer never waits behind large ones, and an answer whose
    // socket keeps swallowing pieces gets no more than its share.
    const batch = this.queue.sort((a, b) => a.pieces - b.pieces);
    this.queue = [];
    const deadline = performance.now() + TURN_MS;
    let i = 0;
    while (i < batch.length && performance.now() < deadline) {
      batch[i++].printPiece();
    }
    this.queue = i < batch.length ? batch.slice(i).concat(this.queue) : this.queue;
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.turn());
    }
  }
}

const printer = new PiecePrinter();

/** Answers of at most this many flows are printed at once, without streaming (about one or two pieces). */
export const PRINT_AT_ONCE = 100;

/**
 * A small answer (at most PRINT_AT_ONCE flows) printed at once: `{"flows":[...]}` as a buffer.
 * Flows no longer buffered are left out; `onError` as for FlowAnswer.
 */
export function printAnswer(store: FlowStore, refs: ArrayLike<FlowRef>, onError: (err: Error) => void): Buffer {
  const out = new PieceWriter();
  out.add('{"flows":[');
  let first = true;
  for (let i = 0; i < refs.length; i++) {
    let json: string | undefined;
    try {
      json = store.json(refs[i]);
    } catch (err) {
      onError(err as Error);
      continue;
    }
    if (json !== undefined) {
      out.add(first ? json : ',' + json);
      first = false;
    }
  }
  out.add(']}');
  return out.bytes();
}

/** UTF-8 text written into one buffer of PIECE_BYTES plus room for one more flow (grown if needed). */
class PieceWriter {
  private buf = Buffer.allocUnsafe(PIECE_BYTES + 32 * 1024);
  length = 0;

  add(text: string): void {
    const room = this.buf.length - this.length;
    if (text.length * 3 > room) {
      const needed = Buffer.byteLength(text);
      if (needed > room) {
        const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + needed));
        this.buf.copy(bigger, 0, 0, this.length);
        this.buf = bigger;
      }
    }
    this.length += this.buf.write(text, this.length);
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

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
  /** Pieces printed so far. */
  pieces = 0;
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
    private readonly refs: ArrayLike<FlowRef>,
    private readonly tracker: AnswerTracker,
    private readonly onGone: (n: number) => void,
    private readonly onError: (err: Error) => void
  ) {
    super({ highWaterMark: PIECE_BYTES });
    tracker.open.add(this);
  }

  override _read(): void {
    printer.request(this);
  }

  /** Prints the next piece (called by the PiecePrinter). */
  printPiece(): void {
    if (this.destroyed) {
      return;
    }
    // Each flow's JSON is written into the piece's buffer as it is printed: no piece-sized string
    // is built (that garbage measured tens of MB of heap with a hundred answers in progress).
    const piece = new PieceWriter();
    if (!this.opened) {
      piece.add('{"flows":[');
      this.opened = true;
    }
    this.pieces++;
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
      if (this.printed) {
        piece.add(',');
      }
      piece.add(json);
      this.printed = true;
    }
    if (this.next < this.refs.length) {
      this.push(piece.bytes());
      return;
    }
    piece.add(this.gone > 0 ? `],"flows_evicted_while_sending":${this.gone}}` : ']}');
    if (this.gone > 0) {
      this.onGone(this.gone);
    }
    this.tracker.open.delete(this);
    this.push(piece.bytes());
    this.push(null);
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.tracker.open.delete(this);
    callback(err);
  }
}
