import { DataFrame, DataQueryRequest, DataTopic, LoadingState, PanelData, ScopedVars } from '@grafana/data';
import { setDataSourceSrv, setRunRequest } from '@grafana/runtime';
import { SceneObject, sceneGraph } from '@grafana/scenes';
import { of } from 'rxjs';

/** A data source the fake DataSourceSrv knows. */
export interface FakeDatasource {
  uid: string;
  name: string;
  type: 'prometheus' | 'loki' | 'tempo' | 'jaeger';
}

/** The data sources provisioning/datasources/datasources.yaml creates, plus a Jaeger for the fallback tests. */
export const PROVISIONED: FakeDatasource[] = [
  { uid: 'prometheus', name: 'Prometheus', type: 'prometheus' },
  { uid: 'loki', name: 'Loki', type: 'loki' },
  { uid: 'tempo', name: 'Tempo', type: 'tempo' },
];

/** One query the scenes issued: the data source it went to, the request's targets with refIds, and the range. */
export interface IssuedQuery {
  datasource: FakeDatasource;
  request: DataQueryRequest;
}

/** One label-values lookup of a variable (legacy `metricFindQuery` path). */
export interface VariableLookup {
  datasource: FakeDatasource;
  query: unknown;
}

/**
 * Installs a fake DataSourceSrv (with `${var}` refs interpolated in the asking scene, as Grafana's
 * does) and a fake runRequest answering each request with `answer(datasource, request)`.
 * Returns the log of issued queries and variable lookups.
 */
export function installFakeBackends(
  datasources: FakeDatasource[],
  answer: (ds: FakeDatasource, request: DataQueryRequest) => DataFrame[],
  labelValues: (ds: FakeDatasource, query: any) => string[] = () => []
): { issued: IssuedQuery[]; lookups: VariableLookup[] } {
  const issued: IssuedQuery[] = [];
  const lookups: VariableLookup[] = [];
  const find = (ref: unknown, scopedVars?: ScopedVars): FakeDatasource | undefined => {
    let uid = typeof ref === 'string' ? ref : (ref as { uid?: string } | undefined)?.uid;
    const scene = scopedVars?.__sceneObject?.value?.valueOf() as SceneObject | undefined;
    if (uid?.includes('$') && scene) {
      uid = sceneGraph.interpolate(scene, uid);
    }
    return uid ? datasources.find((d) => d.uid === uid || d.name === uid) : datasources[0];
  };
  const settings = (d: FakeDatasource) => ({
    ...d,
    meta: { id: d.type, metrics: true, logs: d.type === 'loki', tracing: d.type !== 'prometheus' && d.type !== 'loki' },
  });
  setDataSourceSrv({
    getList: (filters?: { pluginId?: string; type?: string }) =>
      datasources
        .filter(
          (d) => (!filters?.pluginId || d.type === filters.pluginId) && (!filters?.type || d.type === filters.type)
        )
        .map(settings),
    getInstanceSettings: (ref: unknown, scopedVars?: ScopedVars) => {
      const d = find(ref, scopedVars);
      return d ? settings(d) : undefined;
    },
    get: async (ref: unknown, scopedVars?: ScopedVars) => {
      const d = find(ref, scopedVars);
      if (!d) {
        throw new Error(`unknown data source ${JSON.stringify(ref)}`);
      }
      return {
        ...settings(d),
        getRef: () => ({ uid: d.uid, type: d.type }),
        metricFindQuery: async (query: unknown) => {
          lookups.push({ datasource: d, query });
          return labelValues(d, query).map((text) => ({ text, value: text }));
        },
      };
    },
    reload: jest.fn(),
    registerRuntimeDataSource: jest.fn(),
  } as never);
  setRunRequest((ds: { uid: string }, request: DataQueryRequest) => {
    const d = datasources.find((x) => x.uid === ds.uid)!;
    issued.push({ datasource: d, request });
    // Like Grafana's runRequest: frames of the annotations topic (exemplars) go to `annotations`.
    const frames = answer(d, request);
    const annotations = frames.filter((f) => f.meta?.dataTopic === DataTopic.Annotations);
    const series = frames.filter((f) => f.meta?.dataTopic !== DataTopic.Annotations);
    return of({ state: LoadingState.Done, series, annotations, timeRange: request.range, request } as PanelData);
  });
  return { issued, lookups };
}

/** Waits until `check` passes (polling every 20 ms), failing after `timeoutMs`. */
export async function eventually(check: () => void, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > deadline) {
        throw e;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
