/**
 * kubelet /metrics (:10250): running pods and containers, volume statistics of the PVCs mounted
 * on the node, PLEG relist latency, evictions (kind-worker3 evicts under memory pressure once an
 * hour, sim/faults.ts), node name and build info.
 */
import { DEF_BUCKETS, Family, HistogramPoint, counter, gauge, renderLabels, sortLabels } from '../metrics/model';
import { KUBERNETES_VERSION } from '../topology/images';
import { MEMORY_PRESSURE_NODE } from '../sim/faults';
import { SimView } from '../sim/view';
import { NodeInfo } from '../topology/types';

/** A closed-form histogram: `count` observations spread as `cdf` over the default buckets. */
export function staticHistogram(
  labels: Record<string, string>,
  count: number,
  meanSeconds: number,
  bounds: readonly number[] = DEF_BUCKETS
): HistogramPoint {
  const l = sortLabels(labels);
  const counts = bounds.map((b) => Math.round(count * (1 - Math.exp(-b / meanSeconds))));
  return { labels: l, key: renderLabels(l), bounds, counts, sum: count * meanSeconds, count: Math.round(count) };
}

/** The families of one node's kubelet :10250/metrics at t (Unix ms). */
export function kubeletFamilies(sim: SimView, node: NodeInfo, tMs: number): Family[] {
  const res = sim.resources;
  const pods = sim.cluster.pods.filter((p) => p.node === node.name);
  const up = (tMs - node.bootMs) / 1000;
  let running = 0;
  let exited = 0;
  for (const p of pods) {
    for (const c of res.containersOf(p)) {
      if (res.running(c, tMs)) {
        running++;
      } else {
        exited++;
      }
    }
  }
  const fams: Family[] = [
    gauge('kubelet_node_name', "The node's name. The count is always 1.").add({ node: node.name }, 1).family(),
    gauge('kubelet_running_pods', 'Number of pods that have a running pod sandbox').add({}, pods.length).family(),
    gauge('kubelet_running_containers', 'Number of containers currently running')
      .add({ container_state: 'running' }, running)
      .add({ container_state: 'exited' }, exited)
      .add({ container_state: 'created' }, 0)
      .family(),
    gauge(
      'kubernetes_build_info',
      "A metric with a constant '1' value labeled by major, minor, git version, git commit, git tree state, build date, Go version, and compiler from which Kubernetes was built, and platform on which it is running."
    )
      .add(
        {
          build_date: '2024-08-13T07:28:49Z',
          compiler: 'gc',
          git_commit: '9edcffcde5595e8a5b1a35f88c421764e575afce',
          git_tree_state: 'clean',
          git_version: KUBERNETES_VERSION,
          go_version: 'go1.22.5',
          major: '1',
          minor: '31',
          platform: 'linux/amd64',
        },
        1
      )
      .family(),
    counter('kubelet_evictions', 'Cumulative number of pod evictions by eviction signal')
      .add(
        { eviction_signal: 'memory.available' },
        node.name === MEMORY_PRESSURE_NODE ? Math.floor((tMs - node.bootMs + 120_000) / 3_600_000) : 0
      )
      .family(),
  ];
  const cap = gauge('kubelet_volume_stats_capacity_bytes', 'Capacity in bytes of the volume');
  const avail = gauge('kubelet_volume_stats_available_bytes', 'Number of available bytes in the volume');
  const used = gauge('kubelet_volume_stats_used_bytes', 'Number of used bytes in the volume');
  const inodes = gauge('kubelet_volume_stats_inodes', 'Maximum number of inodes in the volume');
  const inodesFree = gauge('kubelet_volume_stats_inodes_free', 'Number of free inodes in the volume');
  const inodesUsed = gauge('kubelet_volume_stats_inodes_used', 'Number of used inodes in the volume');
  for (const pvc of sim.cluster.pvcs) {
    if (pvc.pod.node !== node.name) {
      continue;
    }
    const l = { namespace: pvc.namespace, persistentvolumeclaim: pvc.name };
    const usedB = Math.min(
      pvc.usedBytes0 + (pvc.growthPerHour * (tMs - sim.cluster.createdMs)) / 3_600_000,
      pvc.capacityBytes * 0.97
    );
    cap.add(l, pvc.capacityBytes);
    used.add(l, Math.round(usedB));
    avail.add(l, Math.round(pvc.capacityBytes - usedB));
    inodes.add(l, 16_384_000);
    inodesUsed.add(l, Math.round(usedB / 65_536));
    inodesFree.add(l, Math.round(16_384_000 - usedB / 65_536));
  }
  fams.push(cap.family(), avail.family(), used.family(), inodes.family(), inodesFree.family(), inodesUsed.family());
  const relists = up; // one relist per second
  fams.push({
    name: 'kubelet_pleg_relist_duration_seconds',
    help: 'Duration in seconds for relisting pods in PLEG.',
    type: 'histogram',
    points: [staticHistogram({}, relists, 0.008 + pods.length * 0.0002)],
  });
  return fams;
}
