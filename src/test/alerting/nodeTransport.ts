import { request as httpRequest } from 'http';
import { HttpRequest, HttpResponse, Transport } from '../../alerting/api/transport';

/**
 * A transport over Node's `http` module to a Grafana (or a test server) at `baseUrl`, e.g.
 * `http://127.0.0.1:3000/`. Used by tests and scripts; the app uses `backendSrvTransport`.
 */
export function nodeTransport(baseUrl: string, extraHeaders: Record<string, string> = {}): Transport {
  return (req: HttpRequest) =>
    new Promise<HttpResponse>((resolve, reject) => {
      const url = new URL(req.url.replace(/^\//, ''), baseUrl);
      const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
      const headers: Record<string, string> = { Accept: 'application/json', ...extraHeaders, ...req.headers };
      if (payload !== undefined) {
        headers['Content-Length'] = String(Buffer.byteLength(payload));
      }
      const r = httpRequest(url, { method: req.method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = undefined;
          if (text) {
            try {
              data = JSON.parse(text);
            } catch {
              data = text;
            }
          }
          resolve({ status: res.statusCode ?? 0, data });
        });
      });
      r.on('error', reject);
      if (payload !== undefined) {
        r.write(payload);
      }
      r.end();
    });
}
