import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { bundleHostPage } from './bundle';
import { ensureUnicons } from './icons';
import { answerDsQuery, durationSeconds, ExecutedQuery } from './prometheusBackend';
import { PluginRoute, PluginSettings, resolveProxyTarget } from './pluginProxy';

const REPO = path.resolve(__dirname, '../../../..');
const NODE_MODULES = path.join(REPO, 'node_modules');

/** A data source the host provisions (as `provisioning/datasources/` would) and where it is. */
export interface HostServerDatasource {
  uid: string;
  name: string;
  type: 'prometheus';
  isDefault?: boolean;
  url: string;
  jsonData: { timeInterval?: string; [key: string]: unknown };
}

/** What the host server needs: the built plugin, the data sources, the app's settings and the alerting API server. */
export interface HostServerOptions {
  /** The built plugin (`dist/`, with plugin.json and module.js). */
  distDir: string;
  datasources: HostServerDatasource[];
  /** Initial app settings (jsonData as provisioned, secureJsonData kept on the server). */
  settings: PluginSettings;
  /** Base URL of the server that answers Grafana's folder and alerting provisioning API (FakeGrafana). */
  alertingUrl: string;
}

/** The running host server: its URL, what it saw, and how to stop it. */
export interface HostServer {
  url: string;
  /** Every Prometheus query `/api/ds/query` sent, in order. */
  queries: ExecutedQuery[];
  /** Every request to the plugin proxy: path and the status the target answered. */
  proxied: Array<{ path: string; status: number; authorization: boolean }>;
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.js': 'application/javascript',
  '.mjs': 'application/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
  '.md': 'text/markdown',
  '.html': 'text/html',
};

/** Static paths of the page: Grafana's public folders served from the npm packages that hold them. */
function staticFile(urlPath: string, distDir: string, pluginId: string, unicons: string): string | undefined {
  const icons = '/public/build/img/icons/';
  if (urlPath.startsWith(icons)) {
    const name = urlPath.slice(icons.length);
    const fromUi = path.join(NODE_MODULES, '@grafana/ui/dist/public/img/icons', name);
    const fromUnicons = path.join(unicons, path.basename(name));
    return /^[\w-]+\/[\w-]+\.svg$/.test(name) && !fs.existsSync(fromUi) && name.startsWith('unicons/')
      ? fromUnicons
      : fromUi;
  }
  const mounts: Array<[string, string]> = [
    [`/public/plugins/${pluginId}/`, distDir],
    ['/public/fonts/inter/', path.join(NODE_MODULES, 'inter-ui/web')],
    ['/public/host/systemjs/', path.join(NODE_MODULES, 'systemjs/dist')],
  ];
  if (urlPath.startsWith('/public/fonts/roboto/')) {
    // Grafana ships Roboto Mono latin under a Google Fonts file name; @fontsource has the same font.
    return path.join(NODE_MODULES, '@fontsource/roboto-mono/files/roboto-mono-latin-400-normal.woff2');
  }
  for (const [prefix, dir] of mounts) {
    if (urlPath.startsWith(prefix)) {
      const file = path.resolve(dir, decodeURIComponent(urlPath.slice(prefix.length)));
      return file.startsWith(dir) ? file : undefined;
    }
  }
  return undefined;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Forwards a request to `target` with the given headers; answers with the target's status, headers and body. */
async function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: string,
  headers: Record<string, string>
): Promise<number> {
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
  const pass: Record<string, string> = { ...headers };
  for (const h of ['content-type', 'accept', 'x-disable-provenance']) {
    const v = req.headers[h];
    if (typeof v === 'string' && !(h in pass)) {
      pass[h] = v;
    }
  }
  try {
    const answer = await fetch(target, {
      method: req.method,
      headers: pass,
      body: body ? new Uint8Array(body) : undefined,
    });
    const buffer = Buffer.from(await answer.arrayBuffer());
    res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream' });
    res.end(buffer);
    return answer.status;
  } catch (e) {
    // Grafana's proxy answers 502 when the target does not answer.
    sendJson(res, 502, { message: `Bad Gateway: ${(e as Error).message}` });
    return 502;
  }
}

/**
 * Starts the host server on 127.0.0.1 (a free port): the host page for every app and config page
 * URL, the built plugin under `/public/plugins/<id>/`, and the parts of Grafana's HTTP API the app
 * uses: plugin settings, data source list, `/api/ds/query` and resource calls for Prometheus, the
 * plugin proxy from plugin.json `routes`, and the alerting API (forwarded to `alertingUrl`).
 */
export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const pluginJson = JSON.parse(fs.readFileSync(path.join(options.distDir, 'plugin.json'), 'utf8'));
  const pluginId: string = pluginJson.id;
  const routes: PluginRoute[] = pluginJson.routes ?? [];
  const settings: PluginSettings & { enabled: boolean; pinned: boolean } = {
    enabled: true,
    pinned: true,
    jsonData: { ...options.settings.jsonData },
    secureJsonData: { ...options.settings.secureJsonData },
  };
  // BROWSER_HOST_REBUILD=1 bundles the host page again on every page load (while working on it).
  let bundle = await bundleHostPage();
  const unicons = ensureUnicons(path.join(NODE_MODULES, '.cache', 'browser-host', 'unicons'));
  const queries: ExecutedQuery[] = [];
  const proxied: HostServer['proxied'] = [];
  const datasourceList = options.datasources.map(({ url: _url, ...ds }) => ds);
  const targetOf = (uid: string | undefined) => {
    const ds = options.datasources.find((d) => d.uid === uid) ?? options.datasources.find((d) => d.isDefault);
    return ds && { url: ds.url, scrapeIntervalS: durationSeconds(ds.jsonData.timeInterval) ?? 15 };
  };

  const meta = () => ({
    ...pluginJson,
    enabled: settings.enabled,
    pinned: settings.pinned,
    jsonData: settings.jsonData,
    // Grafana never sends secrets to the browser, only which are set.
    secureJsonFields: Object.fromEntries(Object.keys(settings.secureJsonData).map((k) => [k, true])),
    baseUrl: `public/plugins/${pluginId}`,
    module: `public/plugins/${pluginId}/module.js`,
  });

  const indexHtml = (origin: string) => {
    const bootData = {
      settings: {
        appUrl: `${origin}/`,
        appSubUrl: '',
        buildInfo: { version: '12.4.2', edition: 'Open Source', env: 'production' },
        featureToggles: {},
        defaultDatasource: options.datasources.find((d) => d.isDefault)?.name,
      },
      user: {
        id: 1,
        uid: 'admin',
        login: 'admin',
        email: 'admin@localhost',
        name: 'admin',
        isSignedIn: true,
        isGrafanaAdmin: true,
        orgId: 1,
        orgName: 'Main Org.',
        orgRole: 'Admin',
        timezone: 'browser',
        weekStart: 'browser',
        theme: 'dark',
        language: 'en-US',
        permissions: {
          'alert.rules:create': true,
          'alert.rules:read': true,
          'alert.rules:write': true,
          'alert.rules:delete': true,
          'folders:create': true,
        },
      },
      navTree: [],
    };
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Grafana (browser host)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/public/host/host.css">
<script>
window.grafanaBootData = ${JSON.stringify(bootData)};
window.__grafana_public_path__ = '/public/';
window.__browserHost = ${JSON.stringify({ pluginId, datasources: datasourceList })};
</script>
<script src="/public/host/host.js"></script>
<script src="/public/host/systemjs/system.min.js"></script>
<script src="/public/host/systemjs/extras/amd.min.js"></script>
</head>
<body class="theme-dark"><div id="root"></div></body>
</html>`;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const p = url.pathname;
    const origin = `http://${req.headers.host}`;
    if (p === '/' || p === `/a/${pluginId}`) {
      res.writeHead(302, { Location: `/a/${pluginId}/` });
      return res.end();
    }
    if (p.startsWith(`/a/${pluginId}/`) || p === `/plugins/${pluginId}`) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(indexHtml(origin));
    }
    if (p === '/public/host/host.js' && process.env.BROWSER_HOST_REBUILD) {
      bundle = await bundleHostPage();
    }
    if (p === '/public/host/host.js' || p === '/public/host/host.css') {
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(p)] });
      return res.end(p.endsWith('.js') ? bundle.js : bundle.css);
    }
    const file = staticFile(p, path.resolve(options.distDir), pluginId, unicons);
    if (file) {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        return sendJson(res, 404, { message: `Not found: ${p}` });
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      return fs.createReadStream(file).pipe(res);
    }
    if (p === `/api/plugins/${pluginId}/settings`) {
      if (req.method === 'POST') {
        const update = JSON.parse((await readBody(req)).toString('utf8') || '{}');
        settings.enabled = update.enabled ?? settings.enabled;
        settings.pinned = update.pinned ?? settings.pinned;
        settings.jsonData = update.jsonData ?? settings.jsonData;
        for (const [k, v] of Object.entries((update.secureJsonData ?? {}) as Record<string, string>)) {
          if (v) {
            settings.secureJsonData[k] = v;
          } else {
            delete settings.secureJsonData[k];
          }
        }
        return sendJson(res, 200, { message: 'Plugin settings updated' });
      }
      return sendJson(res, 200, meta());
    }
    if (p === '/api/datasources') {
      return sendJson(res, 200, datasourceList);
    }
    if (p === '/api/ds/query' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)).toString('utf8'));
      return sendJson(res, 200, await answerDsQuery(body, targetOf, (q) => queries.push(q)));
    }
    const resource = /^\/api\/datasources\/uid\/([^/]+)\/resources\/(.+)$/.exec(p);
    if (resource) {
      const target = targetOf(decodeURIComponent(resource[1]));
      if (!target) {
        return sendJson(res, 404, { message: 'Data source not found' });
      }
      await forward(req, res, `${target.url}/${resource[2]}${url.search}`, {});
      return;
    }
    const proxy = new RegExp(`^/api/plugin-proxy/${pluginId}/(.+)$`).exec(p);
    if (proxy) {
      try {
        const target = resolveProxyTarget(routes, proxy[1], url.search, settings);
        const status = await forward(req, res, target.url, target.headers);
        proxied.push({ path: proxy[1], status, authorization: Boolean(target.headers.Authorization) });
      } catch (e) {
        const status = (e as { status?: number }).status ?? 502;
        proxied.push({ path: proxy[1], status, authorization: false });
        sendJson(res, status, { message: (e as Error).message });
      }
      return;
    }
    if (p.startsWith('/api/folders') || p.startsWith('/api/v1/provisioning/')) {
      await forward(req, res, `${options.alertingUrl.replace(/\/$/, '')}${p}${url.search}`, {});
      return;
    }
    return sendJson(res, 404, { message: `Not found: ${req.method} ${p}` });
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      if (!res.headersSent) {
        sendJson(res, 500, { message: (e as Error).message });
      } else {
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    proxied,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
