/**
 * Re-homes captured flows into the simulated cluster (for the looped captures of the combined
 * feed, not for a replayed --flows-file): node names map onto the kind nodes, pod endpoints are
 * replaced by the cluster's pods (same namespace and pod name; this cluster's identity, labels,
 * endpoint ID and `workloads`), reserved endpoints by this cluster's, and addresses of pods and
 * nodes by their addresses here (also inside HTTP URLs and the Summary). World addresses stay.
 */
import { hash32 } from '../rng';
import { mapCaptureNode } from '../topology/fixture-pods';
import { Cluster, NodeInfo, Pod } from '../topology/types';
import { EndpointJson, Endpoints } from './endpoint';
import { FlowJson } from './types';

type RawEp = { ID?: number; identity?: number; namespace?: string; pod_name?: string; labels?: string[] };

function otherNode(nodes: NodeInfo[], observer: NodeInfo, key: string): NodeInfo {
  const others = nodes.filter((n) => n.name !== observer.name);
  return others[hash32('remote', key) % others.length];
}

/** Re-homes all flows of one capture file (the IP map is built per file). */
export function rehomeCapture(flows: FlowJson[], cluster: Cluster, eps: Endpoints): FlowJson[] {
  const pods = new Map<string, Pod>(cluster.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const nodes = new Map(cluster.nodes.map((n) => [n.name, n]));
  const ipMap = new Map<string, string>();
  const observerOf = (f: FlowJson) => nodes.get(mapCaptureNode(f.node_name)) ?? cluster.nodes[0];
  // Pass 1: address map.
  for (const f of flows) {
    const obs = observerOf(f);
    const ip = (f.IP ?? {}) as { source?: string; destination?: string };
    for (const [side, addr] of [
      ['source', ip.source],
      ['destination', ip.destination],
    ] as const) {
      const ep = f[side] as RawEp | undefined;
      if (!ep || !addr || ipMap.has(addr)) {
        continue;
      }
      const pod = ep.pod_name ? pods.get(`${ep.namespace}/${ep.pod_name}`) : undefined;
      if (pod?.ip) {
        ipMap.set(addr, pod.ip);
      } else if (ep.identity === 1) {
        ipMap.set(addr, addr.startsWith('172.') ? obs.ip : obs.ciliumHostIp);
      } else if (ep.identity === 4) {
        ipMap.set(addr, ep.ID !== undefined ? obs.healthIp : otherNode(cluster.nodes, obs, addr).healthIp);
      } else if (ep.identity === 6) {
        ipMap.set(addr, otherNode(cluster.nodes, obs, addr).ciliumHostIp);
      }
    }
  }
  const mapIp = (a: unknown) => (typeof a === 'string' ? (ipMap.get(a) ?? a) : a);
  const mapText = (s: string) => s.replace(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g, (a) => ipMap.get(a) ?? a);
  const rehomeEp = (ep: RawEp | undefined, obs: NodeInfo): EndpointJson | RawEp | undefined => {
    if (!ep) {
      return ep;
    }
    const pod = ep.pod_name ? pods.get(`${ep.namespace}/${ep.pod_name}`) : undefined;
    if (pod) {
      return eps.pod(pod, obs);
    }
    switch (ep.identity) {
      case 1:
        return eps.host();
      case 2:
        return eps.world();
      case 4:
        return ep.ID !== undefined ? eps.health(obs, obs) : { identity: 4, labels: ['reserved:health'] };
      case 6:
        return eps.remoteNode();
    }
    return {
      ...ep,
      labels: (ep.labels ?? []).map((l) =>
        l.startsWith('k8s:io.cilium.k8s.policy.cluster=') ? `k8s:io.cilium.k8s.policy.cluster=${cluster.name}` : l
      ),
    };
  };
  // Pass 2: rewrite.
  return flows.map((f) => {
    const obs = observerOf(f);
    const out: FlowJson = { ...f, node_name: obs.name };
    delete out.uuid;
    if (f.IP && typeof f.IP === 'object') {
      const ip = f.IP as Record<string, unknown>;
      out.IP = { ...ip, source: mapIp(ip.source), destination: mapIp(ip.destination) };
    }
    out.source = rehomeEp(f.source as RawEp | undefined, obs);
    out.destination = rehomeEp(f.destination as RawEp | undefined, obs);
    const l7 = f.l7 as { http?: { url?: string } } | undefined;
    if (l7?.http?.url) {
      out.l7 = { ...l7, http: { ...l7.http, url: mapText(l7.http.url) } };
    }
    if (typeof f.Summary === 'string') {
      out.Summary = mapText(f.Summary);
    }
    return out;
  });
}
