import { getDataSourceSrv } from '@grafana/runtime';
import { DataSourceVariable } from '@grafana/scenes';
import { VARIABLES } from '../constants';
import { getAppSettings } from '../settings';

/**
 * The three data source variables every page uses (`$ds`, `$loki`, `$traces`) and the references
 * queries make to them, defined once: no query names a data source uid.
 */

/** Reference every Prometheus query uses: the `$ds` variable. */
export const PROMETHEUS_DS = { type: 'prometheus', uid: `\${${VARIABLES.prometheus}}` };

/** Reference every Loki query uses: the `$loki` variable. */
export const LOKI_DS = { type: 'loki', uid: `\${${VARIABLES.loki}}` };

/** The trace data source types the Traces page and tabs support. */
export type TracesType = 'tempo' | 'jaeger';

/** Reference every trace query uses: the `$traces` variable, of the type in use (Tempo, or Jaeger as fallback). */
export function tracesDs(type: TracesType) {
  return { type, uid: `\${${VARIABLES.traces}}` };
}

/** A data source variable whose initial value is the config page's choice, when there is one. */
function datasourceVariable(name: string, label: string, pluginId: string, uid: string | undefined) {
  return new DataSourceVariable({ name, label, pluginId, ...(uid ? { value: uid } : {}) });
}

/**
 * `$ds`, the Prometheus data source. Initial value: the one chosen in the app's config page
 * (`jsonData.prometheusUid`); without it Grafana's default Prometheus. The URL (`var-ds`) wins.
 */
export function prometheusDatasourceVariable(): DataSourceVariable {
  return datasourceVariable(VARIABLES.prometheus, 'Data source', 'prometheus', getAppSettings().prometheusUid);
}

/**
 * `$loki`, the Loki data source of the Logs page, the Logs tabs and the Alerts page's LogQL
 * previews. Initial value: `jsonData.lokiUid`; without it Grafana's default (or first) Loki. The
 * URL (`var-loki`) wins.
 */
export function lokiDatasourceVariable(): DataSourceVariable {
  return datasourceVariable(VARIABLES.loki, 'Loki', 'loki', getAppSettings().lokiUid);
}

/**
 * Which trace data source type the pages use: the type of the one chosen in the config page
 * (`jsonData.tracesUid`) when it is Tempo or Jaeger, else Tempo when any Tempo exists, else Jaeger
 * when any Jaeger exists, else undefined (the pages show the missing data source splash).
 */
export function tracesDatasourceType(): TracesType | undefined {
  const srv = getDataSourceSrv();
  const uid = getAppSettings().tracesUid;
  const chosen = uid ? srv.getInstanceSettings(uid)?.type : undefined;
  if (chosen === 'tempo' || chosen === 'jaeger') {
    return chosen;
  }
  if (srv.getList({ type: 'tempo' }).length > 0) {
    return 'tempo';
  }
  return srv.getList({ type: 'jaeger' }).length > 0 ? 'jaeger' : undefined;
}

/**
 * `$traces`, the trace data source of the given type. Initial value: `jsonData.tracesUid` when it
 * is of that type. The URL (`var-traces`) wins.
 */
export function tracesDatasourceVariable(type: TracesType): DataSourceVariable {
  const uid = getAppSettings().tracesUid;
  const matches = uid && getDataSourceSrv().getInstanceSettings(uid)?.type === type;
  return datasourceVariable(VARIABLES.traces, type === 'tempo' ? 'Tempo' : 'Jaeger', type, matches ? uid : undefined);
}
