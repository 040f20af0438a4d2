import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { AppJsonData, AppSecureJsonData } from '../../settings';

/** Body of `POST /api/plugins/<id>/settings` (Grafana's plugin settings API). */
export interface PluginSettingsUpdate {
  enabled?: boolean;
  pinned?: boolean;
  jsonData: AppJsonData;
  /** Only the secrets the user changed: sending a key, even empty, overwrites it. */
  secureJsonData?: AppSecureJsonData;
}

/**
 * Saves the app settings. Errors: rejects with Grafana's error response (e.g. 403 for non-admins).
 */
export async function savePluginSettings(pluginId: string, update: PluginSettingsUpdate): Promise<void> {
  await lastValueFrom(
    getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data: update })
  );
}

/**
 * Builds the settings body from the form: trims the gateway URL, drops empty data source choices and
 * includes the token only when it was edited (so an untouched secret is kept).
 */
export function settingsUpdate(
  form: AppJsonData & { token: string; tokenEdited: boolean },
  meta: { enabled?: boolean; pinned?: boolean }
): PluginSettingsUpdate {
  const jsonData: AppJsonData = {};
  if (form.prometheusUid) {
    jsonData.prometheusUid = form.prometheusUid;
  }
  if (form.lokiUid) {
    jsonData.lokiUid = form.lokiUid;
  }
  if (form.tracesUid) {
    jsonData.tracesUid = form.tracesUid;
  }
  const url = form.hubbleGatewayUrl?.trim().replace(/\/+$/, '');
  if (url) {
    jsonData.hubbleGatewayUrl = url;
  }
  return {
    enabled: meta.enabled ?? true,
    pinned: meta.pinned ?? true,
    jsonData,
    ...(form.tokenEdited ? { secureJsonData: { hubbleGatewayToken: form.token } } : {}),
  };
}

/** Checks a gateway URL typed in the form: absolute http(s), no query string. Returns the problem, or undefined. */
export function gatewayUrlProblem(url: string | undefined): string | undefined {
  if (!url?.trim()) {
    return undefined;
  }
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      return 'Use an http:// or https:// URL, e.g. http://hubble-gateway.kube-system.svc:8090';
    }
    if (u.search) {
      return 'Leave out the query string: the app adds /api/v1/... paths itself.';
    }
    return undefined;
  } catch {
    return 'Not a URL. Example: http://hubble-gateway.kube-system.svc:8090';
  }
}
