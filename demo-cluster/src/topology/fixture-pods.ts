/**
 * Derives workloads and pods from real Hubble captures, so that the pods named in the re-timed
 * captures also exist in kube-state-metrics, cAdvisor and the Cilium endpoint counts.
 *
 * - Pod name patterns (Kubernetes naming): `<deployment>-<template-hash>-<5 chars>` is a
 *   ReplicaSet pod, `<daemonset>-<5 chars>` a DaemonSet pod, `<statefulset>-<ordinal>` a
 *   StatefulSet pod.
 * - A pod is placed on the node that observed it as a local endpoint (the endpoint carries `ID`).
 * - Capture node names are mapped onto the kind nodes (table below, hash fallback for others).
 */
import { FlowJson } from '../flows/types';
import { hash32 } from '../rng';
import { K8S_ALPHABET } from './names';
import { WorkloadKind } from './types';

/** The kind nodes, control plane first (node IPs 172.18.0.2-5 in this order). */
export const KIND_NODES = ['kind-control-plane', 'kind-worker', 'kind-worker2', 'kind-worker3'];

/** Capture node -> kind node, chosen so the node-local-dns DaemonSet lands once per node. */
const KNOWN_NODE_MAP: Record<string, string> = {
  'kind-control-plane': 'kind-control-plane',
  'gke-ilya-otel-demo-1-ilya-otel-demo-1-6114bb84-zr1l': 'kind-worker',
  'gke-ilya-otel-demo-2-ilya-otel-demo-2-dac8cc20-hr0z': 'kind-worker',
  'gke-ilya-otel-demo-2-ilya-otel-demo-2-dac8cc20-5236': 'kind-worker2',
  'gke-ilya-otel-demo-2-ilya-otel-demo-2-dac8cc20-snzw': 'kind-worker3',
  'gke-ilya-otel-demo-2-ilya-otel-demo-2-dac8cc20-979h': 'kind-control-plane',
};

/** Maps a node name found in a capture to one of the kind nodes. */
export function mapCaptureNode(name: string): string {
  if (KNOWN_NODE_MAP[name]) {
    return KNOWN_NODE_MAP[name];
  }
  if (KIND_NODES.includes(name)) {
    return name;
  }
  return KIND_NODES[hash32('node-map', name) % KIND_NODES.length];
}

/** A pod seen in a capture, with the workload it belongs to. */
export type FixturePod = {
  namespace: string;
  name: string;
  workloadKind: WorkloadKind | 'Pod';
  workloadName: string;
  /** ReplicaSet template hash for Deployment pods. */
  templateHash?: string;
  /** kind node the pod is placed on ('' = not observed locally: the cluster builder places it). */
  node: string;
  /** Identity labels as captured (the cluster label is rewritten by the cluster builder). */
  ciliumLabels: string[];
};

const A = `[${K8S_ALPHABET}]`;
const RS_POD = new RegExp(`^(.+)-(${A}{6,10})-(${A}{5})$`);
const DS_POD = new RegExp(`^(.+)-(${A}{5})$`);
const STS_POD = /^(.+)-(\d+)$/;

/** Classifies a pod name by the Kubernetes naming pattern of its owner. */
export function classifyPodName(name: string): { kind: WorkloadKind | 'Pod'; workload: string; hash?: string } {
  let m = RS_POD.exec(name);
  if (m) {
    return { kind: 'Deployment', workload: m[1], hash: m[2] };
  }
  m = DS_POD.exec(name);
  if (m) {
    return { kind: 'DaemonSet', workload: m[1] };
  }
  m = STS_POD.exec(name);
  if (m) {
    return { kind: 'StatefulSet', workload: m[1] };
  }
  return { kind: 'Pod', workload: name };
}

type Ep = { ID?: number; namespace?: string; pod_name?: string; labels?: string[] };

/** Collects the pods named in the flows, in first-seen order, with their placement. */
export function podsFromCaptures(flows: FlowJson[]): FixturePod[] {
  const pods = new Map<string, FixturePod>();
  for (const flow of flows) {
    const observer = mapCaptureNode(String(flow.node_name ?? ''));
    for (const side of ['source', 'destination'] as const) {
      const ep = flow[side] as Ep | undefined;
      if (!ep?.pod_name || !ep.namespace) {
        continue;
      }
      const key = `${ep.namespace}/${ep.pod_name}`;
      let pod = pods.get(key);
      if (!pod) {
        const c = classifyPodName(ep.pod_name);
        pod = {
          namespace: ep.namespace,
          name: ep.pod_name,
          workloadKind: c.kind,
          workloadName: c.workload,
          templateHash: c.hash,
          node: '',
          ciliumLabels: [...(ep.labels ?? [])],
        };
        pods.set(key, pod);
      }
      // Prefer the pod's own identity labels over a reserved identity it was seen with (e.g. the
      // source of a SNATed reply shows as reserved:world with the pod name attached).
      const reserved = (ls: string[]) => ls.length === 0 || ls.some((l) => l.startsWith('reserved:'));
      if (reserved(pod.ciliumLabels) && !reserved(ep.labels ?? [])) {
        pod.ciliumLabels = [...(ep.labels ?? [])];
      }
      if (ep.ID !== undefined && !pod.node) {
        pod.node = observer;
      }
    }
  }
  for (const pod of pods.values()) {
    if (pod.ciliumLabels.length === 0 || pod.ciliumLabels.some((l) => l.startsWith('reserved:'))) {
      pod.ciliumLabels = [
        `k8s:app=${pod.workloadName.replace(/-v\d+$/, '')}`,
        'k8s:io.cilium.k8s.policy.cluster=default',
        'k8s:io.cilium.k8s.policy.serviceaccount=default',
        `k8s:io.kubernetes.pod.namespace=${pod.namespace}`,
      ];
    }
  }
  return [...pods.values()];
}
