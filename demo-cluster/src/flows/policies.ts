/**
 * The CiliumNetworkPolicies of the demo, as Hubble reports them in `ingress_allowed_by`,
 * `egress_allowed_by` and `egress_denied_by` (flow.Policy: name, namespace, labels, revision,
 * kind). `revision` is a uint64, so protojson prints it as a string.
 */
import { uid } from '../topology/names';

/** flow.Policy in JSON form. */
export type PolicyJson = { name: string; namespace: string; labels: string[]; revision: string; kind: string };

/**
 * Policy revision at t: the policies are re-applied (GitOps sync) every 30 minutes since the
 * cluster was created, each import bumping the agents' revision (`cilium_policy_max_revision`).
 */
export function policyRevision(clusterCreatedMs: number, tMs: number): number {
  return 8 + Math.max(0, Math.floor((tMs - clusterCreatedMs) / 1_800_000));
}

/** What a policy does, for the agents' policy metrics. */
export type PolicySpec = {
  name: string;
  namespace: string;
  ingress: boolean;
  egress: boolean;
  l7: 'http' | 'dns' | 'both' | 'none';
};

/** The demo's CiliumNetworkPolicies (names as in flow.Policy and the agents' policy counts). */
export const POLICY_SPECS: PolicySpec[] = [
  { name: 'rule1', namespace: 'star-wars', ingress: true, egress: false, l7: 'http' },
  { name: 'ships-egress', namespace: 'star-wars', ingress: false, egress: true, l7: 'dns' },
  { name: 'podinfo-frontend', namespace: 'podinfo', ingress: true, egress: true, l7: 'both' },
  { name: 'podinfo-backend', namespace: 'podinfo', ingress: true, egress: false, l7: 'http' },
  { name: 'podinfo-client', namespace: 'podinfo', ingress: false, egress: true, l7: 'both' },
  // egressDeny: podinfo-client must not call podinfo-backend directly (only through the frontend)
  { name: 'deny-client-to-backend', namespace: 'podinfo', ingress: false, egress: true, l7: 'none' },
  { name: 'grafana-egress', namespace: 'monitoring', ingress: false, egress: true, l7: 'dns' },
];

const cache = new Map<string, PolicyJson>();

/** The flow.Policy JSON of a demo policy at a revision (objects are shared: treat as read-only). */
export function policyJson(namespace: string, name: string, revision: number): PolicyJson {
  const key = `${namespace}/${name}`;
  const ckey = `${key}@${revision}`;
  let p = cache.get(ckey);
  if (!p) {
    p = {
      name,
      namespace,
      labels: [
        'k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy',
        `k8s:io.cilium.k8s.policy.name=${name}`,
        `k8s:io.cilium.k8s.policy.namespace=${namespace}`,
        `k8s:io.cilium.k8s.policy.uid=${uid('policies', key)}`,
      ],
      revision: String(revision),
      kind: 'CiliumNetworkPolicy',
    };
    if (cache.size > 1000) {
      cache.clear();
    }
    cache.set(ckey, p);
  }
  return p;
}
