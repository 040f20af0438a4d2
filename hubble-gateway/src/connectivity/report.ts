/**
 * The answer of `GET /api/v1/connectivity` (documented in README.md "HTTP API") and the helpers
 * that build its findings.
 */
import type { Direction } from './direction';
import type { FlowJson, PolicyJson, PortJson } from './flowJson';

/** error: traffic is being lost; warning: degraded or about to be; info: context. */
export type Severity = 'error' | 'warning' | 'info';

/** What a finding is about (README "GET /api/v1/connectivity" lists what each means). */
export type FindingKind =
  'policy-denied' | 'policy-deny-rule' | 'drop' | 'dns' | 'http-errors' | 'tcp-handshake' | 'no-traffic' | 'allowed';

/** A network policy involved in a finding: from `*_allowed_by` / `*_denied_by` (flow.Policy). */
export type PolicyRef = {
  name: string;
  namespace: string;
  kind: string;
  effect: 'allowed' | 'denied';
  /** Where the policy took its verdicts. */
  direction: Direction | null;
};

/** One finding. `direction` and `drop_reason` are null when they do not apply. */
export type Finding = {
  severity: Severity;
  kind: FindingKind;
  /** One sentence. */
  summary: string;
  detail: string;
  /** What to change: the policy, the Helm value, the DNS record, the workload. */
  fix: string;
  /** Where the verdict was taken (ingress of the receiving endpoint, egress of the sending one). */
  direction: Direction | null;
  /** Hubble's `drop_reason_desc` name, e.g. POLICY_DENIED. */
  drop_reason: string | null;
  ports: PortJson[];
  policies: PolicyRef[];
  /** Number of flows behind the finding. */
  flows: number;
  /** The newest of those flows, exactly as `/api/v1/flows` prints it. */
  example_flow: FlowJson | null;
};

/** A DNS answer the `from` side received for a name related to `to`. */
export type DnsAnswer = { query: string; rcode: string; ips: string[]; responses: number };

/** Verdict counts per time bucket. `time` is the bucket start (RFC 3339). */
export type TimelinePoint = { time: string; verdicts: Record<string, number> };

/** The suggested policy: YAML of one or more CiliumNetworkPolicies. */
export type SuggestedPolicy = {
  yaml: string;
  /** false when an explicit deny rule would still drop the traffic; `reason` says which. */
  applies: boolean;
  reason: string | null;
  policies: Array<{ name: string; namespace: string; direction: Direction }>;
  /** Peers that no policy can name, and why. */
  skipped: Array<{ peer: string; reason: string }>;
};

/** The whole answer. */
export type ConnectivityReport = {
  from: string;
  to: string;
  window: { since: string | null; until: string | null };
  /** Flows the analysis read: those between the two sides, DNS flows of `from`, policy verdicts of either side. */
  flows_analysed: number;
  /** Counts by verdict of flows `from → to` and of flows `to → from` (replies and connections opened by `to`). */
  verdicts: { from_to: Record<string, number>; to_from: Record<string, number> };
  timeline: { bucket_seconds: number; points: TimelinePoint[] };
  /** Worst first: error, warning, info; more flows first within a severity. */
  findings: Finding[];
  dns: DnsAnswer[];
  suggested_policy: SuggestedPolicy | null;
};

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Sorts findings worst first (severity, then flows, then kind). */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || b.flows - a.flows || a.kind.localeCompare(b.kind)
  );
}

/** The newest flow of `flows` (by `time` text, which sorts as time for one format), or null. */
export function newestFlow(flows: FlowJson[]): FlowJson | null {
  let best: FlowJson | null = null;
  let bestMs = -Infinity;
  for (const f of flows) {
    const ms = f.time ? Date.parse(f.time) : NaN;
    if (best === null || ms > bestMs) {
      best = f;
      bestMs = ms;
    }
  }
  return best;
}

/** Adds the policies of `list` with `effect` to `refs` (deduplicated by namespace, name and direction). */
export function addPolicies(
  refs: PolicyRef[],
  list: PolicyJson[] | undefined,
  effect: PolicyRef['effect'],
  direction: Direction | null
): void {
  for (const p of list ?? []) {
    const ref: PolicyRef = {
      name: p.name ?? '',
      namespace: p.namespace ?? '',
      kind: p.kind ?? '',
      effect,
      direction,
    };
    if (
      !refs.some(
        (r) => r.name === ref.name && r.namespace === ref.namespace && r.effect === effect && r.direction === direction
      )
    ) {
      refs.push(ref);
    }
  }
}

/** "TCP/80, UDP/53" */
export function portsText(ports: PortJson[]): string {
  return ports.map((p) => (p.port ? `${p.protocol}/${p.port}` : p.protocol)).join(', ') || 'no L4 ports';
}

/** "ns/name" of each policy, joined. */
export function policiesText(refs: PolicyRef[]): string {
  return refs.map((r) => (r.namespace ? `${r.namespace}/${r.name}` : r.name)).join(', ');
}
