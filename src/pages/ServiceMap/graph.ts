/**
 * The service map as the three sources (gateway, Hubble metrics, Caretta) describe it, before it
 * becomes the node graph's data frames. Rates are per second over the time range.
 */

/** What a node stands for. */
export type GraphNodeKind = 'workload' | 'reserved' | 'dns' | 'identity' | 'node' | 'external' | 'unknown';

/**
 * A node. `id` is shared with the gateway and the Flows page's pair filter where possible:
 * `namespace/workload`, `reserved:world`, `dns:api.example.com`, `identity:1234`; other sources'
 * nodes get ids of their own (`node:<name>`, `external:<name>`, `unknown`).
 */
export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** Workload name, reserved identity (`world`), DNS name, ... */
  name: string;
  /** Kubernetes namespace of a workload, "" otherwise. */
  namespace: string;
  /** Workload kind (`Deployment`) when known. */
  workloadKind?: string;
  /** Identity nodes: what the identity's labels say (`bookinfo app=productpage`), when the source knows. */
  label?: string;
}

/** An edge from client to server. Unset fields are unknown to the source (not zero). */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** HTTP requests per second. */
  requestRate?: number;
  /** Share (0..1) of HTTP requests answered with 5xx. */
  errorRatio?: number;
  /** 95th percentile HTTP duration in milliseconds. */
  p95Ms?: number;
  /** Flows per second (all verdicts). */
  flowRate?: number;
  /** Dropped flows per second. */
  dropRate?: number;
  /** Bytes per second (Caretta). */
  byteRate?: number;
  /** Destination ports, `9080/TCP`, `ICMPv4`. */
  ports: string[];
  /** L4/L7 protocols, `TCP`, `HTTP`, `DNS`. */
  protocols: string[];
}

/** Nodes and edges; every edge's source and target is a node. */
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Builds a graph while adding edges: nodes are created on first use, edges merged by id. */
export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();

  /** Adds a node, or fills in what an existing one with the same id lacks (e.g. its kind). */
  node(node: GraphNode): GraphNode {
    const existing = this.nodes.get(node.id);
    if (!existing) {
      this.nodes.set(node.id, { ...node });
      return node;
    }
    existing.workloadKind = existing.workloadKind || node.workloadKind;
    return existing;
  }

  /** The edge from `source` to `target` (created empty, both nodes added). */
  edge(source: GraphNode, target: GraphNode): GraphEdge {
    this.node(source);
    this.node(target);
    const id = `${source.id}->${target.id}`;
    let edge = this.edges.get(id);
    if (!edge) {
      edge = { id, source: source.id, target: target.id, ports: [], protocols: [] };
      this.edges.set(id, edge);
    }
    return edge;
  }

  /** Sets the kind of a workload node if it exists and has none. */
  setWorkloadKind(id: string, kind: string): void {
    const node = this.nodes.get(id);
    if (node && node.kind === 'workload' && !node.workloadKind) {
      node.workloadKind = kind;
    }
  }

  /** The graph, nodes and edges sorted by id. */
  build(): Graph {
    const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return { nodes: [...this.nodes.values()].sort(byId), edges: [...this.edges.values()].sort(byId) };
  }
}

/** Adds `value` to an optional sum. */
export function addTo(current: number | undefined, value: number): number {
  return (current ?? 0) + value;
}

/** Adds `item` to a sorted list without duplicates. */
export function addUnique(list: string[], item: string): void {
  if (item && !list.includes(item)) {
    list.push(item);
    list.sort();
  }
}
