/** A `routes` entry of plugin.json (the fields the app's `hubble` route uses). */
export interface PluginRoute {
  path: string;
  url?: string;
  reqRole?: string;
  headers?: Array<{ name: string; content: string }>;
}

/** The app's saved settings as Grafana's server holds them (secrets stay here, never sent to the page). */
export interface PluginSettings {
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
}

/** Fills `{{ .JsonData.x }}` and `{{ .SecureJsonData.x }}` as Grafana's route templates do; missing keys are empty. */
export function renderTemplate(template: string, settings: PluginSettings): string {
  return template.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_m, where: string, key: string) => {
    const source = where === 'JsonData' ? settings.jsonData : settings.secureJsonData;
    const value = source[key];
    return value === undefined || value === null ? '' : String(value);
  });
}

/** Where a plugin proxy request goes: the target URL and the headers the server adds. */
export interface ProxyTarget {
  url: string;
  headers: Record<string, string>;
}

/**
 * Resolves `api/plugin-proxy/<id>/<proxyPath>` as Grafana's plugin proxy does: the route whose
 * `path` is the longest prefix of `proxyPath`, its `url` template filled from the app's settings,
 * the rest of the path and the query string appended, its `headers` filled (server side).
 * Errors: throws with status 404 (no route) or 502 (the route's URL is empty or not absolute).
 */
export function resolveProxyTarget(
  routes: PluginRoute[],
  proxyPath: string,
  search: string,
  settings: PluginSettings
): ProxyTarget {
  const route = routes
    .filter((r) => proxyPath === r.path || proxyPath.startsWith(`${r.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!route) {
    throw Object.assign(new Error(`no plugin route matches ${proxyPath}`), { status: 404 });
  }
  const base = renderTemplate(route.url ?? '', settings)
    .trim()
    .replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) {
    throw Object.assign(new Error(`plugin route ${route.path}: URL "${base}" is not an absolute http(s) URL`), {
      status: 502,
    });
  }
  const headers: Record<string, string> = {};
  for (const h of route.headers ?? []) {
    headers[h.name] = renderTemplate(h.content, settings);
  }
  return { url: `${base}${proxyPath.slice(route.path.length)}${search}`, headers };
}
