/**
 * The least-privilege CiliumNetworkPolicy that would allow traffic dropped for lack of an allow
 * rule: in the namespace of the endpoint that dropped it, selecting that endpoint by its workload's
 * labels, allowing exactly the peer (by labels with its namespace, `toFQDNs` / CIDR for the world)
 * on the ports, ICMP types and HTTP methods/paths observed in the dropped flows.
 *
 * Cilium policies add up (a connection is allowed when any rule allows it) except for deny rules,
 * which win over every allow rule (Cilium docs "Deny Policies"): when the flows show a deny rule
 * (`*_denied_by`, POLICY_DENY), the suggestion is marked `applies: false` with that reason.
 */
import { cnpYaml, policyName, type PolicySpec } from './cnp';
import type { Direction } from './direction';
import { RuleCollector, workloadSelector } from './peers';
import { policiesText, type SuggestedPolicy } from './report';
import type { Side } from './subject';
import type { DeniedGroup } from './verdictFindings';

const other = (s: Side): Side => (s === 'source' ? 'destination' : 'source');

function peerName(g: DeniedGroup): string {
  const f = g.flows[0];
  const ep = f[other(g.side)];
  const names = g.side === 'source' ? f.destination_names : f.source_names;
  return (
    ep?.workloads?.[0]?.name ??
    ep?.pod_name ??
    names?.[0] ??
    (g.side === 'source' ? f.IP?.destination : f.IP?.source) ??
    'peer'
  );
}

/**
 * The suggestion for the denied groups of one connectivity question, or null when none was denied.
 * `window` is the analysed range (for the header comment).
 */
export function suggestPolicy(
  groups: DeniedGroup[],
  window: { since: string | null; until: string | null }
): SuggestedPolicy | null {
  if (!groups.length) {
    return null;
  }
  const specs: PolicySpec[] = [];
  const skipped: SuggestedPolicy['skipped'] = [];
  const byEndpoint = new Map<string, DeniedGroup[]>();
  for (const g of groups) {
    const key = `${g.endpointId}|${g.direction}`;
    byEndpoint.set(key, [...(byEndpoint.get(key) ?? []), g]);
  }
  for (const list of byEndpoint.values()) {
    const { endpointId, direction, side } = list[0];
    const flows = list.flatMap((g) => g.flows);
    const ep = flows[0][side];
    if (!ep?.namespace || !ep.pod_name) {
      skipped.push({
        peer: endpointId,
        reason:
          'the endpoint that dropped the traffic is not a pod: policies for hosts are CiliumClusterwideNetworkPolicies with a nodeSelector (host firewall)',
      });
      continue;
    }
    const selector = workloadSelector(flows.map((f) => f[side]?.labels));
    if (!Object.keys(selector).length) {
      skipped.push({ peer: endpointId, reason: 'its pods carry no labels common to the workload to select it by' });
      continue;
    }
    const rules = new RuleCollector(direction);
    flows.forEach((f) => rules.add(f, other(side)));
    skipped.push(...rules.skipped);
    const built = rules.rules();
    if (!built.length) {
      continue;
    }
    const self = endpointId.split('/').pop()!;
    const peer = peerName(list[0]);
    specs.push({
      name: direction === 'ingress' ? policyName('allow', peer, 'to', self) : policyName('allow', self, 'to', peer),
      namespace: ep.namespace,
      description: `Allows the ${direction} traffic between ${endpointId} and ${peer} that Hubble saw dropped (${list[0].dropReason ?? 'policy'}).`,
      selector,
      [direction]: built,
    });
  }
  if (!specs.length) {
    return {
      yaml: '',
      applies: false,
      reason: skipped.map((s) => `${s.peer}: ${s.reason}`).join('; '),
      policies: [],
      skipped,
    };
  }
  const denyRules = groups.filter((g) => g.kind === 'policy-deny-rule');
  const flows = groups.reduce((n, g) => n + g.flows.length, 0);
  const comment = [
    `Suggested from ${flows} denied flows${window.since ? ` between ${window.since} and ${window.until}` : ''}.`,
    'Allows exactly the observed peer, ports and L7 requests. Review it, and try it with policy',
    'audit mode first (Helm policyAuditMode=true) before enforcing.',
  ].join('\n');
  const reason = denyRules.length
    ? `An explicit deny rule matches this traffic (${denyRules
        .map((g) => `${g.direction} of ${g.endpointId}${g.denied.length ? `: ${policiesText(g.denied)}` : ''}`)
        .join(
          '; '
        )}). Deny rules take precedence over allow rules in Cilium, so this policy would not let the traffic through until that rule is narrowed or removed.`
    : null;
  return {
    yaml: cnpYaml(specs, comment),
    applies: denyRules.length === 0,
    reason,
    policies: specs.map((s) => ({
      name: s.name,
      namespace: s.namespace,
      direction: (s.ingress ? 'ingress' : 'egress') as Direction,
    })),
    skipped,
  };
}
