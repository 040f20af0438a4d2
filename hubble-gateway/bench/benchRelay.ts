/**
 * A Relay for the benchmarks, run as its own process so it does not share the gateway's core. It
 * speaks gRPC over HTTP/2 with node:http2 directly and answers `/observer.Observer/GetFlows` with
 * flow k of the benchmark sequence (bench/messages.ts) at its time, framed as gRPC messages and
 * written in ~256 KiB chunks as HTTP/2 flow control allows. Other methods answer UNIMPLEMENTED.
 *
 *   node --import tsx bench/benchRelay.ts '<json options>'
 *
 * Options (JSON): { port?: number (0 = any), t0Us: number (time of flow 0), segments: [[fromS, toS,
 * flowsPerSecond], ...] (the schedule: flow k's time follows from it; flows after the last segment
 * do not exist), fast?: boolean (send every flow of the schedule at once, ignoring the clock) }.
 *
 * A follow request with `since` starts at the first flow at or after it (inclusive, as Hubble Relay); one
 * with `number` only at the last `number` flows that exist now (with `fast`, at flow 0). A request
 * without follow gets the last `number` flows that exist now, then the call ends (query mode). Prints JSON lines: `{"port": p}` once
 * listening, `{"sent": n, "next": k}` every second while sending, `{"done": kEnd, "sent": n}` once every
 * flow of the schedule has been written to every open call.
 */
import http2 from 'node:http2';
import { hubbleTypes } from '../src/proto';
import { benchMessage } from './messages';

type Options = { port?: number; t0Us: number; segments: Array<[number, number, number]>; fast?: boolean };
const opts = JSON.parse(process.argv[2] ?? '{}') as Options;

/** Cumulative flow counts at each segment start; the schedule as a function and its inverse. */
const starts: number[] = [];
let total = 0;
for (const [from, to, rate] of opts.segments) {
  starts.push(total);
  total += Math.round((to - from) * rate);
}
const END = total;

/** Flows that exist at `s` seconds after t0 (time <= s). */
function countAt(s: number): number {
  let n = 0;
  for (const [from, to, rate] of opts.segments) {
    if (s <= from) {
      break;
    }
    n += Math.floor((Math.min(s, to) - from) * rate);
  }
  return Math.min(n, END);
}

/** Time of flow k in µs since the epoch. */
function timeUs(k: number): number {
  for (let i = opts.segments.length - 1; i >= 0; i--) {
    if (k >= starts[i]) {
      const [from, , rate] = opts.segments[i];
      return opts.t0Us + Math.round((from + (k - starts[i]) / rate) * 1e6);
    }
  }
  return opts.t0Us;
}

/** First flow at or after `us`. */
function firstAtOrAfter(us: number): number {
  let lo = 0;
  let hi = END;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeUs(mid) < us) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

const nowS = () => (Date.now() * 1000 - opts.t0Us) / 1e6;
let sent = 0;
const open = new Set<{ next: number }>();

function frame(k: number): Buffer {
  const m = benchMessage(k, timeUs(k));
  const head = Buffer.alloc(5);
  head.writeUInt32BE(m.length, 1);
  return Buffer.concat([head, m]);
}

const server = http2.createServer({ settings: { initialWindowSize: 8 * 1024 * 1024 } });
server.on('stream', (stream, headers) => {
  stream.on('error', () => {});
  if (headers[':path'] !== '/observer.Observer/GetFlows') {
    stream.respond(
      {
        ':status': 200,
        'content-type': 'application/grpc',
        'grpc-status': '12',
        'grpc-message': 'not in the bench relay',
      },
      { endStream: true }
    );
    return;
  }
  const body: Buffer[] = [];
  stream.on('data', (d: Buffer) => body.push(d));
  stream.on('end', () => {
    const raw = Buffer.concat(body).subarray(5);
    const req = hubbleTypes().GetFlowsRequest.decode(raw) as unknown as {
      number?: { toNumber(): number } | number;
      since?: { seconds: { toNumber(): number } | number; nanos: number };
      follow?: boolean;
    };
    const num = (v: unknown) =>
      typeof v === 'number' ? v : ((v as { toNumber(): number } | undefined)?.toNumber() ?? 0);
    const existing = opts.fast ? END : countAt(nowS());
    if (!req.follow) {
      oneShot(stream, Math.max(0, existing - num(req.number)), existing);
      return;
    }
    const state = {
      // `fast` sends the whole schedule from flow 0, whatever `number` asks.
      next: req.since
        ? firstAtOrAfter(num(req.since.seconds) * 1e6 + Math.floor(req.since.nanos / 1000))
        : opts.fast
          ? 0
          : Math.max(0, existing - num(req.number)),
    };
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
    open.add(state);
    stream.on('close', () => open.delete(state));
    const pump = () => {
      if (stream.closed) {
        return;
      }
      const until = opts.fast ? END : countAt(nowS());
      while (state.next < until) {
        const parts: Buffer[] = [];
        let size = 0;
        while (state.next < until && size < 256 * 1024) {
          const f = frame(state.next++);
          parts.push(f);
          size += f.length;
          sent++;
        }
        if (!stream.write(Buffer.concat(parts))) {
          stream.once('drain', pump);
          return;
        }
      }
      if (state.next >= END) {
        report();
        return;
      }
      setTimeout(pump, 2);
    };
    pump();
  });
});

/**
 * Answers a GetFlows without follow: flows [from, to) (the last `number` that exist, filters not
 * evaluated: the benchmark measures the gateway's cost per flow Relay sends), then status OK.
 */
function oneShot(stream: http2.ServerHttp2Stream, from: number, to: number): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
  let next = from;
  const pump = () => {
    while (next < to && !stream.closed) {
      const parts: Buffer[] = [];
      for (let size = 0; next < to && size < 256 * 1024;) {
        const f = frame(next++);
        parts.push(f);
        size += f.length;
      }
      if (!stream.write(Buffer.concat(parts))) {
        stream.once('drain', pump);
        return;
      }
    }
    if (!stream.closed) {
      stream.end();
    }
  };
  pump();
}

let doneReported = false;
function report(): void {
  if (!doneReported && [...open].every((s) => s.next >= END)) {
    doneReported = true;
    console.log(JSON.stringify({ done: END, sent }));
  }
}

setInterval(() => {
  const next = Math.max(0, ...[...open].map((s) => s.next));
  console.log(JSON.stringify({ sent, next }));
}, 1000).unref();

server.listen(opts.port ?? 0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as { port: number }).port }));
});
process.on('SIGTERM', () => process.exit(0));
