import { DataFrame } from '@grafana/data';
import { SERVICE_MAP_REFS } from '../../queries/hubble/serviceMap';
import { Graph, GraphBuilder, GraphNode, addTo, addUnique } from './graph';
import { promRows } from './promRows';

/**
 * The service map from Caretta (`caretta_links_observed`, the catalogue's `map-caretta` query) as a
 * Graph: one edge per client → server link with its bytes per second and server ports. Caretta
 * names each end with a kind: Kubernetes workload kinds (Deployment, StatefulSet, DaemonSet, ...),
 * `pod`, `node`, or `external` (an address outside the cluster).
 */

/** The node of one Caretta end (`client_*` or `server_*` labels). */
export function carettaNode(
  namespace: string | undefined,
  name: string | undefined,
  kind: string | undefined
): GraphNode {
  const k = (kind ?? '').toLowerCase();
  if (!name) {
    return { id: 'unknown', kind: 'unknown', name: 'unknown', namespace: '' };
  }
  if (k === 'node') {
    return { id: `node:${name}`, kind: 'node', name, namespace: '' };
  }
  if (k === 'external' || !namespace) {
    return { id: `external:${name}`, kind: 'external', name, namespace: '' };
  }
  return {
    id: `${namespace}/${name}`,
    kind: 'workload',
    name,
    namespace,
    workloadKind: k === 'pod' ? undefined : kind,
  };
}

/** Builds the graph from the query runner's frames (refId `caretta`). */
export function carettaGraph(frames: DataFrame[]): Graph {
  const b = new GraphBuilder();
  for (const r of promRows(frames, SERVICE_MAP_REFS.caretta)) {
    const l = r.labels;
    const e = b.edge(
      carettaNode(l.client_namespace, l.client_name, l.client_kind),
      carettaNode(l.server_namespace, l.server_name, l.server_kind)
    );
    e.byteRate = addTo(e.byteRate, r.value);
    if (l.server_port) {
      addUnique(e.ports, `${l.server_port}/TCP`);
    }
    addUnique(e.protocols, 'TCP');
  }
  return b.build();
}
