import pluginJson from './plugin.json';

/** The plugin id from plugin.json (`seed-kubeobs-app`). */
export const PLUGIN_ID = pluginJson.id;

/** Where Grafana mounts the app: every page URL starts with it. */
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/**
 * Every top-level app route, in one place. Each value is the path segment after PLUGIN_BASE_URL and
 * the name of the folder under `src/pages/` that builds it (Cluster → `pages/Cluster/clusterPage.ts`).
 */
export enum ROUTES {
  Cluster = 'cluster',
  Cilium = 'cilium',
  Network = 'network',
  Flows = 'flows',
  ServiceMap = 'service-map',
  Troubleshoot = 'troubleshoot',
  Logs = 'logs',
  Traces = 'traces',
  Alerts = 'alerts',
}

/**
 * Drill-down routes below the Cluster page (cluster → namespace → workload → pod, and node).
 * Route params: `:namespace`, `:kind` (workload kind as kube-state-metrics `owner_kind` after
 * resolving ReplicaSets, e.g. `Deployment`), `:workload`, `:pod`, `:node`.
 */
export const DRILLDOWN_ROUTES = {
  namespace: `${ROUTES.Cluster}/namespace/:namespace`,
  workload: `${ROUTES.Cluster}/namespace/:namespace/workload/:kind/:workload`,
  pod: `${ROUTES.Cluster}/namespace/:namespace/pod/:pod`,
  node: `${ROUTES.Cluster}/node/:node`,
} as const;

/** Grafana's page of the app's configuration (data sources, Gateway URL and token). */
export const CONFIG_PAGE_URL = `/plugins/${PLUGIN_ID}`;

/** Path segment of a workload page's Suggested policy tab (baseline CiliumNetworkPolicies from its observed traffic). */
export const WORKLOAD_POLICY_TAB = 'policy';

/** Prefixes an app route with the plugin's base URL: `prefixRoute('cluster')` → `/a/seed-kubeobs-app/cluster`. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

/** Absolute URLs of the drill-down pages, for links from tables, the service map and flows. */
export const drilldownUrl = {
  namespace: (namespace: string) => prefixRoute(`${ROUTES.Cluster}/namespace/${encodeURIComponent(namespace)}`),
  workload: (namespace: string, kind: string, workload: string) =>
    prefixRoute(
      `${ROUTES.Cluster}/namespace/${encodeURIComponent(namespace)}/workload/${encodeURIComponent(kind)}/${encodeURIComponent(workload)}`
    ),
  workloadPolicy: (namespace: string, kind: string, workload: string) =>
    `${drilldownUrl.workload(namespace, kind, workload)}/${WORKLOAD_POLICY_TAB}`,
  pod: (namespace: string, pod: string) =>
    prefixRoute(`${ROUTES.Cluster}/namespace/${encodeURIComponent(namespace)}/pod/${encodeURIComponent(pod)}`),
  node: (node: string) => prefixRoute(`${ROUTES.Cluster}/node/${encodeURIComponent(node)}`),
};

/**
 * Names of the variables that pages and links share, defined once: the URL carries each as
 * `var-<name>`. `prometheus`, `loki` and `traces` are the data source variables (`traces` holds a
 * Tempo or a Jaeger data source); `traceId` is the trace the trace view shows; `search` the text
 * every shown log line contains.
 */
export const VARIABLES = {
  prometheus: 'ds',
  loki: 'loki',
  traces: 'traces',
  cluster: 'cluster',
  traceId: 'traceId',
  search: 'search',
} as const;

/** The URL parameter of a variable: `var-<name>`. */
export function urlParam(variable: (typeof VARIABLES)[keyof typeof VARIABLES]): string {
  return `var-${variable}`;
}

/**
 * URL parameters of the Troubleshoot page's two sides (the gateway's `from` and `to`, which Grafana's
 * time range already uses in the URL): each `namespace/workload`, `namespace/pod`, an IP or a DNS name.
 */
export const TROUBLESHOOT_PARAMS = { source: 'source', destination: 'destination' } as const;

/** Path of the Hubble gateway route in plugin.json; the browser calls `api/plugin-proxy/<id>/hubble/...`. */
export const HUBBLE_PROXY_PATH = `api/plugin-proxy/${PLUGIN_ID}/hubble`;
