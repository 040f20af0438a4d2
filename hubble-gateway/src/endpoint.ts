/**
 * Which service-map node a flow endpoint belongs to.
 *
 * - A pod: its workload, `namespace/name`, with the name from the endpoint's `workloads` (Cilium
 *   fills them from the owner references) or else derived from the pod name by stripping the
 *   ReplicaSet and pod hash suffixes (`reviews-v1-545db77b95-j2n72` -> `reviews-v1`), a DaemonSet/Job
 *   pod suffix (`node-local-dns-88zrp` -> `node-local-dns`) or a StatefulSet ordinal (`web-0` -> `web`).
 * - Not a pod: the reserved identity from its `reserved:` labels (`reserved:world`, `reserved:host`,
 *   `reserved:remote-node`, `reserved:kube-apiserver`, ...) or, without labels, from its reserved
 *   number (1 host, 2 world, ... as in Cilium's pkg/identity/numericidentity.go), except that
 *   `world` with DNS names (`source_names` / `destination_names`, else a `fqdn:` label) becomes the
 *   first DNS name.
 * - Otherwise the numeric security identity, with `label` saying what its labels tell (a `cidr:`
 *   label, the app label and namespace), or `unknown`.
 * Label format (`reserved:world`, `k8s:app=x`) per Cilium's flow.Endpoint.labels.
 */

/** A node of the service map. `id` is unique: `ns/name`, `reserved:world`, `dns:api.example.com`, `identity:1234`. */
export type MapNode = {
  id: string;
  /** workload | reserved | dns | identity | unknown */
  type: 'workload' | 'reserved' | 'dns' | 'identity' | 'unknown';
  /** Pod namespace for workloads, "" otherwise. */
  namespace: string;
  /** Workload name, reserved identity name (`world`), DNS name, or identity number. */
  name: string;
  /** Workload kind from `workloads[].kind` (`Deployment`), "" when derived from the pod name. */
  workload_kind: string;
  /**
   * Identity nodes only: what the identity's labels say (`bookinfo app=productpage`,
   * `cidr 10.0.0.0/8`); absent when the flow carried no telling label.
   */
  label?: string;
};

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

/** Identity labels that name an application, most telling first (Kubernetes' recommended labels, then common ones). */
const APP_LABELS = ['k8s:app.kubernetes.io/name=', 'k8s:app=', 'k8s:k8s-app=', 'k8s:name='];
const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace=';

/**
 * What an identity's labels (flow.Endpoint.labels) say about it when no pod name came with them:
 * `cidr 10.0.0.0/8` for a `cidr:` label, `<namespace> app=<name>` for an app label, else
 * undefined.
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

const DEPLOYMENT_POD = /^(.+)-[a-z0-9]{6,10}-[a-z0-9]{5}$/;
const SHORT_HASH_POD = /^(.+)-[a-z0-9]{5}$/;
const ORDINAL_POD = /^(.+)-\d+$/;

/** The workload name a pod name implies when the flow carries no `workloads` (see module doc). */
export function workloadFromPodName(pod: string): string {
  const m = DEPLOYMENT_POD.exec(pod) ?? SHORT_HASH_POD.exec(pod) ?? ORDINAL_POD.exec(pod);
  return m ? m[1] : pod;
}

// Most specific first: an endpoint labelled both kube-apiserver and world is the API server.
const RESERVED_ORDER = ['kube-apiserver', 'host', 'remote-node', 'health', 'ingress', 'init', 'unmanaged', 'world'];

/** The plain fields of a flow endpoint this module reads (a subset of flow.Endpoint). */
export type EndpointFields = {
  namespace?: string;
  pod_name?: string;
  labels?: string[];
  workloads?: Array<{ name?: string; kind?: string }>;
  identity?: number;
};

/** Derives the service-map node of an endpoint; `names` are the flow's DNS names for that side. */
export function nodeOfEndpoint(ep: EndpointFields | null | undefined, names: string[] | undefined): MapNode {
  const namespace = ep?.namespace ?? '';
  const pod = ep?.pod_name ?? '';
  const wl = ep?.workloads && ep.workloads.length > 0 ? ep.workloads[0] : undefined;
  if (pod || wl?.name) {
    const name = wl?.name || workloadFromPodName(pod);
    return { id: `${namespace}/${name}`, type: 'workload', namespace, name, workload_kind: wl?.kind ?? '' };
  }
  let reserved = '';
  let rank = RESERVED_ORDER.length;
  for (const label of ep?.labels ?? []) {
    if (!label.startsWith('reserved:')) {
      continue;
    }
    const value = label.slice('reserved:'.length);
    const r = RESERVED_ORDER.indexOf(value);
    const score = r < 0 ? RESERVED_ORDER.length - 1 : r;
    if (!reserved || score < rank) {
      reserved = value;
      rank = score;
    }
  }
  if (!reserved && ep?.identity && RESERVED_IDENTITIES[ep.identity]) {
    reserved = RESERVED_IDENTITIES[ep.identity];
  }
  const fqdn = ep?.labels?.find((l) => l.startsWith('fqdn:'))?.slice('fqdn:'.length);
  const dns = names && names.length > 0 ? names[0] : (fqdn ?? '');
  if (dns && (reserved === '' || reserved === 'world')) {
    return { id: `dns:${dns}`, type: 'dns', namespace: '', name: dns, workload_kind: '' };
  }
  if (reserved) {
    return { id: `reserved:${reserved}`, type: 'reserved', namespace: '', name: reserved, workload_kind: '' };
  }
  if (ep?.identity) {
    const label = identityLabel(ep.labels);
    const node: MapNode = {
      id: `identity:${ep.identity}`,
      type: 'identity',
      namespace,
      name: String(ep.identity),
      workload_kind: '',
    };
    return label ? { ...node, label } : node;
  }
  return { id: 'unknown', type: 'unknown', namespace: '', name: 'unknown', workload_kind: '' };
}
