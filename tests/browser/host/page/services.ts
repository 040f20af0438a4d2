import { defer, from, Observable, of } from 'rxjs';
import { catchError, map, startWith } from 'rxjs/operators';
import {
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  EventBusSrv,
  LoadingState,
  PanelData,
} from '@grafana/data';
import {
  locationService,
  setAppEvents,
  setBackendSrv,
  setCurrentUser,
  setDataSourceSrv,
  setPluginImportUtils,
  setRunRequest,
  setTemplateSrv,
  TemplateSrv,
  toDataQueryError,
} from '@grafana/runtime';
import { sceneGraph, SceneObject } from '@grafana/scenes';
// Internal to @grafana/runtime (Grafana core imports it from source); see server/bundle.ts.
import { setPluginPage } from '@grafana/runtime/dist/esm/components/PluginPage.mjs';
import { hostBackendSrv } from './backendSrv';
import { HostDatasource, HostDataSourceSrv } from './datasources';
import { HostPluginPage } from './HostPluginPage';
import { panelPluginFor, registerStandardRegistries } from './panelPlugins';

/**
 * Grafana's `runRequest` reduced to what panels see: Loading first, then each answer merged with
 * the earlier answers of the other queries by key (`key`, else the first frame's refId), as
 * Grafana's processResponsePacket does: the frames of all, the state of the newest, Error with the
 * errors of a failed one (the last in key order) while others keep their data; thrown errors as Error.
 */
function runRequest(datasource: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  const base = { request, timeRange: request.range };
  let packets: Record<string, DataQueryResponse> = {};
  return defer(() => from(datasource.query(request) as Observable<DataQueryResponse>)).pipe(
    map((response: DataQueryResponse): PanelData => {
      packets = { ...packets, [response.key ?? response.data?.[0]?.refId ?? 'A']: response };
      let state = response.state ?? LoadingState.Done;
      let errors: PanelData['errors'];
      const series: PanelData['series'] = [];
      for (const packet of Object.values(packets)) {
        const packetErrors = packet.errors ?? (packet.error ? [packet.error] : undefined);
        if (packetErrors?.length) {
          state = LoadingState.Error;
          errors = packetErrors;
        }
        series.push(...(packet.data ?? []));
      }
      return { ...base, state, series, errors, error: errors?.[0] };
    }),
    catchError((error) => {
      const e = toDataQueryError(error);
      return of<PanelData>({ ...base, state: LoadingState.Error, series: [], error: e, errors: [e] });
    }),
    startWith<PanelData>({ ...base, state: LoadingState.Loading, series: [] })
  );
}

/**
 * Template interpolation as Grafana's TemplateSrv does it for scenes: when the caller passes the
 * scene object in `scopedVars.__sceneObject`, the scene's variables answer.
 */
const templateSrv = {
  getVariables: () => [],
  replace(target?: string, scopedVars?: any, format?: any): string {
    const scene = scopedVars?.__sceneObject?.value?.valueOf() as SceneObject | undefined;
    return target && scene ? sceneGraph.interpolate(scene, target, scopedVars, format) : (target ?? '');
  },
  containsTemplate: (target?: string) => Boolean(target && /\$/.test(target)),
  updateTimeRange: () => undefined,
} as unknown as TemplateSrv;

/**
 * Sets every runtime service the app uses through `@grafana/runtime`'s setters: backend (fetch),
 * app events, data sources, template interpolation, query execution, panel plugins, the plugin page chrome
 * and the signed-in user (Admin, with `alert.rules:create`).
 */
export function installRuntimeServices(datasources: HostDatasource[], user: Parameters<typeof setCurrentUser>[0]) {
  registerStandardRegistries();
  setAppEvents(new EventBusSrv());
  setBackendSrv(hostBackendSrv());
  setTemplateSrv(templateSrv);
  setDataSourceSrv(new HostDataSourceSrv(datasources));
  setRunRequest(runRequest as unknown as Parameters<typeof setRunRequest>[0]);
  setPluginImportUtils({
    importPanelPlugin: async (id: string) => panelPluginFor(id),
    getPanelPluginFromCache: (id: string) => panelPluginFor(id),
  });
  setPluginPage(HostPluginPage);
  setCurrentUser(user);
  interceptLinkClicks();
}

/**
 * Grafana handles clicks on same-origin links in the page with its router instead of a page load
 * (app.ts, `interceptLinkClicks`); drill-down links in tables rely on it.
 */
function interceptLinkClicks() {
  document.addEventListener('click', (event) => {
    const anchor = (event.target as HTMLElement | null)?.closest?.('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || event.defaultPrevented || event.button !== 0) {
      return;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || anchor.target === '_blank' || anchor.download) {
      return;
    }
    const url = new URL(href, window.location.href);
    if (url.origin !== window.location.origin) {
      return;
    }
    event.preventDefault();
    locationService.push(url.pathname + url.search + url.hash);
  });
}
