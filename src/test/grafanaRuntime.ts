/**
 * What Grafana provides a data source at run time, for scene tests whose queries go to a real data
 * source object (the Hubble gateway data source): Grafana's `runRequest` (the data source's answers
 * merged by key into PanelData, LoadingState.Loading after 200 ms without one, a thrown error as
 * LoadingState.Error, the request stamped with `endTime`; only `errors`, not the deprecated `error`) and the template service (which, given a
 * scene object in the scoped variables, interpolates through the scene as Grafana's does).
 * Written from the behaviour of Grafana's public/app/features/query/state/runRequest.ts.
 */
import { Observable, catchError, from, map, merge, of, share, takeUntil, timer } from 'rxjs';
import { DataQueryRequest, DataQueryResponse, DataSourceApi, LoadingState, PanelData, ScopedVars } from '@grafana/data';
import { TemplateSrv, setRunRequest, setTemplateSrv, toDataQueryError } from '@grafana/runtime';
import { SceneObject, sceneGraph } from '@grafana/scenes';

/** The PanelData of every query's latest answer; the state is the newest answer's, or Error when any failed. */
function panelData(
  packets: Record<string, DataQueryResponse>,
  newest: DataQueryResponse,
  request: DataQueryRequest
): PanelData {
  let state = newest.state ?? LoadingState.Done;
  const data: PanelData = { state, series: [], request, timeRange: request.range };
  for (const packet of Object.values(packets)) {
    if (packet.errors?.length) {
      state = LoadingState.Error;
      data.errors = packet.errors;
    }
    data.series.push(...(packet.data ?? []));
  }
  return { ...data, state };
}

/** Grafana's runRequest as far as scenes and data sources can tell. */
export function runRequest(datasource: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  const loading: PanelData = { state: LoadingState.Loading, series: [], request, timeRange: request.range };
  let packets: Record<string, DataQueryResponse> = {};
  const answers = from(datasource.query(request)).pipe(
    map((packet: DataQueryResponse) => {
      request.endTime = Date.now();
      packets = { ...packets, [packet.key ?? packet.data?.[0]?.refId ?? 'A']: packet };
      return panelData(packets, packet, request);
    }),
    catchError((e) => of({ ...loading, state: LoadingState.Error, errors: [toDataQueryError(e)] })),
    share()
  );
  return merge(
    timer(200).pipe(
      map(() => loading),
      takeUntil(answers)
    ),
    answers
  );
}

/** The template service: through the scene object Grafana passes in `scopedVars.__sceneObject`. */
const templateSrv = {
  replace(target: string | undefined, scopedVars?: ScopedVars, format?: string) {
    const scene = scopedVars?.__sceneObject?.value?.valueOf() as SceneObject | undefined;
    return scene ? sceneGraph.interpolate(scene, target, scopedVars, format) : (target ?? '');
  },
} as unknown as TemplateSrv;

/** Installs runRequest and the template service (call in `beforeAll`). */
export function installGrafanaRuntime(): void {
  setRunRequest(runRequest);
  setTemplateSrv(templateSrv);
}
