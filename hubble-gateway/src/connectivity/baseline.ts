/**
 * `GET /api/v1/policy-suggestion`: a baseline ingress and egress CiliumNetworkPolicy for one
 * workload from all its allowed flows (FORWARDED, REDIRECTED, and AUDIT, which policy audit mode
 * let through): each peer by labels with its namespace (`toFQDNs` with a DNS proxy rule for names,
 * CIDRs for other world addresses, entities for host, remote-node, kube-apiserver, ...), the ports
 * and ICMP types seen, and L7 rules (HTTP method/path, DNS names) where L7 visibility showed them.
 * Connections are read from their requests, and only where the workload's own side took the
 * verdict (`verdictDirection`): a request it sent that its egress allowed, a request it received
 * that its ingress allowed. A SYN forwarded by the client's egress and dropped at this workload's
 * ingress is not part of its baseline. Flows without a direction count for both.
 */
import { cnpYaml, policyName, type PolicySpec } from './cnp';
import { verdictDirection } from './direction';
import type { FlowJson } from './flowJson';
import { RuleCollector, workloadSelector } from './peers';
import { SubjectMatcher, type Subject } from './subject';

/** The answer of `/api/v1/policy-suggestion`. */
export type BaselineReport = {
  workload: string;
  window: { since: string | null; until: string | null };
  /** Allowed request flows of the workload that the policies cover. */
  flows: number;
  policies: Array<{ name: string; namespace: string; direction: 'ingress' | 'egress'; peers: number }>;
  /** Both policies as YAML documents ("" when no traffic was seen). */
  yaml: string;
  /** How to roll it out safely, and what it cannot know. */
  note: string;
  skipped: Array<{ peer: string; reason: string }>;
};

const ALLOWED = new Set(['FORWARDED', 'REDIRECTED', 'AUDIT']);

/** Audit-mode advice that goes with every suggestion (Helm value and per-endpoint switch of cilium-agent). */
export const AUDIT_NOTE =
  'Apply it in policy audit mode first: cluster-wide with Helm `policyAuditMode=true` (agent flag `--policy-audit-mode`), or for one endpoint with `cilium-dbg endpoint config <endpoint ID> PolicyAuditMode=Enabled` on its node; then watch for AUDIT verdicts (Flows page, verdict AUDIT, or `hubble observe --verdict AUDIT`) before enforcing.';

/** The baseline policies of `workload` (a `workload` subject) from `flows` in `window`. */
export function suggestBaseline(
  flows: FlowJson[],
  workload: Extract<Subject, { kind: 'workload' }>,
  window: { since: string | null; until: string | null }
): BaselineReport {
  const me = new SubjectMatcher(workload);
  const ingress = new RuleCollector('ingress');
  const egress = new RuleCollector('egress');
  const labelSets: Array<string[] | undefined> = [];
  let used = 0;
  for (const f of flows) {
    if (!ALLOWED.has(f.verdict ?? '') || f.is_reply) {
      continue;
    }
    const dir = verdictDirection(f);
    const out = dir !== 'ingress' && me.matches(f, 'source');
    const into = dir !== 'egress' && me.matches(f, 'destination');
    if (out) {
      egress.add(f, 'destination');
      labelSets.push(f.source?.labels);
    }
    if (into) {
      ingress.add(f, 'source');
      labelSets.push(f.destination?.labels);
    }
    used += out || into ? 1 : 0;
  }
  const selector = workloadSelector(labelSets.slice(0, 200));
  const specs: PolicySpec[] = [];
  const summary: BaselineReport['policies'] = [];
  const built = { ingress: ingress.rules(), egress: egress.rules() };
  const skipped = [...ingress.skipped, ...egress.skipped];
  if (used && Object.keys(selector).length) {
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = built[direction];
      if (!rules.length) {
        continue;
      }
      const name = policyName(workload.name, 'baseline', direction);
      specs.push({
        name,
        namespace: workload.namespace,
        description: `Baseline ${direction} of ${workload.text} from its allowed flows${window.since ? ` between ${window.since} and ${window.until}` : ''}.`,
        selector,
        [direction]: rules,
      });
      summary.push({ name, namespace: workload.namespace, direction, peers: rules.length });
    }
  }
  const missing = (['ingress', 'egress'] as const).filter((d) => !summary.some((p) => p.direction === d));
  const notes = [
    `Derived from ${used} allowed flows${window.since ? ` between ${window.since} and ${window.until}` : ''}: traffic that did not happen in that range (jobs, failover, rare clients) is not covered, and a policy puts the workload into default deny in its direction.`,
    missing.length
      ? `No ${missing.join(' or ')} traffic was seen, so no ${missing.join(' or ')} policy is proposed (one with no rules would deny everything in that direction).`
      : '',
    used && !Object.keys(selector).length ? `The pods of ${workload.text} carry no labels to select them by.` : '',
    AUDIT_NOTE,
  ];
  return {
    workload: workload.text,
    window,
    flows: used,
    policies: summary,
    yaml: specs.length
      ? cnpYaml(
          specs,
          `Baseline policies for ${workload.text}, from observed traffic.\nTry them in policy audit mode before enforcing.`
        )
      : '',
    note: notes.filter(Boolean).join(' '),
    skipped,
  };
}
