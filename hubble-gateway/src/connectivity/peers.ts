/**
 * From flows to policy rules: which labels select a workload, what the peer of a flow is in policy
 * terms, and the ports, ICMP types and L7 rules observed per peer.
 *
 * Facts: Cilium identity labels (`flow.Endpoint.labels`) are `source:key=value`; pod labels come as
 * `k8s:`, with the namespace as `k8s:io.kubernetes.pod.namespace` and Cilium's own
 * `k8s:io.cilium.k8s.*` labels (policy, namespace labels, service account); non-pod endpoints carry
 * `reserved:<entity>`. Pod-instance labels (`pod-template-hash`, `controller-revision-hash`, ...)
 * differ between pods of one workload and are left out of selectors.
 */
import { nodeOfEndpoint } from '../endpoint';
import { NAMESPACE_LABEL, pathRegex, type HttpRule, type Peer, type PolicyRule } from './cnp';
import { addPort, serverPort, type EndpointJson, type FlowJson, type PortJson } from './flowJson';
import { normalizeDnsName, type Side } from './subject';

const INSTANCE_KEYS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-name',
  'controller-uid',
  'job-name',
]);
const SERVICE_ACCOUNT = 'io.cilium.k8s.policy.serviceaccount';
const ENTITIES = new Set(['host', 'remote-node', 'kube-apiserver', 'health', 'ingress', 'init', 'unmanaged']);
const MAX_HTTP_RULES = 20;
const MAX_DNS_NAMES = 50;

function k8sLabels(labels: string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of labels ?? []) {
    const m = /^k8s:([^=]+)=(.*)$/.exec(l);
    if (m) {
      out.set(m[1], m[2]);
    }
  }
  return out;
}

/**
 * matchLabels selecting the workload whose endpoints carried `labelSets`: the pod labels common to
 * all of them, without Cilium's own and pod-instance labels; the service account
 * (`io.cilium.k8s.policy.serviceaccount`) when no such label is left. Empty when neither exists.
 */
export function workloadSelector(labelSets: Array<string[] | undefined>): Record<string, string> {
  const maps = labelSets.map(k8sLabels);
  const common = (keep: (k: string) => boolean): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of maps[0] ?? []) {
      if (keep(k) && maps.every((m) => m.get(k) === v)) {
        out[k] = v;
      }
    }
    return out;
  };
  const labels = common((k) => !k.startsWith('io.cilium.') && !k.startsWith('io.kubernetes.') && !INSTANCE_KEYS.has(k));
  return Object.keys(labels).length ? labels : common((k) => k === SERVICE_ACCOUNT);
}

/** An HTTP request's method and path (query string dropped), as an L7 rule. */
export function httpRuleOf(f: FlowJson): HttpRule | undefined {
  const h = f.l7?.http;
  if (f.l7?.type !== 'REQUEST' || !h?.method || !h.url) {
    return undefined;
  }
  let path = h.url;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i.exec(path);
  if (m) {
    path = m[1];
  }
  path = path.split(/[?#]/)[0] || '/';
  return { method: h.method.toUpperCase(), path: pathRegex(path) };
}

type PeerAcc = {
  key: string;
  kind: 'endpoints' | 'entity' | 'fqdn' | 'cidr';
  namespace: string;
  labelSets: Array<string[] | undefined>;
  entity: string;
  names: Set<string>;
  cidrs: Set<string>;
  ports: PortJson[];
  icmp: Map<string, { type: number; family: 'IPv4' | 'IPv6' }>;
  http: Map<string, HttpRule>;
  dns: Set<string>;
};

/** A peer that cannot be expressed in a policy, and why. */
export type SkippedPeer = { peer: string; reason: string };

/**
 * Collects, per peer, what allow rules must cover. `add` takes a flow and the side of it that is
 * the peer; `rules` returns one rule per peer (toFQDNs peers also get a DNS rule).
 */
export class RuleCollector {
  private readonly peers = new Map<string, PeerAcc>();
  readonly skipped: SkippedPeer[] = [];

  constructor(private readonly dir: 'ingress' | 'egress') {}

  /** Adds the flow's `peerSide` as a peer with the flow's server port, ICMP type and L7 request. */
  add(f: FlowJson, peerSide: Side): void {
    const ep: EndpointJson | undefined = f[peerSide];
    const names = (peerSide === 'source' ? f.source_names : f.destination_names) ?? [];
    const ip = peerSide === 'source' ? f.IP?.source : f.IP?.destination;
    const node = nodeOfEndpoint(ep, names.slice(0, 1));
    let acc = this.peers.get(node.id);
    if (!acc) {
      const kind = this.kindOf(node.type, node.name);
      if (!kind) {
        if (!this.skipped.some((s) => s.peer === node.id)) {
          this.skipped.push({ peer: node.id, reason: 'no labels, entity, DNS name or address to select it by' });
        }
        return;
      }
      acc = {
        key: node.id,
        kind,
        namespace: node.namespace,
        labelSets: [],
        entity: node.name,
        names: new Set(),
        cidrs: new Set(),
        ports: [],
        icmp: new Map(),
        http: new Map(),
        dns: new Set(),
      };
      this.peers.set(node.id, acc);
    }
    if (acc.kind === 'endpoints' && acc.labelSets.length < 50) {
      acc.labelSets.push(ep?.labels);
    }
    if (acc.kind === 'fqdn') {
      names.forEach((n) => acc.names.add(normalizeDnsName(n)));
    }
    if ((acc.kind === 'cidr' || acc.kind === 'fqdn') && ip) {
      acc.cidrs.add(ip.includes(':') ? `${ip}/128` : `${ip}/32`);
    }
    this.addTraffic(acc, f);
  }

  private kindOf(type: string, name: string): PeerAcc['kind'] | undefined {
    if (type === 'workload') {
      return 'endpoints';
    }
    if (type === 'dns') {
      return this.dir === 'egress' ? 'fqdn' : 'cidr';
    }
    if (type === 'reserved') {
      return name === 'world' ? 'cidr' : ENTITIES.has(name) ? 'entity' : undefined;
    }
    return undefined;
  }

  private addTraffic(acc: PeerAcc, f: FlowJson): void {
    const icmp = f.l4?.ICMPv4 ?? f.l4?.ICMPv6;
    if (icmp) {
      if (!f.is_reply && icmp.type !== undefined) {
        const family = f.l4?.ICMPv4 ? 'IPv4' : 'IPv6';
        acc.icmp.set(`${family}/${icmp.type}`, { type: icmp.type, family });
      }
      return;
    }
    addPort(acc.ports, serverPort(f));
    const rule = httpRuleOf(f);
    if (rule && acc.http.size <= MAX_HTTP_RULES) {
      acc.http.set(`${rule.method} ${rule.path}`, rule);
    }
    const q = f.l7?.dns?.query;
    if (q && f.l7?.type === 'REQUEST' && acc.dns.size <= MAX_DNS_NAMES) {
      acc.dns.add(normalizeDnsName(q));
    }
  }

  /** The rules, one per peer, sorted by peer. */
  rules(): PolicyRule[] {
    const out: PolicyRule[] = [];
    let needsDns = false;
    let dnsRule: PolicyRule | undefined;
    const fqdnNames = new Set<string>();
    for (const acc of [...this.peers.values()].sort((a, b) => a.key.localeCompare(b.key))) {
      const peer = this.peerOf(acc);
      if (!peer) {
        continue;
      }
      const rule: PolicyRule = { peer, ports: acc.ports };
      if (acc.icmp.size) {
        rule.icmpTypes = [...acc.icmp.values()];
      }
      if (acc.http.size && acc.http.size <= MAX_HTTP_RULES) {
        rule.http = [...acc.http.values()].sort((a, b) => `${a.method}${a.path}`.localeCompare(`${b.method}${b.path}`));
      }
      if (acc.dns.size && acc.ports.some((p) => p.port === 53)) {
        rule.dns = acc.dns.size <= MAX_DNS_NAMES ? [...acc.dns].sort() : ['*'];
        dnsRule = rule;
      }
      if (acc.kind === 'fqdn') {
        needsDns = true;
        acc.names.forEach((n) => fqdnNames.add(n));
      }
      out.push(rule);
    }
    if (needsDns) {
      if (dnsRule) {
        if (!dnsRule.dns!.includes('*')) {
          dnsRule.dns = [...new Set([...dnsRule.dns!, ...fqdnNames])].sort();
        }
      } else {
        out.push(kubeDnsRule([...fqdnNames].sort()));
      }
    }
    return out;
  }

  private peerOf(acc: PeerAcc): Peer | undefined {
    switch (acc.kind) {
      case 'endpoints': {
        const labels = workloadSelector(acc.labelSets);
        if (!Object.keys(labels).length) {
          this.skipped.push({ peer: acc.key, reason: 'its pods carry no labels common to the workload' });
          return undefined;
        }
        return { kind: 'endpoints', labels: { ...labels, [NAMESPACE_LABEL]: acc.namespace } };
      }
      case 'entity':
        return { kind: 'entity', entity: acc.entity };
      case 'fqdn':
        return { kind: 'fqdn', names: [...acc.names].sort() };
      case 'cidr':
        return { kind: 'cidr', cidrs: [...acc.cidrs].sort() };
    }
  }
}

/**
 * The DNS rule `toFQDNs` needs when no DNS traffic was observed: kube-dns on port 53 through the
 * DNS proxy, for the given names (Cilium docs "DNS based" policies: `k8s:k8s-app: kube-dns` in
 * `kube-system`, the labels of the standard CoreDNS deployment).
 */
export function kubeDnsRule(names: string[]): PolicyRule {
  return {
    peer: { kind: 'endpoints', labels: { [NAMESPACE_LABEL]: 'kube-system', 'k8s:k8s-app': 'kube-dns' } },
    ports: [
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ],
    dns: names.length ? names : ['*'],
  };
}
