/**
 * How `npm run bench:pages` prints what it measured: a table per page or dashboard (total = sum of
 * per-request medians, the slowest requests with the samples Prometheus loaded, the ratio to the
 * Cilium counterpart), then the issue-11 targets as MET or MISS.
 */
import { BenchRequest, Measured, median } from './requests';

/** One request and its measurements, one per run. */
export type Row = { request: BenchRequest; runs: Measured[] };
/** A page's (or a dashboard's) requests. */
export type Table = { name: string; rows: Row[] };

/** Our page ↔ the Cilium dashboard it is compared with (issue 11: Cilium and Network ≤ 1.0×). */
export const COUNTERPARTS: Record<string, string> = {
  cilium: 'cilium-dashboard.json',
  'cilium/operator': 'cilium-operator-dashboard.json',
  network: 'hubble-dashboard.json',
};
/** Suffix of the tables measured after the recording rules' series were written. */
export const RULES_SUFFIX = ' [recording rules]';
const DRILLDOWNS = [
  'cluster/namespace/:namespace',
  'cluster/namespace/:namespace/workload/:kind/:workload',
  'cluster/namespace/:namespace/pod/:pod',
  'cluster/node/:node',
];

/** Seconds: the sum over requests of each request's median. */
export function total(t: Table): number {
  return t.rows.reduce((s, r) => s + median(r.runs.map((m) => m.seconds)), 0);
}

function describe(r: Row): string {
  const what = r.request.kind === 'labels' ? `label_values(${r.request.expr}, ${r.request.label})` : r.request.expr;
  return `${r.request.kind.padEnd(7)} ${r.request.source.slice(0, 32).padEnd(32)} ${what.replace(/\s+/g, ' ').slice(0, 110)}`;
}

/** Prints one table: total, requests, ratio to its counterpart, the `slowest` slowest requests, errors. */
export function printTable(t: Table, counterpart?: Table, slowest = 6): void {
  const secs = total(t);
  const ratio = counterpart
    ? ` | ${counterpart.name}: ${total(counterpart).toFixed(3)} s, ratio ${(secs / total(counterpart)).toFixed(2)}×`
    : '';
  console.log(`\n## ${t.name}: ${secs.toFixed(3)} s Prometheus time, ${t.rows.length} requests${ratio}`);
  const errors = t.rows.filter((r) => r.runs.some((m) => m.error));
  const empty = t.rows.filter((r) => r.request.kind !== 'labels' && r.runs.every((m) => !m.error && m.results === 0));
  if (empty.length) {
    console.log(`  ${empty.length} of ${t.rows.length} requests returned no series`);
  }
  const bySeconds = [...t.rows].sort(
    (a, b) => median(b.runs.map((m) => m.seconds)) - median(a.runs.map((m) => m.seconds))
  );
  for (const r of bySeconds.slice(0, slowest)) {
    const s = median(r.runs.map((m) => m.seconds));
    const samples = median(r.runs.map((m) => m.samples));
    const series = median(r.runs.map((m) => m.results));
    console.log(
      `  ${(s * 1000).toFixed(0).padStart(6)} ms ${String(samples).padStart(11)} samples ${String(series).padStart(6)} series  ${describe(r)}`
    );
  }
  for (const r of errors) {
    console.log(`  ERROR ${r.runs.find((m) => m.error)?.error}: ${describe(r)}`);
  }
}

/** Prints every table (with its counterpart's ratio), then the targets for each pass (raw, recording rules). */
export function printReport(byName: Map<string, Table>, suffixes: string[], slowest = 6): void {
  for (const t of byName.values()) {
    const base = t.name.replace(RULES_SUFFIX, '');
    printTable(t, COUNTERPARTS[base] ? byName.get(COUNTERPARTS[base]) : undefined, slowest);
  }
  for (const suffix of suffixes) {
    console.log(`\n# Targets (issue 11)${suffix || ' [raw queries]'}`);
    const check = (label: string, ok: boolean, detail: string) =>
      console.log(`  ${ok ? 'MET ' : 'MISS'} ${label}: ${detail}`);
    const cluster = byName.get(`cluster${suffix}`);
    if (cluster) {
      check('Cluster page ≤ 3 s', total(cluster) <= 3, `${total(cluster).toFixed(3)} s`);
    }
    for (const d of DRILLDOWNS) {
      const t = byName.get(`${d}${suffix}`);
      if (t) {
        check(`${d} ≤ 1 s`, total(t) <= 1, `${total(t).toFixed(3)} s`);
      }
    }
    for (const page of ['cilium', 'network']) {
      const ours = byName.get(`${page}${suffix}`);
      const theirs = byName.get(COUNTERPARTS[page]);
      if (ours && theirs) {
        const ratio = total(ours) / total(theirs);
        check(`${page} ≤ 1.0× ${COUNTERPARTS[page]}`, ratio <= 1, `${ratio.toFixed(2)}×`);
      } else {
        console.log(`  n/a  ${page} ≤ 1.0× ${COUNTERPARTS[page]}: Cilium's dashboard not given`);
      }
    }
  }
}
