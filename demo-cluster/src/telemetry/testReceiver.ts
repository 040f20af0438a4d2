/**
 * A local HTTP receiver for the telemetry tests: records every request (method, path, content
 * type, body) and answers with the status `respond` returns (default 204 for Loki, 200 otherwise).
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';

export type Received = { method: string; path: string; contentType: string; body: string };

export type Receiver = { url: string; requests: Received[]; close(): Promise<void> };

export async function startReceiver(
  respond: (req: Received) => number = (r) => (r.path.startsWith('/loki') ? 204 : 200)
): Promise<Receiver> {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: String(req.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      res.statusCode = respond(r);
      res.end(res.statusCode === 200 ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
