import { HubbleFlow } from './types';

/**
 * Shapes of the gateway's answers to "why can't A reach B?" (`GET /api/v1/connectivity`) and of its
 * baseline policies (`GET /api/v1/policy-suggestion`), as hubble-gateway/README.md ("HTTP API")
 * documents them and hubble-gateway/src/connectivity/report.ts and baseline.ts build them.
 */

/** Where a verdict was taken: the ingress of the receiving endpoint or the egress of the sending one. */
export type VerdictDirection = 'ingress' | 'egress';

/** error: traffic is being lost; warning: degraded or about to be; info: context. */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** What a finding is about (the gateway README's table of kinds says when each is reported). */
export type FindingKind =
  'policy-denied' | 'policy-deny-rule' | 'drop' | 'dns' | 'http-errors' | 'tcp-handshake' | 'no-traffic' | 'allowed';

/** A server port of a finding; `port` 0 for ICMP (`protocol` ICMPv4 / ICMPv6). */
export interface FindingPort {
  port: number;
  protocol: string;
}

/**
 * A network policy involved in a finding: from the flows' `*_denied_by` (`effect: denied`) and, for
 * policy findings, the policies seen allowing other traffic of the deciding endpoint in the same
 * direction (`effect: allowed`). Source: flow.Policy of Cilium's flow.proto.
 */
export interface ConnectivityPolicyRef {
  name: string;
  /** "" for cluster-wide policies. */
  namespace: string;
  /** `CiliumNetworkPolicy`, `CiliumClusterwideNetworkPolicy`, `NetworkPolicy`, or "" when Hubble did not say. */
  kind: string;
  effect: 'allowed' | 'denied';
  direction: VerdictDirection | null;
}

/** One finding of the connectivity report; `direction` and `drop_reason` are null when they do not apply. */
export interface ConnectivityFinding {
  severity: FindingSeverity;
  kind: FindingKind;
  /** One sentence. */
  summary: string;
  detail: string;
  /** What to change: the policy, the Helm value, the DNS record, the workload. */
  fix: string;
  direction: VerdictDirection | null;
  /** Hubble's drop reason name (`POLICY_DENIED`, `POLICY_DENY`, ...). */
  drop_reason: string | null;
  ports: FindingPort[];
  policies: ConnectivityPolicyRef[];
  /** Number of flows behind the finding. */
  flows: number;
  /** The newest of those flows, exactly as `/api/v1/flows` prints it. */
  example_flow: HubbleFlow | null;
}

/** DNS answers the `from` side received for a name related to `to`, by query and rcode name (`SERVFAIL`). */
export interface DnsAnswer {
  query: string;
  rcode: string;
  ips: string[];
  responses: number;
}

/** Verdict counts of the flows between the two sides (both directions) in one bucket starting at `time` (RFC 3339). */
export interface TimelinePoint {
  time: string;
  verdicts: Record<string, number>;
}

/** A suggested least-privilege CiliumNetworkPolicy for traffic dropped because no rule allows it. */
export interface SuggestedPolicy {
  /** One or more CiliumNetworkPolicy documents, with a comment header. */
  yaml: string;
  /** false when an explicit deny rule would still drop the traffic; `reason` says which. */
  applies: boolean;
  reason: string | null;
  policies: Array<{ name: string; namespace: string; direction: VerdictDirection }>;
  /** Peers no policy can name (an identity without labels), and why. */
  skipped: Array<{ peer: string; reason: string }>;
}

/** The answer of `GET /api/v1/connectivity`. */
export interface ConnectivityReport {
  /** The sides as the gateway understood them (`star-wars/xwing`, `hooks.ops.internal`, `10.0.1.7`). */
  from: string;
  to: string;
  /** The range analysed (RFC 3339); an open end is the flows' own oldest or newest time. */
  window: { since: string | null; until: string | null };
  flows_analysed: number;
  /** Counts by verdict of flows `from → to` and of flows `to → from` (replies and connections `to` opened). */
  verdicts: { from_to: Record<string, number>; to_from: Record<string, number> };
  /** The same, per bucket of `bucket_seconds` (about 60 over the window; only buckets with flows). */
  timeline: { bucket_seconds: number; points: TimelinePoint[] };
  /** Worst first: error, warning, info; more flows first within a severity. */
  findings: ConnectivityFinding[];
  dns: DnsAnswer[];
  /** null when nothing was denied by policy. */
  suggested_policy: SuggestedPolicy | null;
}

/** The answer of `GET /api/v1/policy-suggestion`: baseline policies of one workload from its allowed flows. */
export interface PolicySuggestion {
  /** `namespace/workload`. */
  workload: string;
  window: { since: string | null; until: string | null };
  /** Allowed request flows the policies cover. */
  flows: number;
  policies: Array<{ name: string; namespace: string; direction: VerdictDirection; peers: number }>;
  /** Both policies as YAML documents ("" when no traffic was seen). */
  yaml: string;
  /** How to roll it out (audit mode first: Helm `policyAuditMode=true`) and what it cannot know. */
  note: string;
  skipped: Array<{ peer: string; reason: string }>;
}
