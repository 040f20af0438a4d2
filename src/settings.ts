/**
 * The app's settings as saved by the config page with `POST /api/plugins/<PLUGIN_ID>/settings`.
 * Every field is optional: the app works with Grafana's default data sources when nothing is set.
 */
export interface AppJsonData {
  /** uid of the Prometheus data source pages start with (users can still switch in the page). */
  prometheusUid?: string;
  /** uid of the Loki data source for the Logs page and logs links. */
  lokiUid?: string;
  /** uid of the Tempo (or Jaeger) data source for the Traces page and trace links. */
  tracesUid?: string;
  /** Base URL of the Hubble gateway as Grafana's server reaches it, e.g. `http://hubble-gateway.kube-system:8090`. */
  hubbleGatewayUrl?: string;
}

/** Secrets: stored encrypted by Grafana, never sent back to the browser (only `secureJsonFields.<key>: true`). */
export interface AppSecureJsonData {
  /** Bearer token the plugin proxy adds as `Authorization: Bearer <token>` when calling the gateway. */
  hubbleGatewayToken?: string;
}

let current: AppJsonData = {};

/** Stores the app's jsonData when the app root mounts, so scene factories can read defaults without props. */
export function setAppSettings(jsonData: AppJsonData | undefined): void {
  current = { ...(jsonData ?? {}) };
}

/** The app's jsonData as last set by `setAppSettings` (empty object before the app mounted). */
export function getAppSettings(): AppJsonData {
  return current;
}
