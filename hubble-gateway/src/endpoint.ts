/**
 * Which service-map node a flow endpoint belongs to.
 *
 * - A pod: its workload, `namespace/name`, with the name from the endpoint's `workloads` (Cilium
 *   fills them from the owner references) or else derived from the pod name by stripping the
 *   ReplicaSet and pod hash suffixes (`reviews-v1-545db77b95-j2n72` -> `reviews-v1`), a DaemonSet/Job
 *   pod suffix (`node-local-dns-88zrp` -> `node-local-dns`) or a StatefulSet ordinal (`web-0` -> `web`).
 * - Not a pod: the reserved identity from its `reserved:` labels (`reserved:world`, `reserved:host`,
 *   `reserved:remote-node`, `reserved:kube-apiserver`, ...), except that `world` with DNS names
 *   (`source_names` / `destination_names`) becomes the first DNS name.
 * - Otherwise the numeric security identity, or `unknown`.
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
};

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
  const dns = names && names.length > 0 ? names[0] : '';
  if (dns && (reserved === '' || reserved === 'world')) {
    return { id: `dns:${dns}`, type: 'dns', namespace: '', name: dns, workload_kind: '' };
  }
  if (reserved) {
    return { id: `reserved:${reserved}`, type: 'reserved', namespace: '', name: reserved, workload_kind: '' };
  }
  if (ep?.identity) {
    return { id: `identity:${ep.identity}`, type: 'identity', namespace, name: String(ep.identity), workload_kind: '' };
  }
  return { id: 'unknown', type: 'unknown', namespace: '', name: 'unknown', workload_kind: '' };
}
