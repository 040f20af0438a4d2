import {
  DataQueryRequest,
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourceRef,
  MetricFindValue,
  ScopedVars,
} from '@grafana/data';
import { DataSourceSrv, DataSourceWithBackend, GetDataSourceListFilters, getTemplateSrv } from '@grafana/runtime';
import { DataQuery } from '@grafana/schema';

/** A data source as the host server lists it (`GET /api/datasources`, the provisioned ones). */
export interface HostDatasource {
  uid: string;
  name: string;
  type: string;
  isDefault?: boolean;
  jsonData?: Record<string, unknown>;
}

/** A Prometheus query as the Prometheus data source's query editor saves it. */
interface PromQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
  format?: string;
  exemplar?: boolean;
}

/** `prometheusRegularEscape` of Grafana's Prometheus data source: quotes and backslashes in a single value. */
function regularEscape(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'") : String(value);
}

/** `prometheusSpecialRegexEscape`: regex metacharacters of a value meant for `=~`, escaped inside a PromQL string. */
function regexEscape(value: unknown): string {
  return typeof value === 'string'
    ? value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}\[\]\'+?.()|]/g, '\\\\$&')
    : String(value);
}

/**
 * Variable formatting of Grafana's Prometheus data source (`interpolateQueryExpr`): single-value
 * variables as they are, multi-value or "All" variables regex-escaped and joined as `(a|b)`.
 */
export function interpolateQueryExpr(value: unknown, variable: { multi?: boolean; includeAll?: boolean } = {}) {
  if (!variable.multi && !variable.includeAll) {
    return Array.isArray(value) ? value.map(regularEscape).join('|') : regularEscape(value);
  }
  if (!Array.isArray(value)) {
    return regexEscape(value);
  }
  const escaped = value.map(regexEscape);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

/**
 * The Prometheus data source of the host: Grafana's `DataSourceWithBackend` (so queries go out as
 * Grafana's do: `POST /api/ds/query`, answered by the host server's Prometheus backend) with the
 * Prometheus data source's template interpolation and its `label_values()` variable queries
 * through the resource API (`/api/datasources/uid/<uid>/resources/api/v1/label/<name>/values`).
 */
export class HostPrometheusDatasource extends DataSourceWithBackend<PromQuery> {
  applyTemplateVariables(query: PromQuery, scopedVars: ScopedVars): PromQuery {
    const replace = (text?: string) =>
      text === undefined ? text : getTemplateSrv().replace(text, scopedVars, interpolateQueryExpr as any);
    return { ...query, expr: replace(query.expr) ?? '', legendFormat: replace(query.legendFormat) };
  }

  filterQuery(query: PromQuery): boolean {
    return !query.hide && Boolean(query.expr);
  }

  async metricFindQuery(query: unknown, options?: { scopedVars?: ScopedVars; range?: DataQueryRequest['range'] }) {
    const text = typeof query === 'string' ? query : ((query as { query?: string })?.query ?? '');
    const expr = getTemplateSrv()
      .replace(text, options?.scopedVars, interpolateQueryExpr as any)
      .trim();
    const m = /^label_values\((?:(.+),\s*)?(\w+)\)$/.exec(expr);
    if (!m) {
      throw new Error(`The browser host answers only label_values() variable queries, got: ${expr}`);
    }
    const end = Math.round((options?.range?.to.valueOf() ?? Date.now()) / 1000);
    const start = Math.round((options?.range?.from.valueOf() ?? Date.now() - 3600_000) / 1000);
    const params: Record<string, string | number> = { start, end };
    if (m[1]) {
      params['match[]'] = m[1];
    }
    const answer = await this.getResource<{ data: string[] }>(`api/v1/label/${m[2]}/values`, params);
    return (answer.data ?? []).map((value): MetricFindValue => ({ text: value, value }));
  }
}

function instanceSettings(ds: HostDatasource): DataSourceInstanceSettings {
  return {
    id: 0,
    uid: ds.uid,
    name: ds.name,
    type: ds.type,
    isDefault: Boolean(ds.isDefault),
    access: 'proxy',
    readOnly: true,
    jsonData: ds.jsonData ?? {},
    meta: {
      id: ds.type,
      name: ds.type,
      type: 'datasource',
      module: '',
      baseUrl: '',
      metrics: true,
      backend: true,
      info: { logos: { small: '', large: '' } },
    },
  } as unknown as DataSourceInstanceSettings;
}

/**
 * Grafana's DataSourceSrv for the host's data sources: refs and names resolved after template
 * interpolation (`${ds}` in the scene asking), `default` or no ref = the default data source, one
 * instance per uid. Only Prometheus has an implementation here (see tests/browser/README.md).
 */
export class HostDataSourceSrv implements DataSourceSrv {
  private readonly settings: DataSourceInstanceSettings[];
  private readonly instances = new Map<string, DataSourceApi>();

  constructor(datasources: HostDatasource[]) {
    this.settings = datasources.map(instanceSettings);
  }

  getInstanceSettings(ref?: string | DataSourceRef | null, scopedVars?: ScopedVars) {
    let key = typeof ref === 'string' ? ref : ref?.uid;
    if (key && key.includes('$')) {
      key = getTemplateSrv().replace(key, scopedVars);
    }
    if (!key || key === 'default') {
      return this.settings.find((s) => s.isDefault);
    }
    return this.settings.find((s) => s.uid === key || s.name === key);
  }

  async get(ref?: string | DataSourceRef | null, scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref, scopedVars);
    if (!settings) {
      throw new Error(`Data source ${JSON.stringify(ref)} was not found`);
    }
    if (settings.type !== 'prometheus') {
      throw new Error(`The browser host has no ${settings.type} data source plugin`);
    }
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      instance = new HostPrometheusDatasource(settings) as unknown as DataSourceApi;
      this.instances.set(settings.uid, instance);
    }
    return instance;
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    return this.settings
      .filter((s) => !filters.pluginId || s.type === filters.pluginId)
      .filter((s) => !filters.type || (Array.isArray(filters.type) ? filters.type : [filters.type]).includes(s.type))
      .filter((s) => !filters.filter || filters.filter(s))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  reload(): Promise<void> {
    return Promise.resolve();
  }

  registerRuntimeDataSource(): void {
    // scenes keeps runtime data sources in its own registry (sceneUtils.registerRuntimeDataSource)
  }
}
