/**
 * Findings from verdicts: policy denials (no rule allows: POLICY_DENIED; an explicit deny rule:
 * POLICY_DENY or `*_denied_by`; L7 rules: DROPPED L7 flows; audit mode: AUDIT), other drops (by
 * flow.DropReason, explained by the catalogue), and what was allowed and by which policies.
 */
import { nodeOfEndpoint } from '../endpoint';
import { decidingSide, deniedBy, allowedBy, verdictDirection, type Direction } from './direction';
import { dropReasonInfo, dropReasonName } from './dropReasons';
import { addPort, serverPort, type FlowJson, type PortJson } from './flowJson';
import { addPolicies, newestFlow, policiesText, portsText, type Finding, type PolicyRef } from './report';
import type { Side } from './subject';

/** A group of flows denied by policy at one endpoint in one direction. */
export type DeniedGroup = {
  kind: 'policy-denied' | 'policy-deny-rule';
  audit: boolean;
  direction: Direction;
  /** The side of the flows whose endpoint took the verdict. */
  side: Side;
  /** Service-map id of that endpoint (`ns/workload`, `reserved:host`, ...). */
  endpointId: string;
  dropReason: string | null;
  flows: FlowJson[];
  /** `*_denied_by` of the flows. */
  denied: PolicyRef[];
};

const ALLOWED_VERDICTS = new Set(['FORWARDED', 'REDIRECTED']);

function isPolicyVerdict(f: FlowJson, reason: string | null, direction: Direction): boolean {
  if (f.verdict === 'AUDIT') {
    return true;
  }
  if (f.verdict !== 'DROPPED') {
    return false;
  }
  return reason === 'POLICY_DENIED' || reason === 'POLICY_DENY' || deniedBy(f, direction).length > 0 || f.Type === 'L7';
}

/** Splits the connection flows' drops into policy groups and other drops (by reason and direction). */
export function groupDrops(flows: FlowJson[]): { denied: DeniedGroup[]; other: Map<string, FlowJson[]> } {
  const denied = new Map<string, DeniedGroup>();
  const other = new Map<string, FlowJson[]>();
  for (const f of flows) {
    if (f.verdict !== 'DROPPED' && f.verdict !== 'AUDIT') {
      continue;
    }
    const reason = dropReasonName(f.drop_reason_desc);
    const direction = verdictDirection(f) ?? 'ingress';
    if (!isPolicyVerdict(f, reason, direction)) {
      const key = `${reason ?? 'DROP_REASON_UNKNOWN'}|${verdictDirection(f) ?? ''}`;
      other.set(key, [...(other.get(key) ?? []), f]);
      continue;
    }
    const side = decidingSide(f, direction);
    const endpointId = nodeOfEndpoint(f[side], []).id;
    const rule = reason === 'POLICY_DENY' || deniedBy(f, direction).length > 0;
    const kind = rule ? 'policy-deny-rule' : 'policy-denied';
    const audit = f.verdict === 'AUDIT';
    const key = `${kind}|${audit}|${direction}|${endpointId}|${reason}`;
    let g = denied.get(key);
    if (!g) {
      g = { kind, audit, direction, side, endpointId, dropReason: reason, flows: [], denied: [] };
      denied.set(key, g);
    }
    g.flows.push(f);
    addPolicies(g.denied, deniedBy(f, direction), 'denied', direction);
  }
  return { denied: [...denied.values()], other };
}

/**
 * Policies seen allowing traffic of endpoint `endpointId` in `direction` among `flows` (the policies
 * that select it): from `*_allowed_by` of allowed flows where that endpoint took the verdict.
 */
export function selectingPolicies(flows: FlowJson[], endpointId: string, direction: Direction): PolicyRef[] {
  const refs: PolicyRef[] = [];
  for (const f of flows) {
    if (!ALLOWED_VERDICTS.has(f.verdict ?? '') || verdictDirection(f) !== direction) {
      continue;
    }
    const list = allowedBy(f, direction);
    if (list.length && nodeOfEndpoint(f[decidingSide(f, direction)], []).id === endpointId) {
      addPolicies(refs, list, 'allowed', direction);
    }
  }
  return refs;
}

function portsOf(flows: FlowJson[]): PortJson[] {
  const ports: PortJson[] = [];
  flows.forEach((f) => addPort(ports, serverPort(f)));
  return ports;
}

/** The finding of a denied group; `context` are all flows read (for the policies selecting the endpoint). */
export function deniedFinding(g: DeniedGroup, context: FlowJson[], from: string, to: string): Finding {
  const where = `the ${g.direction} of ${g.endpointId}`;
  const ports = portsOf(g.flows);
  const selecting = selectingPolicies(context, g.endpointId, g.direction);
  const policies = [...g.denied, ...selecting];
  const l7 = g.flows.every((f) => f.Type === 'L7');
  const verb = g.audit ? 'would be denied (policy audit mode)' : 'were denied';
  let summary: string;
  let detail: string;
  let fix: string;
  if (g.kind === 'policy-deny-rule') {
    summary = `${g.flows.length} flows from ${from} to ${to} ${verb} at ${where} by an explicit deny rule${g.denied.length ? ` (${policiesText(g.denied)})` : ''}.`;
    detail = `${dropReasonInfo('POLICY_DENY')!.explanation} Ports: ${portsText(ports)}.`;
    fix = g.denied.length
      ? `Narrow or remove the deny rule in ${policiesText(g.denied)} (\`${g.direction}Deny\`) if ${from} should reach ${to}; an allow rule cannot override it.`
      : dropReasonInfo('POLICY_DENY')!.fix;
  } else if (l7) {
    summary = `${g.flows.length} L7 requests from ${from} to ${to} ${verb} at ${where} by its L7 policy rules.`;
    detail = `The connection is allowed, but the L7 rules (HTTP method/path, DNS names) of the policies selecting ${g.endpointId} match none of these requests; Cilium's proxy answered them itself (HTTP 403, DNS REFUSED).${selecting.length ? ` Policies with rules there: ${policiesText(selecting)}.` : ''}`;
    fix = `Add the requests' method and path (or DNS name) to the L7 rules of ${selecting.length ? policiesText(selecting) : 'the policy selecting the endpoint'} (see the suggested policy), or change the client.`;
  } else {
    const info = dropReasonInfo('POLICY_DENIED')!;
    summary = `${g.flows.length} flows from ${from} to ${to} on ${portsText(ports)} ${verb} at ${where}: no policy rule allows them.`;
    detail = `${info.explanation}${selecting.length ? ` Policies selecting ${g.endpointId} at ${g.direction} (seen allowing other traffic): ${policiesText(selecting)}.` : ''}`;
    fix = info.fix;
  }
  return {
    severity: g.audit ? 'warning' : 'error',
    kind: g.kind,
    summary,
    detail,
    fix,
    direction: g.direction,
    drop_reason: g.dropReason,
    ports,
    policies,
    flows: g.flows.length,
    example_flow: newestFlow(g.flows),
  };
}

/** The finding of other drops with one reason (`key` = "REASON|direction"). */
export function dropFinding(key: string, flows: FlowJson[], from: string, to: string): Finding {
  const [reason, dir] = key.split('|');
  const info = dropReasonInfo(/^\d+$/.test(reason) ? Number(reason) : reason);
  const direction = (dir || null) as Direction | null;
  const ports = portsOf(flows);
  const nodes = [...new Set(flows.map((f) => f.node_name).filter(Boolean))];
  return {
    severity: info?.severity ?? 'error',
    kind: 'drop',
    summary: `${flows.length} flows from ${from} to ${to} were dropped${direction ? ` at ${direction}` : ''}: ${info?.text ?? reason} (${reason}).`,
    detail: `${info?.explanation ?? `Drop reason ${reason} is not in this gateway's catalogue (a Cilium newer than 1.19?).`} Observed on ${nodes.slice(0, 5).join(', ') || 'an unknown node'}; ports ${portsText(ports)}.`,
    fix:
      info?.fix ??
      `Look the reason up in Cilium's documentation for your version; \`cilium-dbg monitor --type drop\` on the node shows the raw events.`,
    direction,
    drop_reason: reason,
    ports,
    policies: [],
    flows: flows.length,
    example_flow: newestFlow(flows),
  };
}

/** One `allowed` finding per direction in which connection flows were forwarded. */
export function allowedFindings(flows: FlowJson[], from: string, to: string): Finding[] {
  const byDir = new Map<Direction | null, FlowJson[]>();
  for (const f of flows) {
    if (ALLOWED_VERDICTS.has(f.verdict ?? '') && !f.is_reply) {
      const d = verdictDirection(f);
      byDir.set(d, [...(byDir.get(d) ?? []), f]);
    }
  }
  const out: Finding[] = [];
  for (const [direction, list] of byDir) {
    const policies: PolicyRef[] = [];
    if (direction) {
      list.forEach((f) => addPolicies(policies, allowedBy(f, direction), 'allowed', direction));
    }
    const ports = portsOf(list);
    const where =
      direction === 'egress' ? `at ${from}'s egress` : direction === 'ingress' ? `at ${to}'s ingress` : 'on the way';
    out.push({
      severity: 'info',
      kind: 'allowed',
      summary: `${list.length} flows from ${from} to ${to} on ${portsText(ports)} were forwarded ${where}${policies.length ? `, allowed by ${policiesText(policies)}` : ''}.`,
      detail: policies.length
        ? `Policy verdicts name the allowing policies: ${policiesText(policies)}.`
        : 'No policy verdict named an allowing policy: no policy selects the endpoint in this direction (so it allows everything), or Hubble reported only trace events for these flows.',
      fix: 'Nothing to change for this traffic.',
      direction,
      drop_reason: null,
      ports,
      policies,
      flows: list.length,
      example_flow: newestFlow(list),
    });
  }
  return out;
}
