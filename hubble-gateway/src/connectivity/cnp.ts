/**
 * CiliumNetworkPolicy (cilium.io/v2) objects and their YAML, built from what flows showed: the
 * selected endpoint by its labels, and per peer the ports, ICMP types and L7 rules observed.
 *
 * Facts (the CRD's openAPIV3Schema, ../shared/reference/cilium-1.19/ciliumnetworkpolicies.yaml):
 * `toPorts[].ports[]` is `{port: "<number>", protocol: TCP|UDP|SCTP|ANY}` (at most 40); ICMP is
 * matched by `icmps[].fields[] {type, family}`, never in `toPorts`; `toFQDNs` may not share an egress
 * rule with other `to*` selectors; a `toFQDNs` rule needs an egress rule allowing DNS with `rules.dns`
 * so that the DNS proxy learns the names' addresses (Cilium docs "DNS based" policies).
 */
import { Document } from 'yaml';
import type { PortJson } from './flowJson';

/** The peer of a rule. `labels` are matchLabels keys as Cilium takes them (`app`, `k8s:io.kubernetes.pod.namespace`). */
export type Peer =
  | { kind: 'endpoints'; labels: Record<string, string> }
  | { kind: 'entity'; entity: string }
  | { kind: 'fqdn'; names: string[] }
  | { kind: 'cidr'; cidrs: string[] };

/** An HTTP rule: method and path (a regular expression, as Cilium matches `path`). */
export type HttpRule = { method: string; path: string };

/** One allow rule: a peer, the ports (ICMP entries become `icmps`), optional L7 rules. */
export type PolicyRule = {
  peer: Peer;
  ports: PortJson[];
  /** ICMP types seen (EchoRequest 8 / 128), by family. */
  icmpTypes?: Array<{ type: number; family: 'IPv4' | 'IPv6' }>;
  /** HTTP rules for the TCP ports of this rule. */
  http?: HttpRule[];
  /** DNS names for `rules.dns` on port 53 (`*` = matchPattern "*"). */
  dns?: string[];
};

/** A policy to render. `selector` is the matchLabels of the selected endpoints. */
export type PolicySpec = {
  name: string;
  namespace: string;
  description: string;
  selector: Record<string, string>;
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
};

/** The namespace label Cilium attaches to every pod endpoint (selects peers across namespaces). */
export const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace';

const MAX_PORTS = 40; // CRD: toPorts[].ports maxItems

/** A DNS-1123 name (≤ 253) from parts: lower case, other characters as '-'. */
export function policyName(...parts: string[]): string {
  const name = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return name.slice(0, 253).replace(/[-.]+$/, '') || 'suggested';
}

/** Escapes an observed URL path for Cilium's `path` (a regular expression). */
export function pathRegex(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function peerFields(peer: Peer, dir: 'ingress' | 'egress'): Record<string, unknown> {
  const pre = dir === 'ingress' ? 'from' : 'to';
  switch (peer.kind) {
    case 'endpoints':
      return { [`${pre}Endpoints`]: [{ matchLabels: peer.labels }] };
    case 'entity':
      return { [`${pre}Entities`]: [peer.entity] };
    case 'cidr':
      return { [`${pre}CIDR`]: peer.cidrs };
    case 'fqdn':
      return { toFQDNs: peer.names.map((matchName) => ({ matchName })) };
  }
}

function portEntry(p: PortJson): { port: string; protocol: string } {
  return { port: String(p.port), protocol: p.protocol };
}

function toPorts(rule: PolicyRule): Array<Record<string, unknown>> {
  const l4 = rule.ports.filter((p) => p.protocol !== 'ICMPv4' && p.protocol !== 'ICMPv6' && p.port > 0);
  if (l4.length === 0) {
    return [];
  }
  const out: Array<Record<string, unknown>> = [];
  const plain: PortJson[] = [];
  for (const p of l4) {
    if (rule.http?.length && p.protocol === 'TCP') {
      out.push({ ports: [portEntry(p)], rules: { http: rule.http.map((h) => ({ method: h.method, path: h.path })) } });
    } else if (rule.dns?.length && p.port === 53) {
      const dns = rule.dns.map((n) => (n === '*' ? { matchPattern: '*' } : { matchName: n }));
      out.push({ ports: [portEntry(p)], rules: { dns } });
    } else {
      plain.push(p);
    }
  }
  for (let i = 0; i < plain.length; i += MAX_PORTS) {
    out.push({ ports: plain.slice(i, i + MAX_PORTS).map(portEntry) });
  }
  return out;
}

function ruleObject(rule: PolicyRule, dir: 'ingress' | 'egress'): Record<string, unknown> {
  const obj: Record<string, unknown> = peerFields(rule.peer, dir);
  const ports = toPorts(rule);
  if (ports.length) {
    obj.toPorts = ports;
  }
  if (rule.icmpTypes?.length) {
    obj.icmps = [{ fields: rule.icmpTypes.map((t) => ({ type: t.type, family: t.family })) }];
  }
  return obj;
}

/** The CiliumNetworkPolicy object of `spec`. */
export function cnpObject(spec: PolicySpec): Record<string, unknown> {
  const body: Record<string, unknown> = {
    description: spec.description,
    endpointSelector: { matchLabels: spec.selector },
  };
  if (spec.ingress?.length) {
    body.ingress = spec.ingress.map((r) => ruleObject(r, 'ingress'));
  }
  if (spec.egress?.length) {
    body.egress = spec.egress.map((r) => ruleObject(r, 'egress'));
  }
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: spec.name, namespace: spec.namespace },
    spec: body,
  };
}

/** YAML of the policies (one document each, `---` between), with `comment` on top of the first. */
export function cnpYaml(specs: PolicySpec[], comment?: string): string {
  return specs
    .map((s, i) => {
      const doc = new Document(cnpObject(s));
      if (i === 0 && comment) {
        doc.commentBefore = comment
          .split('\n')
          .map((l) => ` ${l}`)
          .join('\n');
      }
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}
