import { DataFrame, FieldType, createDataFrame } from '@grafana/data';
import { ConnectivityFinding, ConnectivityReport, PolicySuggestion } from './connectivityTypes';
import { flowTimeMs } from './flowTime';
import { GATEWAY_FRAMES, OBJECT_FIELDS, objectsOf } from './frames';
import { VERDICTS } from './params';

/**
 * The connectivity report and the policy suggestion as data frames (see frames.ts for the
 * convention: readable columns, plus the gateway's objects in an `other` field).
 */

/** At most this many timeline buckets are filled with zeros (the gateway sends about 60). */
const MAX_BUCKETS = 2000;

/** Verdict names in the timeline's field order: VERDICTS first, then any other the gateway reported. */
function verdictNames(report: ConnectivityReport): string[] {
  const seen = new Set(report.timeline.points.flatMap((p) => Object.keys(p.verdicts)));
  return [
    ...VERDICTS.filter((v) => seen.has(v)),
    ...[...seen].filter((v) => !(VERDICTS as readonly string[]).includes(v)).sort(),
  ];
}

/**
 * Bucket start times (epoch ms) from the first to the last bucket with flows, every
 * `bucket_seconds`, so that buckets without flows in between are zeros rather than gaps. Before the
 * first and after the last there is nothing: the gateway may hold no flows there at all (it keeps
 * flows since it started, or as far back as its buffer reaches), which is not the same as none.
 */
function bucketTimes(report: ConnectivityReport): number[] {
  const step = report.timeline.bucket_seconds * 1000;
  const points = report.timeline.points.map((p) => flowTimeMs(p.time)).filter(Number.isFinite);
  if (!points.length || !(step > 0)) {
    return points;
  }
  const first = Math.min(...points);
  const last = Math.max(...points);
  if ((last - first) / step > MAX_BUCKETS) {
    return points;
  }
  const out: number[] = [];
  for (let t = first; t <= last; t += step) {
    out.push(t);
  }
  return out;
}

/** The timeline: `time` (bucket start) and one count field per verdict (`FORWARDED`, `DROPPED`, ...). */
function timelineFrame(refId: string, report: ConnectivityReport): DataFrame {
  const byTime = new Map(report.timeline.points.map((p) => [flowTimeMs(p.time), p.verdicts]));
  const times = bucketTimes(report);
  return createDataFrame({
    refId,
    name: GATEWAY_FRAMES.connectivityTimeline,
    meta: { custom: { bucketSeconds: report.timeline.bucket_seconds } },
    fields: [
      { name: 'time', type: FieldType.time, values: times },
      ...verdictNames(report).map((verdict) => ({
        name: verdict,
        type: FieldType.number,
        values: times.map((t) => byTime.get(t)?.[verdict] ?? 0),
      })),
    ],
  });
}

const portsText = (f: ConnectivityFinding) =>
  f.ports.map((p) => (p.port ? `${p.protocol}/${p.port}` : p.protocol)).join(', ');

function findingsFrame(refId: string, findings: ConnectivityFinding[]): DataFrame {
  const column = (name: string, values: unknown[], type = FieldType.string) => ({ name, type, values });
  return createDataFrame({
    refId,
    name: GATEWAY_FRAMES.connectivityFindings,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      column(
        'severity',
        findings.map((f) => f.severity)
      ),
      column(
        'kind',
        findings.map((f) => f.kind)
      ),
      column(
        'summary',
        findings.map((f) => f.summary)
      ),
      column(
        'direction',
        findings.map((f) => f.direction ?? '')
      ),
      column(
        'drop_reason',
        findings.map((f) => f.drop_reason ?? '')
      ),
      column('ports', findings.map(portsText)),
      column(
        'flows',
        findings.map((f) => f.flows),
        FieldType.number
      ),
      column(
        'fix',
        findings.map((f) => f.fix)
      ),
      column(OBJECT_FIELDS.finding, findings, FieldType.other),
    ],
  });
}

/** Each policy once (namespace, name, effect, direction), with the kinds of the findings that name it. */
export function involvedPolicies(findings: ConnectivityFinding[]) {
  const byKey = new Map<string, ConnectivityFinding['policies'][number] & { findings: string[] }>();
  for (const f of findings) {
    for (const p of f.policies) {
      const key = `${p.namespace}/${p.name}/${p.effect}/${p.direction}`;
      const entry = byKey.get(key) ?? { ...p, findings: [] };
      if (!entry.findings.includes(f.kind)) {
        entry.findings.push(f.kind);
      }
      byKey.set(key, entry);
    }
  }
  // denying policies first: they decided the drops
  return [...byKey.values()].sort((a, b) => (a.effect === b.effect ? 0 : a.effect === 'denied' ? -1 : 1));
}

function policiesFrame(refId: string, findings: ConnectivityFinding[]): DataFrame {
  const policies = involvedPolicies(findings);
  return createDataFrame({
    refId,
    name: GATEWAY_FRAMES.connectivityPolicies,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      {
        name: 'policy',
        type: FieldType.string,
        values: policies.map((p) => (p.namespace ? `${p.namespace}/${p.name}` : p.name)),
      },
      { name: 'kind', type: FieldType.string, values: policies.map((p) => p.kind) },
      { name: 'effect', type: FieldType.string, values: policies.map((p) => p.effect) },
      { name: 'direction', type: FieldType.string, values: policies.map((p) => p.direction ?? '') },
      { name: 'findings', type: FieldType.string, values: policies.map((p) => p.findings.join(', ')) },
    ],
  });
}

function dnsFrame(refId: string, report: ConnectivityReport): DataFrame {
  const { dns } = report;
  return createDataFrame({
    refId,
    name: GATEWAY_FRAMES.connectivityDns,
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'query', type: FieldType.string, values: dns.map((d) => d.query) },
      { name: 'rcode', type: FieldType.string, values: dns.map((d) => d.rcode) },
      { name: 'answers', type: FieldType.string, values: dns.map((d) => d.ips.join(', ')) },
      { name: 'responses', type: FieldType.number, values: dns.map((d) => d.responses) },
    ],
  });
}

/**
 * The connectivity report as frames: `connectivity` (one row: from, to, the window, flows analysed,
 * and `report`, the whole answer), `connectivity-timeline` (time and a count field per verdict,
 * zeros where a bucket between the first and the last with flows had none), `connectivity-findings` (one row per finding, worst first,
 * the finding in `finding`), `connectivity-policies` (each policy involved once) and
 * `connectivity-dns` (the DNS answers).
 */
export function connectivityFrames(refId: string, report: ConnectivityReport): DataFrame[] {
  const row = (type: FieldType, name: string, value: unknown) => ({ name, type, values: [value] });
  return [
    createDataFrame({
      refId,
      name: GATEWAY_FRAMES.connectivity,
      fields: [
        row(FieldType.string, 'from', report.from),
        row(FieldType.string, 'to', report.to),
        row(FieldType.string, 'since', report.window.since ?? ''),
        row(FieldType.string, 'until', report.window.until ?? ''),
        row(FieldType.number, 'flows_analysed', report.flows_analysed),
        row(FieldType.other, OBJECT_FIELDS.report, report),
      ],
    }),
    timelineFrame(refId, report),
    findingsFrame(refId, report.findings),
    policiesFrame(refId, report.findings),
    dnsFrame(refId, report),
  ];
}

/** The connectivity report of a `connectivity` frame, or undefined when the frame is missing. */
export function connectivityReportOf(series: DataFrame[]): ConnectivityReport | undefined {
  return objectsOf<ConnectivityReport>(series, GATEWAY_FRAMES.connectivity, OBJECT_FIELDS.report)[0];
}

/** The policy suggestion frame: one row with the workload, flows, policy names, YAML, note, and `suggestion`. */
export function policySuggestionFrame(refId: string, suggestion: PolicySuggestion): DataFrame {
  const row = (type: FieldType, name: string, value: unknown) => ({ name, type, values: [value] });
  return createDataFrame({
    refId,
    name: GATEWAY_FRAMES.policySuggestion,
    fields: [
      row(FieldType.string, 'workload', suggestion.workload),
      row(FieldType.number, 'flows', suggestion.flows),
      row(FieldType.string, 'policies', suggestion.policies.map((p) => `${p.namespace}/${p.name}`).join(', ')),
      row(FieldType.string, 'yaml', suggestion.yaml),
      row(FieldType.string, 'note', suggestion.note),
      row(FieldType.other, OBJECT_FIELDS.suggestion, suggestion),
    ],
  });
}

/** The policy suggestion of a `policy-suggestion` frame, or undefined when the frame is missing. */
export function policySuggestionOf(series: DataFrame[]): PolicySuggestion | undefined {
  return objectsOf<PolicySuggestion>(series, GATEWAY_FRAMES.policySuggestion, OBJECT_FIELDS.suggestion)[0];
}
