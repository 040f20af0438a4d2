import { DataFrame } from '@grafana/data';
import { SERVICE_MAP_REFS as REF } from '../../queries/hubble/serviceMap';
import { Graph, GraphBuilder, GraphNode, addTo, addUnique } from './graph';
import { promRows } from './promRows';

/**
 * The service map from Hubble metrics (the catalogue's `map-http`, `map-flows` and
 * `map-workload-kinds` queries, src/queries/hubble/serviceMap.ts) as a Graph:
 * - HTTP edges from `source_/destination_namespace` + `source_/destination_workload`: requests/s,
 *   5xx ratio (errors/s over requests/s) and p95 (seconds → ms);
 * - flow edges from the `source`/`destination` context labels (workload name, or a reserved
 *   identity such as `reserved:world`) + namespaces: flows/s and dropped flows/s;
 * - workload kinds from kube-state-metrics, so workload nodes open their workload page.
 * Endpoints without a workload or identity label become the node `unknown` ("not a pod"); flow rows
 * without any context label (the documented configuration) are not edges.
 */

const UNKNOWN: GraphNode = { id: 'unknown', kind: 'unknown', name: 'not a pod', namespace: '' };

/** A node from a namespace and a workload name (HTTP labels). */
export function workloadNode(namespace: string | undefined, workload: string | undefined): GraphNode {
  if (!workload) {
    return UNKNOWN;
  }
  return { id: `${namespace ?? ''}/${workload}`, kind: 'workload', name: workload, namespace: namespace ?? '' };
}

/** A node from a flow context label (`workload-name|reserved-identity`) and its namespace. */
export function contextNode(namespace: string | undefined, value: string | undefined): GraphNode {
  if (value?.startsWith('reserved:')) {
    return { id: value, kind: 'reserved', name: value.slice('reserved:'.length), namespace: '' };
  }
  return workloadNode(namespace, value);
}

/** Builds the graph from the query runner's frames (refIds of SERVICE_MAP_REFS; missing ones are skipped). */
export function metricsGraph(frames: DataFrame[]): Graph {
  const b = new GraphBuilder();
  const httpEdge = (l: Record<string, string>) =>
    b.edge(
      workloadNode(l.source_namespace, l.source_workload),
      workloadNode(l.destination_namespace, l.destination_workload)
    );

  for (const r of promRows(frames, REF.requests)) {
    const e = httpEdge(r.labels);
    e.requestRate = addTo(e.requestRate, r.value);
    addUnique(e.protocols, 'HTTP');
  }
  const errors = new Map<string, number>();
  for (const r of promRows(frames, REF.errors)) {
    const e = httpEdge(r.labels);
    errors.set(e.id, (errors.get(e.id) ?? 0) + r.value);
  }
  for (const r of promRows(frames, REF.p95)) {
    const e = httpEdge(r.labels);
    e.p95Ms = Math.max(e.p95Ms ?? 0, r.value * 1000);
  }
  for (const r of promRows(frames, REF.flows)) {
    const l = r.labels;
    if (!l.source && !l.destination) {
      // without source/destination context (Cilium's documented configuration) the flow metric
      // sums to one row per verdict with no endpoints: that is not an edge
      continue;
    }
    const e = b.edge(contextNode(l.source_namespace, l.source), contextNode(l.destination_namespace, l.destination));
    e.flowRate = addTo(e.flowRate, r.value);
    e.dropRate = addTo(e.dropRate, l.verdict === 'DROPPED' ? r.value : 0);
  }
  for (const r of promRows(frames, REF.kinds)) {
    const { namespace, owner_kind: kind, owner_name: name } = r.labels;
    if (namespace && kind && name) {
      b.setWorkloadKind(`${namespace}/${name}`, kind);
    }
  }
  const graph = b.build();
  for (const e of graph.edges) {
    if (e.requestRate !== undefined && e.requestRate > 0) {
      e.errorRatio = Math.min(1, (errors.get(e.id) ?? 0) / e.requestRate);
    }
  }
  return graph;
}
