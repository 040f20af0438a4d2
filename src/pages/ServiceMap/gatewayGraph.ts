import { flowTimeMs } from '../../gateway/flowTime';
import { GatewayMapNode, ServiceMapResponse } from '../../gateway/types';
import { Graph, GraphBuilder, GraphNode, addUnique } from './graph';

/**
 * The gateway's service map (`GET /api/v1/service-map`, as the gateway data source's frames carry
 * it) as a Graph. Counts become rates over the answer's `window` (slot-aligned, so it can be wider
 * than the range asked for; the data source sets it to the range asked for when the gateway sends
 * none): requests, flows and drops per second; the error ratio is 5xx responses over responses;
 * p95 comes from the gateway in milliseconds.
 */

function toNode(n: GatewayMapNode): GraphNode {
  return {
    id: n.id,
    kind: n.type,
    name: n.name,
    namespace: n.namespace ?? '',
    workloadKind: n.workload_kind || undefined,
    label: n.label || undefined,
  };
}

/** Seconds the counts cover: the answer's window, else `fallback` (epoch ms), else 1 s; at least 1 s. */
export function windowSeconds(map: ServiceMapResponse, fallback?: { from: number; to: number }): number {
  const since = flowTimeMs(map.window?.since);
  const until = flowTimeMs(map.window?.until);
  const ms =
    Number.isFinite(since) && Number.isFinite(until) ? until - since : fallback ? fallback.to - fallback.from : 0;
  return Math.max(1, ms / 1000);
}

/** Converts the gateway's answer; `range` (epoch ms) is used when the answer has no window. */
export function gatewayGraph(map: ServiceMapResponse, range?: { from: number; to: number }): Graph {
  const seconds = windowSeconds(map, range);
  const nodes = new Map(map.nodes.map((n) => [n.id, toNode(n)]));
  const nodeOf = (id: string): GraphNode => nodes.get(id) ?? { id, kind: 'unknown', name: id, namespace: '' };
  const b = new GraphBuilder();
  for (const e of map.edges) {
    const edge = b.edge(nodeOf(e.source), nodeOf(e.target));
    edge.flowRate = e.flows / seconds;
    edge.dropRate = (e.verdicts?.DROPPED ?? 0) / seconds;
    for (const p of e.ports ?? []) {
      addUnique(edge.ports, p.port ? `${p.port}/${p.protocol}` : p.protocol);
    }
    for (const p of e.protocols ?? []) {
      addUnique(edge.protocols, p);
    }
    if (e.http) {
      edge.requestRate = e.http.requests / seconds;
      if (e.http.responses > 0) {
        edge.errorRatio = e.http.errors / e.http.responses;
      }
      if (e.http.latency_ms) {
        edge.p95Ms = e.http.latency_ms.p95;
      }
    }
  }
  // nodes without edges in the answer (none today, but the API allows them)
  for (const n of nodes.values()) {
    b.node(n);
  }
  return b.build();
}
