/**
 * Hubble endpoints (flow.Endpoint) for the pods and reserved identities of the cluster.
 * A pod endpoint carries `ID` only when the observing node is the pod's node (as Hubble prints
 * remote endpoints without an endpoint ID). Reserved identities (pkg/identity): host 1, world 2,
 * health 4, remote-node 6, kube-apiserver 7.
 */
import { Cluster, NodeInfo, Pod } from '../topology/types';

/** flow.Endpoint in JSON form. Shared between flows: treat as read-only. */
export type EndpointJson = {
  ID?: number;
  identity: number;
  cluster_name?: string;
  namespace?: string;
  labels: string[];
  pod_name?: string;
  workloads?: Array<{ name: string; kind: string }>;
};

/** A traffic party: an endpoint as seen from a node, its IP and (for pods) its node. */
export type Party = { ip: string; node?: NodeInfo; pod?: Pod; ep(observer: NodeInfo): EndpointJson };

/** Builds and caches endpoint JSON objects for one cluster. */
export class Endpoints {
  private cache = new Map<string, EndpointJson>();
  private podCache = new Map<Pod, [EndpointJson | undefined, EndpointJson | undefined]>();
  readonly nodeByName: Map<string, NodeInfo>;

  constructor(readonly cluster: Cluster) {
    this.nodeByName = new Map(cluster.nodes.map((n) => [n.name, n]));
  }

  /** The endpoint of a pod as seen by `observer`. */
  pod(pod: Pod, observer: NodeInfo): EndpointJson {
    const local = pod.node === observer.name;
    let pair = this.podCache.get(pod);
    if (!pair) {
      pair = [undefined, undefined];
      this.podCache.set(pod, pair);
    }
    let ep = pair[local ? 1 : 0];
    if (!ep) {
      if (pod.workload.hostNetwork) {
        ep = local ? this.host() : this.remoteNode();
      } else {
        const kind = pod.workload.kind === 'StaticPod' ? undefined : pod.workload.kind;
        ep = {
          ...(local ? { ID: pod.endpointId } : {}),
          identity: pod.identity,
          cluster_name: this.cluster.name,
          namespace: pod.namespace,
          labels: pod.ciliumLabels,
          pod_name: pod.name,
          ...(kind ? { workloads: [{ name: pod.workload.name, kind }] } : {}),
        };
      }
      pair[local ? 1 : 0] = ep;
    }
    return ep;
  }

  host(): EndpointJson {
    return this.reserved('host', 1, ['reserved:host']);
  }
  world(): EndpointJson {
    return this.reserved('world', 2, ['reserved:world']);
  }
  remoteNode(): EndpointJson {
    return this.reserved('remote-node', 6, ['reserved:remote-node']);
  }
  /** The cilium-health endpoint of `node` as seen from `observer`. */
  health(node: NodeInfo, observer: NodeInfo): EndpointJson {
    const local = node.name === observer.name;
    const key = `health/${node.name}/${local}`;
    let ep = this.cache.get(key);
    if (!ep) {
      ep = { ...(local ? { ID: node.healthEndpointId } : {}), identity: 4, labels: ['reserved:health'] };
      this.cache.set(key, ep);
    }
    return ep;
  }
  /** kube-apiserver (host network on the control plane): local host or remote node identity. */
  kubeApiserver(observer: NodeInfo): EndpointJson {
    return observer.role === 'control-plane'
      ? this.reserved('apiserver-local', 1, ['reserved:host', 'reserved:kube-apiserver'])
      : this.reserved('apiserver-remote', 7, ['reserved:kube-apiserver', 'reserved:remote-node']);
  }

  private reserved(key: string, identity: number, labels: string[]): EndpointJson {
    let ep = this.cache.get(key);
    if (!ep) {
      ep = { identity, labels };
      this.cache.set(key, ep);
    }
    return ep;
  }

  /** A pod as a traffic party. */
  podParty(pod: Pod): Party {
    return { ip: pod.ip, node: this.nodeByName.get(pod.node), pod, ep: (o) => this.pod(pod, o) };
  }
  /** The world (an address outside the cluster). */
  worldParty(ip: string): Party {
    return { ip, ep: () => this.world() };
  }
  /** A node's host network stack (e.g. kubelet, host-network pods), as a traffic party. */
  nodeParty(node: NodeInfo): Party {
    return { ip: node.ip, node, ep: (o) => (o.name === node.name ? this.host() : this.remoteNode()) };
  }
}
