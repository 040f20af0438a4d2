/**
 * A data frame as `/api/ds/query` sends it (Grafana's DataFrameJSON: schema and column values).
 * Written out here because @grafana/data does not load in Node (it needs `window`).
 */
interface FrameJSON {
  schema: {
    refId: string;
    name?: string;
    meta?: Record<string, unknown>;
    fields: Array<{
      name: string;
      type: 'time' | 'number' | 'string';
      labels?: Record<string, string>;
      config: object;
    }>;
  };
  data: { values: unknown[][] };
}

interface Column {
  name: string;
  type: 'time' | 'number' | 'string';
  labels?: Record<string, string>;
  config: object;
  values: unknown[];
}

function frame(refId: string, name: string | undefined, meta: Record<string, unknown>, columns: Column[]): FrameJSON {
  return {
    schema: { refId, name, meta, fields: columns.map(({ values: _values, ...field }) => field) },
    data: { values: columns.map((c) => c.values) },
  };
}

/** A query as `POST /api/ds/query` receives it from the Prometheus data source (variables already interpolated). */
export interface DsQuery {
  refId: string;
  datasource?: { uid?: string; type?: string };
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
  format?: string;
  exemplar?: boolean;
  /** Min interval of the query (`interval`), e.g. `30s`. */
  interval?: string;
  intervalMs?: number;
  maxDataPoints?: number;
}

/** The body of `POST /api/ds/query`: queries and the range in epoch milliseconds (as strings). */
export interface DsQueryBody {
  queries: DsQuery[];
  from: string;
  to: string;
}

/** A Prometheus data source of the host: where it is and its scrape interval (`jsonData.timeInterval`). */
export interface PrometheusTarget {
  url: string;
  scrapeIntervalS: number;
}

interface PromSeries {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  value?: [number, string];
}

/** Parses a Grafana duration (`15s`, `1m`, `500ms`, `1h`) to seconds; undefined when empty or invalid. */
export function durationSeconds(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text?.trim() ?? '');
  if (!m) {
    return undefined;
  }
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * factor;
}

/** Grafana's `roundInterval`: the "nice" interval at or below an interval, in seconds (its table, abridged). */
export function roundInterval(seconds: number): number {
  const steps: Array<[number, number]> = [
    [0.015, 0.01],
    [0.035, 0.02],
    [0.075, 0.05],
    [0.15, 0.1],
    [0.35, 0.2],
    [0.75, 0.5],
    [1.5, 1],
    [3.5, 2],
    [7.5, 5],
    [12.5, 10],
    [17.5, 15],
    [25, 20],
    [45, 30],
    [90, 60],
    [210, 120],
    [450, 300],
    [750, 600],
    [1050, 900],
    [1500, 1200],
    [2700, 1800],
    [5400, 3600],
    [9000, 7200],
    [16200, 10800],
    [32400, 21600],
    [86400, 43200],
  ];
  for (const [upTo, nice] of steps) {
    if (seconds < upTo) {
      return nice;
    }
  }
  return 86400;
}

/**
 * The step of a query as Grafana's Prometheus backend computes it: the range divided by
 * `maxDataPoints`, rounded to a nice interval, at least the query's min interval (else the data
 * source's scrape interval), and never so small that a query asks for more than 11,000 points.
 */
export function queryStep(q: DsQuery, rangeS: number, scrapeIntervalS: number): number {
  const minInterval = durationSeconds(q.interval) ?? scrapeIntervalS;
  const calculated = Math.max(roundInterval(rangeS / (q.maxDataPoints || 1000)), minInterval);
  return Math.max(calculated, Math.ceil(rangeS / 11000));
}

/**
 * Grafana's macros of PromQL: `$__interval` (the step), `$__rate_interval` (max(step + scrape
 * interval, 4 × scrape interval)), `$__range` (and `_s`, `_ms`).
 */
export function expandMacros(expr: string, stepS: number, rangeS: number, scrapeIntervalS: number): string {
  const rateInterval = Math.max(stepS + scrapeIntervalS, 4 * scrapeIntervalS);
  return expr
    .replace(/\$__rate_interval_ms/g, String(rateInterval * 1000))
    .replace(/\$__rate_interval/g, `${rateInterval}s`)
    .replace(/\$__interval_ms/g, String(stepS * 1000))
    .replace(/\$__interval/g, `${stepS}s`)
    .replace(/\$__range_ms/g, String(Math.round(rangeS * 1000)))
    .replace(/\$__range_s/g, String(Math.round(rangeS)))
    .replace(/\$__range/g, `${Math.round(rangeS)}s`);
}

/** `{{label}}` of a legend format filled from a series' labels (`__auto` and empty: no display name). */
function legend(format: string | undefined, labels: Record<string, string>): string | undefined {
  if (!format || format === '__auto') {
    return undefined;
  }
  return format.replace(/\{\{\s*(.+?)\s*\}\}/g, (_m, l: string) => labels[l] ?? '');
}

async function promCall<T>(base: string, path: string, params: Record<string, string>): Promise<T> {
  const response = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  let parsed: { status: string; data: T; errorType?: string; error?: string };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`Prometheus answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  if (parsed.status !== 'success') {
    throw new Error(`${parsed.errorType}: ${parsed.error}`);
  }
  return parsed.data;
}

function seriesFrames(q: DsQuery, result: PromSeries[], executed: string): FrameJSON[] {
  return result.map((s) => {
    const points = s.values ?? (s.value ? [s.value] : []);
    const { __name__, ...labels } = s.metric;
    const name = legend(q.legendFormat, labels);
    return frame(
      q.refId,
      name ?? __name__,
      { type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: executed },
      [
        { name: 'Time', type: 'time', config: {}, values: points.map((p) => p[0] * 1000) },
        {
          name: 'Value',
          type: 'number',
          labels: { ...(__name__ ? { __name__ } : {}), ...labels },
          config: name === undefined ? {} : { displayNameFromDS: name },
          values: points.map((p) => Number(p[1])),
        },
      ]
    );
  });
}

/** An instant query in table format: one row per series, a column per label, the value as `Value` or `Value #<refId>`. */
function tableFrame(q: DsQuery, result: PromSeries[], valueName: string, executed: string): FrameJSON {
  const labelNames = [...new Set(result.flatMap((s) => Object.keys(s.metric).filter((l) => l !== '__name__')))].sort();
  return frame(q.refId, undefined, { preferredVisualisationType: 'table', executedQueryString: executed }, [
    { name: 'Time', type: 'time', config: {}, values: result.map((s) => (s.value?.[0] ?? 0) * 1000) },
    ...labelNames.map((l): Column => ({
      name: l,
      type: 'string',
      config: {},
      values: result.map((s) => s.metric[l] ?? ''),
    })),
    { name: valueName, type: 'number', config: {}, values: result.map((s) => Number(s.value?.[1])) },
  ]);
}

function exemplarFrame(
  q: DsQuery,
  series: Array<{ exemplars: Array<{ labels: Record<string, string>; value: string; timestamp: number }> }>
): FrameJSON {
  const all = series.flatMap((s) => s.exemplars);
  return frame(q.refId, 'exemplar', { custom: { resultType: 'exemplar' } }, [
    { name: 'Time', type: 'time', config: {}, values: all.map((e) => e.timestamp * 1000) },
    { name: 'Value', type: 'number', config: {}, values: all.map((e) => Number(e.value)) },
    {
      name: 'traceID',
      type: 'string',
      config: {},
      values: all.map((e) => e.labels.traceID ?? e.labels.trace_id ?? ''),
    },
  ]);
}

/** What one query sent to Prometheus, for the benchmark and failure messages. */
export interface ExecutedQuery {
  refId: string;
  expr: string;
  instant: boolean;
  stepS?: number;
  series: number;
  error?: string;
}

/**
 * Answers `POST /api/ds/query` for Prometheus data sources as Grafana's backend does: range
 * queries over the range aligned to the step, instant queries at its end, exemplars when asked,
 * legend formats as frame display names; each query's error under its refId. Table-format instant
 * queries come back as one table frame (Grafana's data source builds that table in the browser).
 * Returns the response body (`{ results: { <refId>: { frames, error?, status } } }`).
 */
export async function answerDsQuery(
  body: DsQueryBody,
  targetOf: (uid: string | undefined) => PrometheusTarget | undefined,
  log: (q: ExecutedQuery) => void = () => undefined
) {
  const fromS = Number(body.from) / 1000;
  const toS = Number(body.to) / 1000;
  const rangeS = Math.max(toS - fromS, 1);
  const results: Record<string, { status: number; frames: unknown[]; error?: string }> = {};
  await Promise.all(
    body.queries.map(async (q) => {
      const target = targetOf(q.datasource?.uid);
      if (!target) {
        results[q.refId] = { status: 404, frames: [], error: `data source ${q.datasource?.uid} not found` };
        return;
      }
      const stepS = queryStep(q, rangeS, target.scrapeIntervalS);
      const expr = expandMacros(q.expr, stepS, rangeS, target.scrapeIntervalS);
      const instant = Boolean(q.instant) && !q.range;
      try {
        let frames: FrameJSON[];
        if (instant) {
          const data = await promCall<{ result: PromSeries[] }>(target.url, '/api/v1/query', {
            query: expr,
            time: String(toS),
          });
          const executed = `Expr: ${expr}`;
          frames =
            q.format === 'table'
              ? [tableFrame(q, data.result, body.queries.length > 1 ? `Value #${q.refId}` : 'Value', executed)]
              : seriesFrames(q, data.result, executed);
          log({ refId: q.refId, expr, instant, series: data.result.length });
        } else {
          const start = Math.floor(fromS / stepS) * stepS;
          const end = Math.floor(toS / stepS) * stepS;
          const data = await promCall<{ result: PromSeries[] }>(target.url, '/api/v1/query_range', {
            query: expr,
            start: String(start),
            end: String(end),
            step: String(stepS),
          });
          frames = seriesFrames(q, data.result, `Expr: ${expr}\nStep: ${stepS}s`);
          log({ refId: q.refId, expr, instant, stepS, series: data.result.length });
        }
        if (q.exemplar) {
          const ex = await promCall<Parameters<typeof exemplarFrame>[1]>(target.url, '/api/v1/query_exemplars', {
            query: expr,
            start: String(fromS),
            end: String(toS),
          });
          frames.push(exemplarFrame(q, ex));
        }
        results[q.refId] = { status: 200, frames };
      } catch (e) {
        const error = (e as Error).message;
        log({ refId: q.refId, expr, instant, series: 0, error });
        results[q.refId] = { status: 400, frames: [], error };
      }
    })
  );
  return { results };
}
