/**
 * Checks that the demo cluster's scripted faults make the matching alert templates fire in
 * preview: each template's full expression (`(query) op threshold`, default parameters) is
 * evaluated against a real Prometheus fed by the demo, over the backfilled history (range query,
 * one step per minute = one preview per minute), and must return the faulty object's series at
 * some point; the first such moment is then checked again with an instant query, exactly as the
 * Alerts page's preview asks.
 *
 * Run through `npm run test:alerts:demo` (scripts/test-alert-faults.sh), which starts Prometheus
 * with `demo-cluster/scripts/with-prometheus.ts` and sets PROMETHEUS_URL.
 * Env: PROMETHEUS_URL (required), HISTORY_HOURS (default 2).
 */
import { findTemplate } from '../src/alerting/catalogue';
import { buildExpression } from '../src/alerting/expr';

interface FaultCheck {
  fault: string;
  templateId: string;
  /** labels the firing series must carry (subset) */
  labels?: Record<string, string>;
}

// Fault → template, with the objects demo-cluster/src/sim/faults.ts names.
const CHECKS: FaultCheck[] = [
  { fault: 'crash-looping pod', templateId: 'k8s-pod-crash-looping' },
  { fault: 'node memory pressure', templateId: 'k8s-node-memory-pressure', labels: { node: 'kind-worker3' } },
  {
    fault: 'BPF map pressure > 0.9',
    templateId: 'cilium-bpf-map-pressure',
    labels: { node: 'kind-worker2', map_name: 'cilium_ct4_global' },
  },
  { fault: 'policy drops', templateId: 'cilium-policy-denied-drops' },
  { fault: 'DNS NXDOMAIN', templateId: 'hubble-dns-error-ratio' },
  { fault: 'HTTP 5xx', templateId: 'hubble-http-5xx-ratio' },
  { fault: 'replicas unavailable', templateId: 'k8s-deployment-replicas-mismatch' },
];

interface Series {
  metric: Record<string, string>;
  values?: Array<[number, string]>;
  value?: [number, string];
}

async function query(base: string, path: string, params: Record<string, string>): Promise<Series[]> {
  const url = new URL(path, base);
  for (const [k, v] of Object.entries(params)) {
    url.searchParams.set(k, v);
  }
  const res = await fetch(url);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: Series[] } };
  if (body.status !== 'success') {
    throw new Error(`${path}: ${body.error ?? res.status}`);
  }
  return body.data?.result ?? [];
}

function matches(series: Series, labels: Record<string, string> = {}): boolean {
  return Object.entries(labels).every(([k, v]) => series.metric[k] === v);
}

async function check(base: string, c: FaultCheck, start: number, end: number): Promise<string> {
  const template = findTemplate(c.templateId);
  if (!template) {
    throw new Error(`no template ${c.templateId}`);
  }
  const expr = buildExpression(template).expr;
  const range = (
    await query(base, 'api/v1/query_range', { query: expr, start: String(start), end: String(end), step: '60' })
  ).filter((s) => matches(s, c.labels));
  const first = range.flatMap((s) => (s.values ?? []).map(([t]) => t)).sort((a, b) => a - b)[0];
  if (first === undefined) {
    throw new Error(
      `${template.alert} returned no${c.labels ? ` ${JSON.stringify(c.labels)}` : ''} series in the demo history: ${expr}`
    );
  }
  const instant = (await query(base, 'api/v1/query', { query: expr, time: String(first) })).filter((s) =>
    matches(s, c.labels)
  );
  if (instant.length === 0) {
    throw new Error(`${template.alert}: the instant query at ${new Date(first * 1000).toISOString()} returned nothing`);
  }
  const s = instant[0];
  return `${template.alert} fires at ${new Date(first * 1000).toISOString()} with ${JSON.stringify(s.metric)} = ${s.value?.[1]}`;
}

async function main() {
  const base = process.env.PROMETHEUS_URL;
  if (!base) {
    console.error('PROMETHEUS_URL is not set: run `npm run test:alerts:demo`');
    process.exit(2);
  }
  const end = Math.floor(Date.now() / 1000);
  const start = end - Number(process.env.HISTORY_HOURS ?? 2) * 3600 + 600;
  let passed = 0;
  let failed = 0;
  for (const c of CHECKS) {
    try {
      console.log(`ok   ${c.fault}: ${await check(base.endsWith('/') ? base : `${base}/`, c, start, end)}`);
      passed++;
    } catch (e) {
      console.log(`FAIL ${c.fault}: ${(e as Error).message}`);
      failed++;
    }
  }
  console.log(`alert faults: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
