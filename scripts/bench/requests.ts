/**
 * Sends one benchmark request to Prometheus and measures it. Queries go as Grafana's Prometheus
 * data source sends them (POST form to `/api/v1/query` or `/api/v1/query_range`) with `stats=all`,
 * and the time is Prometheus' own `stats.timings.execTotalTime` (queue, preparation, evaluation and
 * sorting inside Prometheus 2.42, without HTTP or JSON encoding). Label-value requests
 * (`/api/v1/label/<name>/values`, GET: Prometheus 2.42 answers 405 to POST there) have no stats:
 * their time is the HTTP round trip on 127.0.0.1.
 */

/** A request a page (or one of Cilium's dashboards) sends when it opens. Times in Unix seconds. */
export interface BenchRequest {
  /** What asked: a panel's query runner key, a panel title, `variable <name>`. */
  source: string;
  kind: 'instant' | 'range' | 'labels';
  /** PromQL, or the `match[]` selector of a label-values request (may be empty). */
  expr: string;
  start: number;
  end: number;
  step?: number;
  /** Label-values requests: the label. */
  label?: string;
}

/** What one request cost. */
export interface Measured {
  /** Seconds: Prometheus' execTotalTime, or the round trip for label values. */
  seconds: number;
  /** Samples Prometheus loaded (`totalQueryableSamples`); 0 for label values. */
  samples: number;
  /** Series (or values) in the answer. */
  results: number;
  error?: string;
}

type Stats = { timings?: { execTotalTime?: number }; samples?: { totalQueryableSamples?: number } };
type Answer = { status: string; error?: string; data?: { result?: unknown[]; stats?: Stats } | string[] };

/** Sends `r` to Prometheus at `url` and measures it. Errors are returned, not thrown. */
export async function measure(url: string, r: BenchRequest): Promise<Measured> {
  const t0 = performance.now();
  let res: Response;
  if (r.kind === 'labels') {
    const qs = new URLSearchParams({ start: String(r.start), end: String(r.end) });
    if (r.expr) {
      qs.set('match[]', r.expr);
    }
    res = await fetch(`${url}/api/v1/label/${encodeURIComponent(r.label ?? '')}/values?${qs}`);
  } else {
    const body = new URLSearchParams({ query: r.expr, stats: 'all' });
    if (r.kind === 'instant') {
      body.set('time', String(r.end));
    } else {
      body.set('start', String(r.start));
      body.set('end', String(r.end));
      body.set('step', String(r.step ?? 15));
    }
    res = await fetch(`${url}/api/v1/${r.kind === 'instant' ? 'query' : 'query_range'}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
  }
  const answer = (await res.json()) as Answer;
  const wall = (performance.now() - t0) / 1000;
  if (answer.status !== 'success') {
    return { seconds: wall, samples: 0, results: 0, error: answer.error ?? `HTTP ${res.status}` };
  }
  if (Array.isArray(answer.data)) {
    return { seconds: wall, samples: 0, results: answer.data.length };
  }
  const stats = answer.data?.stats;
  return {
    seconds: stats?.timings?.execTotalTime ?? wall,
    samples: stats?.samples?.totalQueryableSamples ?? 0,
    results: answer.data?.result?.length ?? 0,
  };
}

/** Median of a non-empty list. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
