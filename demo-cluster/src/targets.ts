/**
 * The scrape targets of the simulated cluster: one per real endpoint a Prometheus would scrape,
 * each with its path on the demo server and the target labels a standard scrape setup adds
 * (DEVELOPERS.md "Scrape labels"): cilium-agent and Hubble get namespace/pod/node/instance
 * (Cilium Helm ServiceMonitors), the operator namespace/pod/instance, kube-state-metrics only
 * instance (honor_labels), node-exporter instance, kubelet and cAdvisor node/instance/metrics_path.
 * `job` is the scrape job, `cluster` is added to every target.
 */
import { Cluster } from './topology/types';

/** The kinds of scrape target (one exporter each). */
export type TargetKind =
  'cilium-agent' | 'hubble' | 'cilium-operator' | 'kube-state-metrics' | 'node-exporter' | 'kubelet' | 'cadvisor';

/** One scrape target: path on the demo server, job and target labels. */
export type Target = {
  kind: TargetKind;
  /** Scrape job name (the `job` label). */
  job: string;
  /** Path on the demo server, e.g. /targets/hubble/kind-worker/metrics. */
  path: string;
  /** Target labels added by the scrape (besides `job`), including `instance` and `cluster`. */
  labels: Record<string, string>;
  /** Node whose endpoint this is (per-node targets). */
  node?: string;
  /** Whether the endpoint serves OpenMetrics when asked (only Hubble, hubble.metrics.enableOpenMetrics). */
  openMetrics: boolean;
  /** honor_labels of the job (kube-state-metrics and kubelet/cAdvisor as kube-prometheus-stack does). */
  honorLabels: boolean;
};

/** Scrape jobs in a stable order, with the path suffix and port of the real endpoint. */
export const JOBS: Array<{ kind: TargetKind; job: string }> = [
  { kind: 'cilium-agent', job: 'cilium-agent' },
  { kind: 'hubble', job: 'hubble-metrics' },
  { kind: 'cilium-operator', job: 'cilium-operator' },
  { kind: 'kube-state-metrics', job: 'kube-state-metrics' },
  { kind: 'node-exporter', job: 'node-exporter' },
  { kind: 'kubelet', job: 'kubelet' },
  { kind: 'cadvisor', job: 'kubelet' },
];

/** All targets of a cluster. */
export function buildTargets(cluster: Cluster): Target[] {
  const out: Target[] = [];
  const c = { cluster: cluster.name };
  const podOf = (ns: string, workload: string, node?: string) =>
    cluster.pods.find((p) => p.namespace === ns && p.workload.name === workload && (!node || p.node === node));
  for (const n of cluster.nodes) {
    const agent = podOf('kube-system', 'cilium', n.name);
    const podLabels = { namespace: 'kube-system', pod: agent?.name ?? '', node: n.name };
    out.push({
      kind: 'cilium-agent',
      job: 'cilium-agent',
      path: `/targets/cilium-agent/${n.name}/metrics`,
      node: n.name,
      labels: { ...c, ...podLabels, instance: `${n.ip}:9962` },
      openMetrics: false,
      honorLabels: false,
    });
    out.push({
      kind: 'hubble',
      job: 'hubble-metrics',
      path: `/targets/hubble/${n.name}/metrics`,
      node: n.name,
      labels: { ...c, ...podLabels, instance: `${n.ip}:9965` },
      openMetrics: true,
      honorLabels: false,
    });
  }
  const op = podOf('kube-system', 'cilium-operator');
  const opNode = cluster.nodes.find((n) => n.name === op?.node) ?? cluster.nodes[0];
  out.push({
    kind: 'cilium-operator',
    job: 'cilium-operator',
    path: '/targets/cilium-operator/metrics',
    labels: { ...c, namespace: 'kube-system', pod: op?.name ?? '', instance: `${opNode.ip}:9963` },
    openMetrics: false,
    honorLabels: false,
  });
  const ksm = podOf('monitoring', 'kube-state-metrics');
  out.push({
    kind: 'kube-state-metrics',
    job: 'kube-state-metrics',
    path: '/targets/kube-state-metrics/metrics',
    labels: { ...c, instance: `${ksm?.ip ?? '127.0.0.1'}:8080` },
    openMetrics: false,
    honorLabels: true,
  });
  for (const n of cluster.nodes) {
    out.push({
      kind: 'node-exporter',
      job: 'node-exporter',
      path: `/targets/node-exporter/${n.name}/metrics`,
      node: n.name,
      labels: { ...c, instance: `${n.ip}:9100` },
      openMetrics: false,
      honorLabels: false,
    });
  }
  for (const n of cluster.nodes) {
    out.push({
      kind: 'kubelet',
      job: 'kubelet',
      path: `/targets/kubelet/${n.name}/metrics`,
      node: n.name,
      labels: { ...c, node: n.name, instance: `${n.ip}:10250`, metrics_path: '/metrics' },
      openMetrics: false,
      honorLabels: true,
    });
    out.push({
      kind: 'cadvisor',
      job: 'kubelet',
      path: `/targets/kubelet/${n.name}/metrics/cadvisor`,
      node: n.name,
      labels: { ...c, node: n.name, instance: `${n.ip}:10250`, metrics_path: '/metrics/cadvisor' },
      openMetrics: false,
      honorLabels: true,
    });
  }
  return out;
}
