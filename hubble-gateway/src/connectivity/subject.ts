/**
 * The two sides of a connectivity question (`from`, `to`): what a user may type and which flow
 * endpoints it stands for.
 *
 * - `namespace/name`: a workload (`workloads[].name`, or the name derived from the pod name as the
 *   service map does) or a pod (exact `pod_name`) in that namespace;
 * - an IPv4 or IPv6 address: the flow side with that address (`IP.source` / `IP.destination`);
 * - a DNS name (at least one dot, no slash): for world destinations, the side whose
 *   `source_names` / `destination_names` hold the name or whose address a DNS answer for the name
 *   returned; `<service>.<namespace>.svc.<zone>` also matches flows addressed to that Service
 *   (`destination_service`).
 */
import net from 'node:net';
import { workloadFromPodName } from '../endpoint';
import type { EndpointJson, FlowJson } from './flowJson';

/** A parsed `from` / `to`. `text` is the value as given (normalised). */
export type Subject =
  | { kind: 'workload'; text: string; namespace: string; name: string }
  | { kind: 'ip'; text: string; ip: string }
  | { kind: 'dns'; text: string; name: string };

/** Which side of a flow. */
export type Side = 'source' | 'destination';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/; // Kubernetes object names (DNS-1123 subdomain)
const DNS_LABEL = /^[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?$/;

/** What `from` / `to` accept, for 400 answers. */
export const SUBJECT_ALLOWED =
  'namespace/workload (star-wars/deathstar), namespace/pod-name, an IP address (10.0.1.7, fd00::7) or a DNS name with at least one dot (api.github.com)';

/** Lower case, without the trailing dot of a fully qualified name. */
export function normalizeDnsName(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}

/** Parses `text`; returns an error message (what is wrong) instead when it is none of the accepted forms. */
export function parseSubject(text: string): Subject | { error: string } {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash >= 0) {
    const namespace = t.slice(0, slash);
    const name = t.slice(slash + 1);
    if (!NAME.test(namespace) || !NAME.test(name)) {
      return { error: `not namespace/name: ${JSON.stringify(text)}` };
    }
    return { kind: 'workload', text: `${namespace}/${name}`, namespace, name };
  }
  if (net.isIP(t)) {
    return { kind: 'ip', text: t, ip: t };
  }
  const name = normalizeDnsName(t);
  const labels = name.split('.');
  if (labels.length < 2) {
    return { error: `a bare name is ambiguous: ${JSON.stringify(text)}; give namespace/name or a DNS name with a dot` };
  }
  if (name.length > 253 || !labels.every((l) => DNS_LABEL.test(l))) {
    return { error: `not a DNS name: ${JSON.stringify(text)}` };
  }
  return { kind: 'dns', text: name, name };
}

/** The workload name of an endpoint: `workloads[0].name`, else derived from the pod name ("" outside pods). */
export function workloadName(ep: EndpointJson | undefined): string {
  const w = ep?.workloads?.find((x) => x.name)?.name;
  return w ?? (ep?.pod_name ? workloadFromPodName(ep.pod_name) : '');
}

/** True when the endpoint is in `namespace` and is workload or pod `name`. */
function endpointIs(ep: EndpointJson | undefined, namespace: string, name: string): boolean {
  if (!ep || ep.namespace !== namespace) {
    return false;
  }
  if (ep.pod_name === name || workloadName(ep) === name) {
    return true;
  }
  return (ep.workloads ?? []).some((w) => w.name === name);
}

/** `<service>.<namespace>.svc.<zone>` split, or undefined. */
function serviceOfName(name: string): { name: string; namespace: string } | undefined {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.|$)/.exec(name);
  return m ? { name: m[1], namespace: m[2] } : undefined;
}

/**
 * Matches one side of flows against a subject. For DNS subjects, `answeredIps` holds the addresses
 * that DNS answers for the name returned (see `dnsAnswerIps`).
 */
export class SubjectMatcher {
  private readonly service?: { name: string; namespace: string };

  constructor(
    readonly subject: Subject,
    private readonly answeredIps: ReadonlySet<string> = new Set()
  ) {
    this.service = subject.kind === 'dns' ? serviceOfName(subject.name) : undefined;
  }

  /** True when the flow's `side` is this subject. */
  matches(f: FlowJson, side: Side): boolean {
    const s = this.subject;
    switch (s.kind) {
      case 'workload':
        return endpointIs(f[side], s.namespace, s.name);
      case 'ip':
        return (side === 'source' ? f.IP?.source : f.IP?.destination) === s.ip;
      case 'dns': {
        const names = side === 'source' ? f.source_names : f.destination_names;
        if (names?.some((n) => normalizeDnsName(n) === s.name)) {
          return true;
        }
        const ip = side === 'source' ? f.IP?.source : f.IP?.destination;
        if (ip && this.answeredIps.has(ip)) {
          return true;
        }
        const svc = side === 'source' ? f.source_service : f.destination_service;
        return !!this.service && svc?.name === this.service.name && svc.namespace === this.service.namespace;
      }
    }
  }
}

/** Addresses that DNS answers (`l7.dns.ips` of responses) returned for `name` in `flows`. */
export function dnsAnswerIps(flows: FlowJson[], name: string): Set<string> {
  const out = new Set<string>();
  for (const f of flows) {
    const d = f.l7?.dns;
    if (d?.query && d.ips && normalizeDnsName(d.query) === name) {
      d.ips.forEach((ip) => out.add(ip));
    }
  }
  return out;
}
