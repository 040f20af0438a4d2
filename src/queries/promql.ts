/**
 * PromQL building blocks shared by the catalogue. Each returns query text with Grafana variables
 * left in place, so `npm run queries` shows exactly what a page sends.
 */

/** Matcher every query carries: `cluster=~"$cluster"` (also matches series without a cluster label when empty). */
export const CLUSTER = 'cluster=~"$cluster"';

/** Containers only: cAdvisor also exports pod-level cgroups (`container=""`) and, with Docker, the pause container (`POD`). */
export const CONTAINERS = 'container!="", container!="POD"';

/** Network devices of the node itself, without loopback and Cilium's per-endpoint and tunnel devices. */
export const NODE_DEVICES = 'device!~"lo|veth.*|lxc.*|cilium_.*|docker.*|cni.*|flannel.*"';

/** Real filesystems, not tmpfs or overlay mounts of containers. */
export const REAL_FS = 'fstype!~"tmpfs|overlay|squashfs|ramfs|nsfs|autofs"';

/**
 * The pod → workload mapping from kube-state-metrics: `kube_pod_owner` with ReplicaSets resolved to
 * their Deployment through `kube_replicaset_owner`. Result: one series per pod, value 1, labels
 * `cluster, namespace, pod, owner_kind` (Deployment, DaemonSet, StatefulSet, Job, ...) and `owner_name`.
 * The recording rule `kubeobs:pod_workload:info` (recordingRules.ts) stores the same for all namespaces.
 *
 * @param matchers extra matchers on namespace for both branches, e.g. `namespace="$namespace"`
 * @param owner optional matchers on the resolved owner, e.g. `owner_kind="$kind", owner_name="$workload"`
 * @param cluster the cluster matcher; empty in recording rules, which keep every cluster
 */
export function podWorkload(matchers: string, owner?: string, cluster: string = CLUSTER): string {
  const sel = (...parts: Array<string | undefined>) => parts.filter(Boolean).join(', ');
  return (
    `(max by (cluster, namespace, pod, owner_kind, owner_name) (` +
    `label_replace(kube_pod_owner{${sel(cluster, matchers, 'owner_kind="ReplicaSet"')}}, "replicaset", "$1", "owner_name", "(.*)")` +
    ` * on (cluster, namespace, replicaset) group_left (owner_kind, owner_name) ` +
    `max by (cluster, namespace, replicaset, owner_kind, owner_name) (kube_replicaset_owner{${sel(cluster, matchers, 'owner_kind!="<none>"', owner)}})` +
    `) or max by (cluster, namespace, pod, owner_kind, owner_name) (kube_pod_owner{${sel(cluster, matchers, 'owner_kind!="ReplicaSet"', owner)}}))`
  );
}

/**
 * Running pods per node from kube-state-metrics: `kube_pod_info` of scheduled pods joined with the
 * Running phase. Result: `cluster, node`. Recorded as `kubeobs:node_running_pods:sum`.
 *
 * @param matchers extra matchers on kube_pod_info, e.g. `node="$node"`
 * @param cluster the cluster matcher; empty in recording rules
 */
export function runningPodsByNode(matchers = 'node!=""', cluster: string = CLUSTER): string {
  const c = cluster ? `${cluster}, ` : '';
  return `sum by (cluster, node) (kube_pod_info{${c}${matchers}} * on (cluster, namespace, pod) group_left () (kube_pod_status_phase{${c}phase="Running"} == 1))`;
}

/**
 * Attaches the node name to node-exporter series, whose `instance` is an address in most scrape
 * setups: `* on (cluster, instance) group_left (nodename) node_uname_info{...}`. Aggregate by
 * (cluster, instance) before joining: on 1,000 nodes of 16 CPUs, joining per-CPU series costs ~4x
 * more than joining one series per node (npm run bench:pages).
 *
 * @param nodeMatcher e.g. `nodename=~"$node"`; empty for all nodes
 */
export function withNodeName(nodeMatcher = ''): string {
  const m = nodeMatcher ? `, ${nodeMatcher}` : '';
  return ` * on (cluster, instance) group_left (nodename) node_uname_info{${CLUSTER}${m}}`;
}

/** Keeps only running pods: `* on (cluster, namespace, pod) group_left () (kube_pod_status_phase{phase="Running"} == 1)`. */
export function onlyRunning(matchers = ''): string {
  const m = matchers ? `, ${matchers}` : '';
  return ` * on (cluster, namespace, pod) group_left () (kube_pod_status_phase{${CLUSTER}${m}, phase="Running"} == 1)`;
}

/** The `$cluster` variable's query: clusters are the values of the `cluster` label (multi-cluster setups only). */
export const CLUSTER_VARIABLE_QUERY = 'label_values(up, cluster)';

/** The query of a label variable: `label_values(<metric>{cluster=~"$cluster"[, selector]}, <label>)`. */
export function labelValuesQuery(metric: string, label: string, selector?: string): string {
  return `label_values(${metric}{${CLUSTER}${selector ? `, ${selector}` : ''}}, ${label})`;
}
