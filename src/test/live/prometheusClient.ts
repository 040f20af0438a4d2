import http from 'http';

/** Prometheus HTTP API result types (`/api/v1/query`, `/api/v1/query_range`, `/api/v1/query_exemplars`). */
export interface PromSeries {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  value?: [number, string];
}
export interface PromExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: Array<{ labels: Record<string, string>; value: string; timestamp: number }>;
}
type PromResponse<T> = { status: 'success'; data: T } | { status: 'error'; errorType: string; error: string };

/**
 * GETs a Prometheus API path with query parameters and returns `data`.
 * Errors: rejects with Prometheus' own error text (e.g. `parse error: unexpected identifier`) or the HTTP failure.
 */
export function promGet<T>(baseUrl: string, path: string, params: Record<string, string | number>): Promise<T> {
  const url = new URL(path, baseUrl);
  for (const [k, v] of Object.entries(params)) {
    url.searchParams.set(k, String(v));
  }
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(body) as PromResponse<T>;
            parsed.status === 'success'
              ? resolve(parsed.data)
              : reject(new Error(`${parsed.errorType}: ${parsed.error}`));
          } catch (e) {
            reject(new Error(`Prometheus answered HTTP ${res.statusCode} with non-JSON: ${body.slice(0, 200)}`));
          }
        });
      })
      .on('error', reject);
  });
}

/** Instant query at `time` (seconds). */
export function instantQuery(
  baseUrl: string,
  query: string,
  time: number
): Promise<{ resultType: string; result: PromSeries[] }> {
  return promGet(baseUrl, '/api/v1/query', { query, time });
}

/** Range query from `start` to `end` (seconds) every `step` seconds. */
export function rangeQuery(
  baseUrl: string,
  query: string,
  start: number,
  end: number,
  step: number
): Promise<{ resultType: string; result: PromSeries[] }> {
  return promGet(baseUrl, '/api/v1/query_range', { query, start, end, step });
}

/** Exemplars of the series a query selects, between `start` and `end` (seconds). */
export function exemplarQuery(
  baseUrl: string,
  query: string,
  start: number,
  end: number
): Promise<PromExemplarSeries[]> {
  return promGet(baseUrl, '/api/v1/query_exemplars', { query, start, end });
}

/** Values of a label among the series matching `match` (what Grafana's `label_values(metric, label)` asks). */
export function labelValues(
  baseUrl: string,
  label: string,
  match: string,
  start: number,
  end: number
): Promise<string[]> {
  return promGet(baseUrl, `/api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': match, start, end });
}
