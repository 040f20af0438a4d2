/**
 * "Why can't A reach B?" over flows in the JSON shape of `/api/v1/flows`: a pure function from the
 * flows touching either side to the connectivity report (report.ts): verdict counts and timeline,
 * findings worst first, DNS answers and the suggested policy.
 *
 * Connection flows are those of connections opened by `from` towards `to`: requests from → to and
 * replies to → from (`is_reply`). Connections opened by `to` are counted in `verdicts.to_from` only.
 */
import { dnsFindings, type DnsTarget } from './dnsFindings';
import { flowTimeMs, type FlowJson } from './flowJson';
import { sortFindings, type ConnectivityReport, type Finding, type TimelinePoint } from './report';
import { SubjectMatcher, dnsAnswerIps, workloadName, type Subject } from './subject';
import { suggestPolicy } from './suggest';
import { httpFindings, tcpFindings } from './trafficFindings';
import { allowedFindings, deniedFinding, dropFinding, groupDrops } from './verdictFindings';

/** The analysed time range (RFC 3339); null ends default to the flows' own range. */
export type Window = { since: string | null; until: string | null };

const BUCKETS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

function count(flows: FlowJson[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of flows) {
    const v = f.verdict ?? 'VERDICT_UNKNOWN';
    out[v] = (out[v] ?? 0) + 1;
  }
  return out;
}

/** Verdict counts in about 60 buckets of a step from BUCKETS covering [startMs, endMs]. */
function timeline(flows: FlowJson[], startMs: number, endMs: number): ConnectivityReport['timeline'] {
  if (!flows.length || !Number.isFinite(startMs) || !Number.isFinite(endMs)) {
    return { bucket_seconds: 60, points: [] };
  }
  const span = Math.max(1, (endMs - startMs) / 1000);
  const step = BUCKETS.find((b) => span / b <= 60) ?? 86400;
  const points = new Map<number, TimelinePoint>();
  for (const f of flows) {
    const t = flowTimeMs(f);
    if (!Number.isFinite(t)) {
      continue;
    }
    const b = Math.floor(t / 1000 / step) * step;
    let p = points.get(b);
    if (!p) {
      p = { time: new Date(b * 1000).toISOString().replace('.000Z', 'Z'), verdicts: {} };
      points.set(b, p);
    }
    const v = f.verdict ?? 'VERDICT_UNKNOWN';
    p.verdicts[v] = (p.verdicts[v] ?? 0) + 1;
  }
  return { bucket_seconds: step, points: [...points.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p) };
}

/** What DNS lookups by `from` concern `to`: its name, or the first label of its workload and Services. */
function dnsTarget(to: Subject, fwd: FlowJson[]): DnsTarget | undefined {
  if (to.kind === 'dns') {
    return { name: to.name };
  }
  if (to.kind === 'workload') {
    const labels = new Set([to.name]);
    for (const f of fwd) {
      if (f.destination_service?.name) {
        labels.add(f.destination_service.name);
      }
      const w = workloadName(f.destination);
      if (w) {
        labels.add(w);
      }
    }
    return { firstLabels: [...labels] };
  }
  return undefined;
}

function noTraffic(from: string, to: string, seenFrom: number, seenTo: number, dnsFailed: boolean): Finding {
  const fix = [
    `Check the names and the time range.`,
    seenFrom === 0
      ? `No flow involves ${from} at all: is the name right, are its pods running, and does Hubble run on their nodes (Helm \`hubble.enabled=true\`)?`
      : dnsFailed
        ? `${from} cannot resolve ${to} (see the DNS findings): fix the name first.`
        : `${from} has traffic, just none to ${to}: check the address or name it is configured with (its logs show what it connects to).`,
  ].join(' ');
  return {
    severity: 'warning',
    kind: 'no-traffic',
    summary: `No flows between ${from} and ${to} in the time range.`,
    detail: `Flows involving ${from}: ${seenFrom}; involving ${to}: ${seenTo}.`,
    fix,
    direction: null,
    drop_reason: null,
    ports: [],
    policies: [],
    flows: 0,
    example_flow: null,
  };
}

/**
 * Analyses `flows` (any order; those touching either side in the window, as read by the route) for
 * traffic from `from` to `to`. `seen` are the numbers of flows touching each side when the caller
 * passed only the flows the analysis uses (else they are counted here). Pure: the same input gives
 * the same report.
 */
export function analyzeConnectivity(
  flows: FlowJson[],
  from: Subject,
  to: Subject,
  window: Window,
  seen?: { from: number; to: number }
): ConnectivityReport {
  const fromM = new SubjectMatcher(from, from.kind === 'dns' ? dnsAnswerIps(flows, from.name) : undefined);
  const toM = new SubjectMatcher(to, to.kind === 'dns' ? dnsAnswerIps(flows, to.name) : undefined);
  const fwd: FlowJson[] = [];
  const rev: FlowJson[] = [];
  const dns: FlowJson[] = [];
  let seenFrom = 0;
  let seenTo = 0;
  for (const f of flows) {
    const fromSrc = fromM.matches(f, 'source');
    const fromDst = fromM.matches(f, 'destination');
    const toSrc = toM.matches(f, 'source');
    const toDst = toM.matches(f, 'destination');
    seenFrom += fromSrc || fromDst ? 1 : 0;
    seenTo += toSrc || toDst ? 1 : 0;
    if (fromSrc && toDst) {
      fwd.push(f);
    } else if (toSrc && fromDst) {
      rev.push(f);
    } else if (f.l7?.dns && (f.l7.type === 'REQUEST' ? fromSrc : fromDst)) {
      dns.push(f);
    }
  }
  const conn = [...fwd.filter((f) => !f.is_reply), ...rev.filter((f) => f.is_reply)];
  const fromText = from.text;
  const toText = to.text;
  const [oldestMs, newestMs] = flows.reduce(
    ([lo, hi], f) => {
      const t = flowTimeMs(f);
      return Number.isFinite(t) ? [Math.min(lo, t), Math.max(hi, t)] : [lo, hi];
    },
    [Infinity, -Infinity]
  );
  const since = window.since ?? (Number.isFinite(oldestMs) ? new Date(oldestMs).toISOString() : null);
  const until = window.until ?? (Number.isFinite(newestMs) ? new Date(newestMs).toISOString() : null);

  const findings: Finding[] = [];
  const { denied, other } = groupDrops(conn);
  denied.forEach((g) => findings.push(deniedFinding(g, flows, fromText, toText)));
  other.forEach((list, key) => findings.push(dropFinding(key, list, fromText, toText)));
  const target = dnsTarget(to, fwd);
  const dnsResult = target ? dnsFindings(dns, target, fromText) : { answers: [], findings: [] };
  findings.push(...dnsResult.findings);
  findings.push(...httpFindings(conn, fromText, toText));
  findings.push(...tcpFindings(conn, newestMs, fromText, toText));
  findings.push(...allowedFindings(conn, fromText, toText));
  if (!conn.length) {
    findings.push(
      noTraffic(fromText, toText, seen?.from ?? seenFrom, seen?.to ?? seenTo, dnsResult.findings.length > 0)
    );
  }
  const pair = [...fwd, ...rev];
  return {
    from: fromText,
    to: toText,
    window: { since, until },
    flows_analysed: flows.length,
    verdicts: { from_to: count(fwd), to_from: count(rev) },
    timeline: timeline(pair, since ? Date.parse(since) : NaN, until ? Date.parse(until) : NaN),
    findings: sortFindings(findings),
    dns: dnsResult.answers,
    suggested_policy: suggestPolicy(denied, { since, until }),
  };
}
