/**
 * HTTP clients of the load benchmarks: clients that query in a loop (latency per path), and raw
 * TCP clients that ask for large answers and then read slowly, not at all, or hang up mid-answer.
 */
import net from 'node:net';

/** Latencies in milliseconds; percentiles by nearest rank. */
export class Latencies {
  private readonly ms: number[] = [];
  errors = 0;

  add(ms: number): void {
    this.ms.push(ms);
  }

  summary(): { n: number; p50: number; p99: number; max: number; errors: number } {
    const s = [...this.ms].sort((a, b) => a - b);
    const at = (p: number) => (s.length ? Math.round(s[Math.max(0, Math.ceil(p * s.length) - 1)] * 10) / 10 : NaN);
    return { n: s.length, p50: at(0.5), p99: at(0.99), max: at(1), errors: this.errors };
  }
}

/** Time of one GET until its body is read, in ms; counts a non-200 answer as an error. */
async function timed(url: string, lat: Latencies): Promise<void> {
  const t0 = performance.now();
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) {
      lat.errors++;
      return;
    }
    lat.add(performance.now() - t0);
  } catch {
    lat.errors++;
  }
}

/** `clients` clients, each requesting `paths` in turn (one request at a time) until `stopAt` (ms since the epoch). */
export async function loopClients(
  base: string,
  paths: string[],
  clients: number,
  stopAt: number,
  latencies: Map<string, Latencies>
): Promise<void> {
  for (const p of paths) {
    if (!latencies.has(p)) {
      latencies.set(p, new Latencies());
    }
  }
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; Date.now() < stopAt; i++) {
        const p = paths[i % paths.length];
        await timed(base + p, latencies.get(p)!);
      }
    })
  );
}

/** Raw HTTP/1.1 connection that sends `GET path` and then behaves as `mode`. */
export type RawMode = 'stalled' | 'slow' | 'abort';

/**
 * Opens a connection to `port` and sends `GET path`:
 * - `stalled` reads nothing;
 * - `slow` reads 16 KiB every 250 ms (64 KiB/s);
 * - `abort` hangs up on the first bytes of the answer, then starts over, until `stopAt`.
 * Returns a function that closes it.
 */
export function rawClient(port: number, path: string, mode: RawMode, stopAt: number): () => void {
  let socket: net.Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const open = () => {
    if (closed || Date.now() >= stopAt) {
      return;
    }
    const s = net.connect(port, '127.0.0.1');
    socket = s;
    s.on('error', () => {});
    s.write(`GET ${path} HTTP/1.1\r\nHost: gateway\r\n\r\n`);
    if (mode === 'stalled') {
      s.pause();
    } else if (mode === 'slow') {
      s.pause();
      timer = setInterval(() => s.read(16_384), 250);
      s.on('close', () => clearInterval(timer));
    } else {
      s.once('data', () => {
        s.destroy();
        setTimeout(open, 50);
      });
    }
  };
  open();
  return () => {
    closed = true;
    clearInterval(timer);
    socket?.destroy();
  };
}
