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
/**
 * The Network page shows in one view what Cilium spreads over its Hubble dashboards (the Hubble
 * overview, L7 HTTP by workload, DNS and network overview by namespace): it is also compared with
 * all of them together, as `hubble-*.json` in the dashboards' folder.
 */
const ALL_HUBBLE = 'all hubble-*.json';

function hubbleDashboards(byName: Map<string, Table>): Table | undefined {
  const all = [...byName.values()].filter((t) => /^hubble-.*\.json$/.test(t.name));
  return all.length ? { name: ALL_HUBBLE, rows: all.flatMap((t) => t.rows) } : undefined;
}
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

/** One issue-11 target: what, met or not, the measured value. */
export type TargetCheck = { label: string; ok: boolean; detail: string };

/** The issue-11 targets for one pass (`suffix` '' = raw queries, RULES_SUFFIX = recording rules). */
export function targetChecks(byName: Map<string, Table>, suffix: string): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const cluster = byName.get(`cluster${suffix}`);
  if (cluster) {
    checks.push({ label: 'Cluster page ≤ 3 s', ok: total(cluster) <= 3, detail: `${total(cluster).toFixed(3)} s` });
  }
  for (const d of DRILLDOWNS) {
    const t = byName.get(`${d}${suffix}`);
    if (t) {
      checks.push({ label: `${d} ≤ 1 s`, ok: total(t) <= 1, detail: `${total(t).toFixed(3)} s` });
    }
  }
  for (const [page, theirs] of [
    ['cilium', byName.get(COUNTERPARTS.cilium)],
    ['network', byName.get(COUNTERPARTS.network)],
    ['network', hubbleDashboards(byName)],
  ] as const) {
    const ours = byName.get(`${page}${suffix}`);
    if (ours && theirs) {
      const ratio = total(ours) / total(theirs);
      checks.push({
        label: `${page} ≤ 1.0× ${theirs.name}`,
        ok: ratio <= 1,
        detail: `${ratio.toFixed(2)}× (${total(ours).toFixed(3)} s against ${total(theirs).toFixed(3)} s)`,
      });
    }
  }
  return checks;
}

/** Prints every table (with its counterpart's ratio), then the targets for each pass (raw, recording rules). */
export function printReport(byName: Map<string, Table>, suffixes: string[], slowest = 6): void {
  for (const t of byName.values()) {
    const base = t.name.replace(RULES_SUFFIX, '');
    printTable(t, COUNTERPARTS[base] ? byName.get(COUNTERPARTS[base]) : undefined, slowest);
  }
  for (const suffix of suffixes) {
    console.log(`\n# Targets (issue 11)${suffix || ' [raw queries]'}`);
    for (const c of targetChecks(byName, suffix)) {
      console.log(`  ${c.ok ? 'MET ' : 'MISS'} ${c.label}: ${c.detail}`);
    }
    if (!byName.has(COUNTERPARTS.cilium)) {
      console.log("  n/a  Cilium and Network pages against Cilium's dashboards: not given (--cilium-dashboards)");
    }
  }
}

/** What the Markdown report says about the run (README "Large clusters"). */
export interface RunFacts {
  nodes: number;
  pods: number;
  namespaces: number;
  workloads: number;
  series: number;
  hubbleMetrics: string;
  runs: number;
  /** Load average (1 min) before and after each pass, as printed while measuring. */
  loads: string[];
  command: string;
  /** The passes measured: '' (raw queries) and RULES_SUFFIX (recording rules) unless --no-recording-rules. */
  passes: string[];
}

const seconds = (s: number) => (s >= 10 ? `${s.toFixed(1)} s` : s >= 1 ? `${s.toFixed(2)} s` : `${s.toFixed(3)} s`);

function slowestRow(t: Table): string {
  const r = [...t.rows].sort((a, b) => median(b.runs.map((m) => m.seconds)) - median(a.runs.map((m) => m.seconds)))[0];
  if (!r) {
    return '';
  }
  const samples = median(r.runs.map((m) => m.samples));
  const what = `${r.request.kind} ${r.request.source}`.replace(/\|/g, '/');
  return `${what}, ${seconds(median(r.runs.map((m) => m.seconds)))}${samples >= 1e5 ? ` (${(samples / 1e6).toFixed(1)} M samples)` : ''}`;
}

/**
 * The run as Markdown, ready for README.md: one row per page (requests, total raw and with recording
 * rules, the ratio to its Cilium counterpart, the slowest raw request), then each Cilium dashboard's
 * total, then the targets. Totals are sums of per-request medians of Prometheus' execTotalTime.
 */
export function markdownReport(byName: Map<string, Table>, facts: RunFacts): string {
  const pages = [...byName.values()].filter((t) => !t.name.endsWith('.json') && !t.name.endsWith(RULES_SUFFIX));
  const dashboards = [...byName.values()].filter((t) => t.name.endsWith('.json'));
  const allHubble = hubbleDashboards(byName);
  const ratio = (t: Table | undefined, page: string) => {
    const theirs = COUNTERPARTS[page] ? byName.get(COUNTERPARTS[page]) : undefined;
    return t && theirs ? `${(total(t) / total(theirs)).toFixed(2)}×` : '';
  };
  const lines = [
    `${facts.nodes} nodes, Hubble metrics \`${facts.hubbleMetrics}\`: ${facts.pods} pods, ${facts.namespaces} namespaces, ` +
      `${facts.workloads} workloads, ${facts.series} series; median of ${facts.runs}; load average (1 min) while measuring: ${facts.loads.join(', ')}.`,
    `Command: \`${facts.command}\`.`,
    '',
    '| page (default view) | requests | raw queries | with recording rules | ratio to Cilium (raw / rules) | slowest raw request |',
    '| --- | ---: | ---: | ---: | --- | --- |',
  ];
  for (const t of pages) {
    const rules = byName.get(`${t.name}${RULES_SUFFIX}`);
    const counterpart = COUNTERPARTS[t.name];
    const r = counterpart ? `${ratio(t, t.name)} / ${ratio(rules, t.name) || '–'} of \`${counterpart}\`` : '';
    lines.push(
      `| ${t.name} | ${t.rows.length} | ${seconds(total(t))} | ${rules ? seconds(total(rules)) : '–'} | ${r} | ${slowestRow(t)} |`
    );
  }
  if (dashboards.length) {
    lines.push('', "| Cilium's dashboard (at the pages' range) | requests | Prometheus time | slowest request |");
    lines.push('| --- | ---: | ---: | --- |');
    for (const t of allHubble ? [...dashboards, allHubble] : dashboards) {
      lines.push(`| \`${t.name}\` | ${t.rows.length} | ${seconds(total(t))} | ${slowestRow(t)} |`);
    }
  }
  const variables = pages.flatMap((t) =>
    t.rows
      // the variables that list nodes, namespaces, workloads: more than one value
      .filter((r) => r.request.kind === 'labels' && median(r.runs.map((m) => m.results)) > 1)
      .map((r) => ({ page: t.name, r }))
  );
  if (variables.length) {
    lines.push(
      '',
      "| variable (label values, the pages' raw pass) | page | values | round trip |",
      '| --- | --- | ---: | ---: |'
    );
    for (const { page, r } of variables.sort(
      (a, b) => median(b.r.runs.map((m) => m.results)) - median(a.r.runs.map((m) => m.results))
    )) {
      const values = median(r.runs.map((m) => m.results));
      const what = `label_values(${r.request.expr ? `${r.request.expr}, ` : ''}${r.request.label})`;
      lines.push(
        `| \`${what.replace(/\|/g, '\\|')}\` | ${page} | ${values} | ${seconds(median(r.runs.map((m) => m.seconds)))} |`
      );
    }
  }
  for (const suffix of facts.passes) {
    lines.push('', `Targets${suffix ? ' with recording rules' : ', raw queries'}:`, '');
    for (const c of targetChecks(byName, suffix)) {
      lines.push(`- ${c.ok ? 'met' : '**missed**'}: ${c.label}: ${c.detail}`);
    }
  }
  return lines.join('\n') + '\n';
}
