/**
 * A minimal Relay for the ingest benchmark, run as its own process so it does not share the
 * gateway's core. It speaks gRPC over HTTP/2 with node:http2 directly: any call to
 * /observer.Observer/GetFlows is answered with the pre-encoded messages of messages.ts, framed as
 * gRPC length-prefixed messages and written in 256 KiB chunks (respecting HTTP/2 flow control), so
 * the sender is never the bottleneck; then the stream stays open. Prints "bench relay on PORT".
 *   node --import tsx bench/benchRelay.ts COUNT END_MS
 */
import http2 from 'node:http2';
import { benchMessages } from './messages';

const count = Number(process.argv[2] ?? 100_000);
const endMs = Number(process.argv[3] ?? Date.now());

function frames(): Buffer[] {
  const chunks: Buffer[] = [];
  let parts: Buffer[] = [];
  let size = 0;
  for (const m of benchMessages(count, endMs)) {
    const head = Buffer.alloc(5);
    head.writeUInt32BE(m.length, 1);
    parts.push(head, m);
    size += 5 + m.length;
    if (size >= 256 * 1024) {
      chunks.push(Buffer.concat(parts));
      parts = [];
      size = 0;
    }
  }
  if (parts.length) {
    chunks.push(Buffer.concat(parts));
  }
  return chunks;
}
const chunks = frames();

const server = http2.createServer({ settings: { initialWindowSize: 16 * 1024 * 1024 } });
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
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' });
  let i = 0;
  const pump = () => {
    while (i < chunks.length) {
      if (!stream.write(chunks[i++])) {
        stream.once('drain', pump);
        return;
      }
    }
  };
  pump();
});
server.listen(0, '127.0.0.1', () => {
  console.log(`bench relay on ${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => process.exit(0));
