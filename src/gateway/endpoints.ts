import { FlowEndpoint, HubbleFlow } from './types';

/**
 * Who a flow endpoint is, in the terms the gateway's service map uses for node ids:
 * `namespace/workload` for pods, `reserved:<name>` for endpoints outside pods (world, host,
 * remote-node, kube-apiserver, ...), `dns:<name>` for world endpoints with a DNS name, `identity:<n>`,
 * else `unknown`. Identity labels look like `k8s:app=x` and `reserved:world` (flow.Endpoint.labels).
 */

/** The identity label of Kubernetes' DNS pods (CoreDNS and kube-dns both carry it). */
export const KUBE_DNS_LABEL = 'k8s:k8s-app=kube-dns';
export const HOST_LABEL = 'reserved:host';
export const REMOTE_NODE_LABEL = 'reserved:remote-node';

/** Reserved identities from most to least specific (the API server's endpoints also carry `world`). */
const RESERVED_PREFERENCE = [
  'kube-apiserver',
  'host',
  'remote-node',
  'health',
  'ingress',
  'init',
  'unmanaged',
  'world',
];

/** Cilium's reserved numeric identities (pkg/identity/numericidentity.go), for endpoints sent without labels. */
export const RESERVED_IDENTITIES: Readonly<Record<number, string>> = {
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world-ipv4',
  10: 'world-ipv6',
};

/** Identity labels that name an application, most telling first. */
const APP_LABELS = ['k8s:app.kubernetes.io/name=', 'k8s:app=', 'k8s:k8s-app=', 'k8s:name='];
const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace=';

/**
 * What an identity's labels say about it when no pod name came with them (the gateway's service
 * map sends the same as a node's `label`): `cidr 10.0.0.0/8` for a `cidr:` label,
 * `<namespace> app=<name>` for an app label, else undefined.
 */
export function identityLabel(labels: readonly string[] | undefined): string | undefined {
  const all = labels ?? [];
  const cidr = all.find((l) => l.startsWith('cidr:'));
  if (cidr) {
    return `cidr ${cidr.slice('cidr:'.length)}`;
  }
  for (const prefix of APP_LABELS) {
    const app = all.find((l) => l.startsWith(prefix));
    if (app) {
      const ns = all.find((l) => l.startsWith(NAMESPACE_LABEL))?.slice(NAMESPACE_LABEL.length);
      const text = app.slice('k8s:'.length);
      return ns ? `${ns} ${text}` : text;
    }
  }
  return undefined;
}

/** `identity 3418 (bookinfo app=productpage)`, or `identity 3418 (labels unknown)` when nothing tells more. */
export function identityTitle(identity: number | string, label: string | undefined): string {
  return `identity ${identity} (${label ?? 'labels unknown'})`;
}

/** One side of a flow: the endpoint, its DNS names (`source_names` / `destination_names`), IP and port. */
export interface FlowSide {
  endpoint: FlowEndpoint;
  names: string[];
  ip?: string;
  port?: number;
}

/** The source or destination side of a flow, as sent (replies are not swapped). */
export function flowSide(flow: HubbleFlow, side: 'source' | 'destination'): FlowSide {
  const l4 = flow.l4 ?? {};
  const ports = l4.TCP ?? l4.UDP ?? l4.SCTP;
  const isSource = side === 'source';
  return {
    endpoint: (isSource ? flow.source : flow.destination) ?? {},
    names: (isSource ? flow.source_names : flow.destination_names) ?? [],
    ip: isSource ? flow.IP?.source : flow.IP?.destination,
    port: isSource ? ports?.source_port : ports?.destination_port,
  };
}

/** True when the endpoint carries the identity label (`reserved:host`, `k8s:k8s-app=kube-dns`). */
export function hasLabel(endpoint: FlowEndpoint | undefined, label: string): boolean {
  return endpoint?.labels?.includes(label) ?? false;
}

/**
 * The workload a pod name implies, by the Kubernetes naming conventions: a Deployment's pods are
 * `<name>-<replicaset hash>-<5 chars>`, DaemonSet and Job pods `<name>-<5 chars>`, StatefulSet pods
 * `<name>-<ordinal>`. Other names are returned unchanged.
 */
export function workloadOfPod(pod: string): string {
  const parts = pod.split('-');
  const last = parts[parts.length - 1] ?? '';
  const before = parts[parts.length - 2] ?? '';
  if (parts.length >= 3 && /^[a-z0-9]{5}$/.test(last) && /^[a-z0-9]{6,10}$/.test(before)) {
    return parts.slice(0, -2).join('-');
  }
  if (parts.length >= 2 && (/^[a-z0-9]{5}$/.test(last) || /^\d+$/.test(last))) {
    return parts.slice(0, -1).join('-');
  }
  return pod;
}

/** The endpoint's workload: `workloads[0]` (name and kind) or, for a pod without it, the name its pod name implies. */
export function workloadOf(endpoint: FlowEndpoint | undefined): { name: string; kind?: string } | undefined {
  const w = endpoint?.workloads?.[0];
  if (w?.name) {
    return { name: w.name, kind: w.kind || undefined };
  }
  return endpoint?.pod_name ? { name: workloadOfPod(endpoint.pod_name) } : undefined;
}

/** The most specific reserved identity of the endpoint (`world`, `host`, ...), or undefined. */
export function reservedIdentity(endpoint: FlowEndpoint | undefined): string | undefined {
  const reserved = (endpoint?.labels ?? [])
    .filter((l) => l.startsWith('reserved:'))
    .map((l) => l.slice('reserved:'.length));
  if (!reserved.length) {
    return RESERVED_IDENTITIES[endpoint?.identity ?? 0];
  }
  const rank = (r: string) => {
    const i = RESERVED_PREFERENCE.indexOf(r);
    return i < 0 ? RESERVED_PREFERENCE.length - 1 : i;
  };
  return reserved.reduce((best, r) => (rank(r) < rank(best) ? r : best));
}

/** The DNS name of a `fqdn:` identity label (Cilium's toFQDNs identities), if any. */
function fqdnOf(ep: FlowEndpoint): string | undefined {
  return ep.labels?.find((l) => l.startsWith('fqdn:'))?.slice('fqdn:'.length);
}

/** The service-map node id of a flow side (see the module comment). */
export function nodeIdOf(side: Pick<FlowSide, 'endpoint' | 'names'>): string {
  const ep = side.endpoint;
  const workload = workloadOf(ep);
  if (workload) {
    return `${ep.namespace ?? ''}/${workload.name}`;
  }
  const reserved = reservedIdentity(ep);
  const dns = side.names[0] ?? fqdnOf(ep);
  if (dns && (!reserved || reserved === 'world')) {
    return `dns:${dns}`;
  }
  if (reserved) {
    return `reserved:${reserved}`;
  }
  return ep.identity ? `identity:${ep.identity}` : 'unknown';
}

/**
 * True when a flow side is the service-map node `nodeId`: a workload (`namespace/name`), a reserved
 * identity (`reserved:world`, matched on the identity labels), a DNS name (`dns:name`) or an identity.
 */
export function sideIsNode(side: Pick<FlowSide, 'endpoint' | 'names'>, nodeId: string): boolean {
  if (nodeId.startsWith('reserved:')) {
    return hasLabel(side.endpoint, nodeId) || reservedIdentity(side.endpoint) === nodeId.slice(9);
  }
  if (nodeId.startsWith('dns:')) {
    return side.names.includes(nodeId.slice(4)) || fqdnOf(side.endpoint) === nodeId.slice(4);
  }
  if (nodeId.startsWith('identity:')) {
    return String(side.endpoint.identity ?? '') === nodeId.slice(9);
  }
  return nodeIdOf(side) === nodeId;
}

/**
 * The flow oriented as its connection: client and server. A reply (`is_reply: true`) travels from
 * server to client, so its sides are swapped, as the gateway's service map counts it.
 */
export function clientServer(flow: HubbleFlow): { client: FlowSide; server: FlowSide } {
  const source = flowSide(flow, 'source');
  const destination = flowSide(flow, 'destination');
  return flow.is_reply ? { client: destination, server: source } : { client: source, server: destination };
}

/**
 * A flow side as a side of the gateway's connectivity question (`from` / `to` of
 * `/api/v1/connectivity`): `namespace/workload` for pods, the DNS name of a world endpoint that has
 * one (`source_names` / `destination_names`, without the trailing dot), else its IP address;
 * undefined when the flow carries none of them.
 */
export function subjectOf(side: FlowSide): string | undefined {
  const ep = side.endpoint;
  const workload = workloadOf(ep);
  if (workload && ep.namespace) {
    return `${ep.namespace}/${workload.name}`;
  }
  const reserved = reservedIdentity(ep);
  const name = side.names[0]?.replace(/\.$/, '');
  if (name && (!reserved || reserved === 'world')) {
    return name;
  }
  return side.ip || undefined;
}
