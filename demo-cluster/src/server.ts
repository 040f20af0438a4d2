/**
 * The demo's HTTP server: one path per scrape target (see targets.ts), `/` listing them, and
 * `/targets.json` with each target's path, job and labels. A scrape first advances the
 * simulation to the current instant. Hubble paths answer in OpenMetrics (with exemplars) when the
 * scraper asks for it, like a Hubble started with enableOpenMetrics; others in text format 0.0.4.
 */
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  renderOpenMetrics,
  renderText,
  wantsOpenMetrics,
} from './metrics/exposition';
import { Simulation } from './sim/simulation';

/** A running metrics server: base URL (http://host:port), port, close(). */
export type MetricsServer = { url: string; port: number; server: Server; close(): Promise<void> };

/** Options of {@link startMetricsServer}. */
export type MetricsServerOptions = {
  sim: Simulation;
  /** Listen address, default 127.0.0.1. */
  host?: string;
  /** Port, default 9400 (0 = any free port). */
  port?: number;
  clock?: () => number;
};

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function indexPage(sim: Simulation): string {
  const rows = sim.targets
    .map(
      (t) =>
        `<tr><td>${t.job}</td><td><a href="${t.path}">${t.path}</a></td><td><code>${escapeHtml(JSON.stringify(t.labels))}</code></td></tr>`
    )
    .join('\n');
  return `<!doctype html><html><head><title>demo cluster ${sim.cluster.name}</title></head><body>
<h1>Simulated cluster ${sim.cluster.name} (seed ${escapeHtml(String(sim.seed))}, Hubble metrics: ${sim.hubbleMetrics})</h1>
<table><tr><th>job</th><th>path</th><th>target labels</th></tr>
${rows}
</table></body></html>
`;
}

/** Starts the server; resolves once it listens. */
export function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const { sim } = opts;
  const clock = opts.clock ?? Date.now;
  const byPath = new Map(sim.targets.map((t) => [t.path, t]));
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    try {
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(indexPage(sim));
        return;
      }
      if (path === '/targets.json') {
        const body = sim.targets.map((t) => ({
          path: t.path,
          job: t.job,
          labels: t.labels,
          honorLabels: t.honorLabels,
        }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body, null, 2));
        return;
      }
      const target = byPath.get(path);
      if (!target) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`no such target: ${path}\n`);
        return;
      }
      const now = clock();
      sim.advanceTo(now);
      const families = sim.collect(target, now);
      const om = target.openMetrics && wantsOpenMetrics(req.headers.accept);
      const body = om ? renderOpenMetrics(families) : renderText(families);
      res
        .writeHead(200, { 'content-type': om ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE })
        .end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`error: ${(e as Error).message}\n`);
    }
  };
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 9400, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${host}:${addr.port}`,
        port: addr.port,
        server,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
