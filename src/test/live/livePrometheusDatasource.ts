import { from, Observable } from 'rxjs';
import {
  DataFrame,
  DataQueryRequest,
  DataSourceInstanceSettings,
  FieldType,
  LoadingState,
  PanelData,
  PanelPlugin,
  PluginType,
  ScopedVars,
  standardTransformers,
  standardTransformersRegistry,
  TransformerRegistryItem,
} from '@grafana/data';
import { setDataSourceSrv, setPluginImportUtils, setRunRequest } from '@grafana/runtime';
import { sceneGraph, SceneObject } from '@grafana/scenes';
import { PromTarget } from '../../queries/types';
import { exemplarQuery, instantQuery, labelValues, PromSeries, rangeQuery } from './prometheusClient';

/** Scrape interval the live Prometheus uses; `$__rate_interval` is derived from it as Grafana does. */
const SCRAPE_INTERVAL_S = Number(process.env.SCRAPE_INTERVAL_S ?? 15);

export const LIVE_DS_UID = 'live-prometheus';

/** Escapes a value for a PromQL regex matcher, as Grafana's Prometheus data source does for multi-value variables. */
function regexEscape(value: string): string {
  return value.replace(/[\\^$*+?.()|[\]{}]/g, '\\$&');
}

/** Formats variable values the way the Prometheus data source does: one value as is, several as `(a|b)`. */
function promFormat(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 1
      ? regexEscape(String(value[0]))
      : `(${value.map((v) => regexEscape(String(v))).join('|')})`;
  }
  return String(value);
}

/**
 * Interpolates a query like Grafana's Prometheus data source: `$__rate_interval` = max(interval +
 * scrape interval, 4 × scrape interval), `$__range` in seconds, then scene variables.
 */
export function interpolateExpr(
  expr: string,
  sceneObject: SceneObject,
  scopedVars: ScopedVars,
  intervalS: number,
  rangeS: number
): string {
  const rateInterval = Math.max(intervalS + SCRAPE_INTERVAL_S, 4 * SCRAPE_INTERVAL_S);
  const withMacros = expr
    .replace(/\$__rate_interval/g, `${rateInterval}s`)
    .replace(/\$__range/g, `${Math.round(rangeS)}s`)
    .replace(/\$__interval/g, `${intervalS}s`);
  return sceneGraph.interpolate(sceneObject, withMacros, scopedVars, promFormat);
}

function legend(format: string | undefined, labels: Record<string, string>): string | undefined {
  return format ? format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, l) => labels[l] ?? '') : undefined;
}

/** Frames for a range or instant (time series) result: one frame per series, labels on the value field. */
function seriesFrames(target: PromTarget, result: PromSeries[]): DataFrame[] {
  return result.map((s) => {
    const points = s.values ?? (s.value ? [s.value] : []);
    const { __name__, ...labels } = s.metric;
    return {
      refId: target.refId,
      name: legend(target.legendFormat, labels) ?? __name__,
      length: points.length,
      fields: [
        { name: 'Time', type: FieldType.time, config: {}, values: points.map((p) => p[0] * 1000) },
        {
          name: 'Value',
          type: FieldType.number,
          labels,
          config: { displayNameFromDS: legend(target.legendFormat, labels) },
          values: points.map((p) => Number(p[1])),
        },
      ],
    };
  });
}

/** An instant result in table format: one row per series, a column per label, `Value #<refId>`. */
function tableFrame(target: PromTarget, result: PromSeries[], multipleTargets: boolean): DataFrame {
  const labelNames = [...new Set(result.flatMap((s) => Object.keys(s.metric).filter((l) => l !== '__name__')))].sort();
  return {
    refId: target.refId,
    length: result.length,
    fields: [
      { name: 'Time', type: FieldType.time, config: {}, values: result.map((s) => (s.value?.[0] ?? 0) * 1000) },
      ...labelNames.map((l) => ({
        name: l,
        type: FieldType.string,
        config: {},
        values: result.map((s) => s.metric[l] ?? ''),
      })),
      {
        name: multipleTargets ? `Value #${target.refId}` : 'Value',
        type: FieldType.number,
        config: {},
        values: result.map((s) => Number(s.value?.[1])),
      },
    ],
  };
}

/** Exemplars as the Prometheus data source returns them: one frame named `exemplar` with Time, Value and labels. */
function exemplarFrame(
  target: PromTarget,
  series: Array<{ exemplars: Array<{ labels: Record<string, string>; value: string; timestamp: number }> }>
): DataFrame {
  const all = series.flatMap((s) => s.exemplars);
  const traceIds = all.map((e) => e.labels.traceID ?? e.labels.trace_id ?? '');
  return {
    refId: target.refId,
    name: 'exemplar',
    meta: { dataTopic: undefined, custom: { resultType: 'exemplar' } },
    length: all.length,
    fields: [
      { name: 'Time', type: FieldType.time, config: {}, values: all.map((e) => e.timestamp * 1000) },
      { name: 'Value', type: FieldType.number, config: {}, values: all.map((e) => Number(e.value)) },
      { name: 'traceID', type: FieldType.string, config: {}, values: traceIds },
    ],
  };
}

/**
 * One request the harness sent to Prometheus, interpolated: an instant or range query (times in
 * Unix seconds) or a variable's label values (`expr` is then the `match[]` selector).
 */
export interface SentQuery {
  refId: string;
  expr: string;
  error?: string;
  series: number;
  kind: 'instant' | 'range' | 'labels';
  /** Key of the scene object that asked (a panel's query runner is `data-<panel key>`; a variable's name). */
  source: string;
  start: number;
  end: number;
  step?: number;
  /** `labels` only: the label whose values were asked. */
  label?: string;
}

/** Every query the harness sent, for assertions, failure messages and the page benchmark. */
export const sentQueries: SentQuery[] = [];

async function runTargets(
  baseUrl: string,
  request: DataQueryRequest<PromTarget & { range?: boolean }>
): Promise<PanelData> {
  const sceneObject = (request.scopedVars.__sceneObject?.value as { valueOf(): SceneObject }).valueOf();
  const start = request.range.from.valueOf() / 1000;
  const end = request.range.to.valueOf() / 1000;
  const intervalS = Math.max(Math.round((request.intervalMs ?? 15000) / 1000), SCRAPE_INTERVAL_S);
  const series: DataFrame[] = [];
  const errors: Array<{ refId: string; message: string }> = [];
  const multiple = request.targets.length > 1;
  const source = String(sceneObject.state.key ?? '');
  for (const target of request.targets) {
    const expr = interpolateExpr(target.expr, sceneObject, request.scopedVars, intervalS, end - start);
    const sent = target.instant
      ? { refId: target.refId, expr, kind: 'instant' as const, source, start: end, end }
      : { refId: target.refId, expr, kind: 'range' as const, source, start, end, step: intervalS };
    try {
      if (target.instant) {
        const data = await instantQuery(baseUrl, expr, end);
        series.push(
          ...(target.format === 'table'
            ? [tableFrame(target, data.result, multiple)]
            : seriesFrames(target, data.result))
        );
        sentQueries.push({ ...sent, series: data.result.length });
      } else {
        const data = await rangeQuery(baseUrl, expr, start, end, intervalS);
        series.push(...seriesFrames(target, data.result));
        sentQueries.push({ ...sent, series: data.result.length });
      }
      if (target.exemplar) {
        series.push(exemplarFrame(target, await exemplarQuery(baseUrl, expr, start, end)));
      }
    } catch (e) {
      errors.push({ refId: target.refId, message: `${(e as Error).message} in ${expr}` });
      sentQueries.push({ ...sent, error: (e as Error).message, series: 0 });
    }
  }
  return {
    state: errors.length ? LoadingState.Error : LoadingState.Done,
    series,
    errors: errors.length ? errors : undefined,
    timeRange: request.range,
  };
}

/** Resolves `label_values(<selector>, <label>)` against Prometheus, as the Prometheus data source does. */
async function metricFindQuery(
  baseUrl: string,
  query: unknown,
  options: any
): Promise<Array<{ text: string; value: string }>> {
  const text = typeof query === 'string' ? query : (query as { query: string }).query;
  const sceneObject = options.scopedVars?.__sceneObject?.value?.valueOf();
  const expr = sceneObject ? sceneGraph.interpolate(sceneObject, text, options.scopedVars, promFormat) : text;
  const m = /^label_values\((.+),\s*(\w+)\)$/.exec(expr.trim());
  if (!m) {
    throw new Error(`The live harness only resolves label_values(selector, label) variable queries, got: ${expr}`);
  }
  const end = options.range ? options.range.to.valueOf() / 1000 : Date.now() / 1000;
  const start = options.range ? options.range.from.valueOf() / 1000 : end - 3600;
  const values = await labelValues(baseUrl, m[2], m[1], start, end);
  sentQueries.push({
    refId: m[2],
    expr: m[1],
    kind: 'labels',
    label: m[2],
    source: String(sceneObject?.state?.name ?? sceneObject?.state?.key ?? ''),
    start,
    end,
    series: values.length,
  });
  return values.map((v) => ({ text: v, value: v }));
}

/**
 * Installs Grafana runtime services that send every query to a real Prometheus at `baseUrl`:
 * a DataSourceSrv with one Prometheus data source (uid `live-prometheus`), the scenes query
 * execution (`setRunRequest`), the standard transformations (merge, organize) and a stand-in panel plugin.
 */
export function installLivePrometheus(baseUrl: string): void {
  const settings = {
    uid: LIVE_DS_UID,
    name: 'Prometheus (live)',
    type: 'prometheus',
    isDefault: true,
    meta: { id: 'prometheus', info: { logos: {} } },
    jsonData: {},
    access: 'proxy',
  } as unknown as DataSourceInstanceSettings;
  const datasource = {
    ...settings,
    getRef: () => ({ uid: LIVE_DS_UID, type: 'prometheus' }),
    query: () => {
      throw new Error('queries go through runRequest');
    },
    metricFindQuery: (query: unknown, options: unknown) => metricFindQuery(baseUrl, query, options),
    interpolateVariablesInQueries: (queries: unknown[]) => queries,
  };
  setDataSourceSrv({
    get: async () => datasource,
    getList: () => [settings],
    getInstanceSettings: () => settings,
    reload: async () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as any);
  setRunRequest(((_ds: unknown, request: DataQueryRequest<any>) =>
    from(runTargets(baseUrl, request))) as unknown as Parameters<typeof setRunRequest>[0]);
  // Panels are activated as rendering would; their visualization plugins live in Grafana, so an
  // empty panel plugin stands in (the data a panel receives does not depend on it).
  const panelPlugin = (id: string) => {
    const plugin = new PanelPlugin(() => null);
    plugin.meta = {
      id,
      name: id,
      type: PluginType.panel,
      module: '',
      baseUrl: '',
      info: { logos: {} },
    } as unknown as PanelPlugin['meta'];
    return plugin;
  };
  setPluginImportUtils({
    importPanelPlugin: async (id) => panelPlugin(id),
    getPanelPluginFromCache: (id) => panelPlugin(id),
  });
  // standardTransformers lists some transformers under two keys: register each id once
  const unique = [...new Map(Object.values(standardTransformers).map((t) => [t.id, t])).values()];
  standardTransformersRegistry.setInit(() =>
    unique.map(
      (t) =>
        ({
          id: t.id,
          aliasIds: t.aliasIds,
          name: t.name,
          transformation: t,
          description: t.description,
          editor: () => null,
        }) as unknown as TransformerRegistryItem
    )
  );
}

/** For tests of the harness itself. */
export type { Observable };
