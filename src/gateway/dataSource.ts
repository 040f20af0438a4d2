import { Observable, merge, of } from 'rxjs';
import { DataQueryRequest, DataQueryResponse } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { RuntimeDataSource, SceneDataQuery, SceneQueryRunner, sceneUtils } from '@grafana/scenes';
import { PLUGIN_ID } from '../constants';
import { GatewayQuery, interpolateQuery } from './query';
import { runQuery } from './queryRunners';

/**
 * The Hubble gateway as a Grafana data source, registered at run time (it exists only inside the
 * app): scenes query it with a SceneQueryRunner like any other data source, and get loading,
 * errors, cancellation and the request in PanelData from it. Queries: see query.ts.
 */

/** Reference of the gateway data source in a SceneQueryRunner (`datasource: GATEWAY_DS`). */
export const GATEWAY_DS = { type: `${PLUGIN_ID}-hubble-gateway`, uid: `${PLUGIN_ID}-hubble-gateway` } as const;

/**
 * Answers gateway queries through the plugin proxy (the Gateway URL and token stay on Grafana's
 * server). Every query's variables are replaced first; each answer is keyed by its query's refId.
 * HTTP calls carry the request's id with the query's refId (`<requestId>-<refId>`): the query
 * inspector matches calls by that prefix, and Grafana's backendSrv cancels a call in flight when
 * another starts with the same id, so the queries of one request must not share one.
 */
export class HubbleGatewayDataSource extends RuntimeDataSource<GatewayQuery> {
  constructor() {
    super(GATEWAY_DS.type, GATEWAY_DS.uid);
  }

  query(request: DataQueryRequest<GatewayQuery>): Observable<DataQueryResponse> {
    const templateSrv = getTemplateSrv();
    const interpolate = (text: string, format?: string) => templateSrv.replace(text, request.scopedVars, format);
    const runs = request.targets
      .filter((target) => !target.hide)
      .map((target) =>
        runQuery(interpolateQuery(target, interpolate), {
          range: request.range,
          requestId: `${request.requestId}-${target.refId}`,
        })
      );
    return runs.length ? merge(...runs) : of({ data: [] });
  }
}

let registered = false;

/** Registers the gateway data source with scenes, once (scenes refuses a second one with the same uid). */
export function registerGatewayDataSource(): void {
  if (!registered) {
    // scenes types the registry by DataQuery; the gateway data source takes only GatewayQuery
    sceneUtils.registerRuntimeDataSource({ dataSource: new HubbleGatewayDataSource() as unknown as RuntimeDataSource });
    registered = true;
  }
}

/** A SceneQueryRunner of gateway queries (the data source is registered first). */
export function gatewayQueryRunner(key: string, queries: Array<GatewayQuery & SceneDataQuery>): SceneQueryRunner {
  registerGatewayDataSource();
  return new SceneQueryRunner({ key, datasource: GATEWAY_DS, queries });
}
