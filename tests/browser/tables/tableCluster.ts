/**
 * The cluster the table benchmark opens (`npm run bench:tables`): `nodes` nodes and one namespace
 * holding `pods` pods spread over them, with only the kube-state-metrics v2 series the app's node
 * and pod tables read (kube_node_info, kube_node_status_condition, kube_node_status_allocatable,
 * kube_node_spec_unschedulable, kube_namespace_status_phase, kube_pod_info, kube_pod_status_phase,
 * kube_pod_container_status_restarts_total), labelled as a kube-state-metrics scrape stores them.
 * Written as one Prometheus TSDB block with the demo's block writer (demo-cluster/src/scale/).
 */
import { BlockWriter } from '../../../demo-cluster/src/scale/tsdbBlock';

/** Options of {@link writeTableCluster}. */
export interface TableClusterOptions {
  /** Prometheus data directory the block goes into. */
  dataDir: string;
  nodes: number;
  pods: number;
  /** Last sample, Unix ms; the block spans `minutes` before it at a 15 s step. */
  endMs: number;
  minutes?: number;
}

/** What was written: the namespace of the pods, the node names' pattern, the time span (Unix ms). */
export interface TableCluster {
  namespace: string;
  nodes: number;
  pods: number;
  series: number;
  firstMs: number;
  lastMs: number;
}

/** The namespace holding every pod. */
export const TABLE_NAMESPACE = 'big';
const SCRAPE: Array<[string, string]> = [
  ['job', 'kube-state-metrics'],
  ['instance', '10.96.0.10:8080'],
];

/** `node-0001`… */
export function tableNodeName(i: number): string {
  return `node-${String(i + 1).padStart(4, '0')}`;
}

/** Writes the block; returns what it holds. */
export function writeTableCluster(o: TableClusterOptions): TableCluster {
  const step = 15_000;
  const steps = Math.floor(((o.minutes ?? 70) * 60_000) / step) + 1;
  const last = Math.floor(o.endMs / step) * step;
  const times = new Float64Array(steps).map((_, i) => last - (steps - 1 - i) * step);
  const writer = new BlockWriter(o.dataDir, times);
  const constant = (v: number) => new Float64Array(steps).fill(v);
  const one = constant(1);
  const zero = constant(0);
  const add = (name: string, labels: Array<[string, string]>, values: Float64Array) =>
    writer.add([['__name__', name], ...SCRAPE, ...labels], values);

  for (let n = 0; n < o.nodes; n++) {
    const node: [string, string] = ['node', tableNodeName(n)];
    add('kube_node_info', [node, ['internal_ip', `10.0.${n >> 8}.${n & 255}`]], one);
    add('kube_node_spec_unschedulable', [node], zero);
    add('kube_node_status_allocatable', [node, ['resource', 'pods'], ['unit', 'integer']], constant(110));
    for (const status of ['true', 'false', 'unknown']) {
      add(
        'kube_node_status_condition',
        [node, ['condition', 'Ready'], ['status', status]],
        status === 'true' ? one : zero
      );
    }
  }
  add(
    'kube_namespace_status_phase',
    [
      ['namespace', TABLE_NAMESPACE],
      ['phase', 'Active'],
    ],
    one
  );
  for (let p = 0; p < o.pods; p++) {
    const pod = `app-${(p % 97).toString(36)}-${p.toString(36).padStart(5, '0')}`;
    const base: Array<[string, string]> = [
      ['namespace', TABLE_NAMESPACE],
      ['pod', pod],
      ['uid', `00000000-0000-0000-0000-${String(p).padStart(12, '0')}`],
    ];
    add(
      'kube_pod_info',
      [
        ...base,
        ['node', tableNodeName(p % o.nodes)],
        ['pod_ip', `10.${128 + (p >> 16)}.${(p >> 8) & 255}.${p & 255}`],
        ['created_by_kind', 'ReplicaSet'],
        ['created_by_name', `app-${(p % 97).toString(36)}`],
      ],
      one
    );
    add('kube_pod_status_phase', [...base, ['phase', 'Running']], one);
    add('kube_pod_container_status_restarts_total', [...base, ['container', 'app']], constant(p % 7));
  }
  const stats = writer.finish();
  return {
    namespace: TABLE_NAMESPACE,
    nodes: o.nodes,
    pods: o.pods,
    series: stats.series,
    firstMs: times[0],
    lastMs: times[steps - 1],
  };
}
