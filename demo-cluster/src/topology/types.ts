/**
 * The simulated cluster's objects. Field names follow the Kubernetes objects they stand for; the
 * exporters read these to emit kube-state-metrics, cAdvisor, kubelet, node-exporter and Cilium
 * series, and the flow generator reads them to build Hubble endpoints, so every source agrees.
 */

/** A kind node (a Docker container on the `kind` network 172.18.0.0/16). */
export type NodeInfo = {
  name: string;
  /** 0 for the control plane, 1.. for workers; also the third octet of the pod CIDR. */
  index: number;
  role: 'control-plane' | 'worker';
  /** InternalIP, e.g. 172.18.0.2 (kube_node_info{internal_ip}, node-exporter/kubelet instance). */
  ip: string;
  /** Pod CIDR assigned to the node, 10.244.<index>.0/24 (kube_node_info{pod_cidr}). */
  podCidr: string;
  /** IP of the node's cilium_host interface (source of host-originated pod traffic). */
  ciliumHostIp: string;
  /** IP of the node's cilium-health endpoint (reserved:health). */
  healthIp: string;
  /** cilium-health endpoint ID on this node. */
  healthEndpointId: number;
  /** Capacity: CPU cores and memory bytes (kube_node_status_capacity, node_memory_MemTotal_bytes). */
  cpuCores: number;
  memoryBytes: number;
  /** Node "boot" time (Unix ms), node_boot_time_seconds. */
  bootMs: number;
  systemUuid: string;
  kernelVersion: string;
  osImage: string;
};

/** A container as declared in a pod template. CPU in cores, memory in bytes. */
export type ContainerSpec = {
  name: string;
  image: string;
  cpuRequest?: number;
  cpuLimit?: number;
  memRequest?: number;
  memLimit?: number;
  /** Typical CPU use (cores) and memory working set (bytes) of the simulated process. */
  baseCpu: number;
  baseMem: number;
};

/** Owner controller kinds that appear in kube_pod_owner / Hubble `workloads[].kind`. */
export type WorkloadKind = 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'StaticPod';

/** A workload: a Deployment (through its ReplicaSets), DaemonSet, StatefulSet or static pods. */
export type Workload = {
  kind: WorkloadKind;
  name: string;
  namespace: string;
  /** Desired replicas (Deployment/StatefulSet spec.replicas; DaemonSet: desired scheduled). */
  replicas: number;
  /** Pod labels (the identity-relevant ones, `app`/`k8s-app`/...). */
  labels: Record<string, string>;
  serviceAccount: string;
  containers: ContainerSpec[];
  hostNetwork: boolean;
  priorityClass: string;
  /** Names of the PVC templates of a StatefulSet (claim name = `<template>-<pod>`). */
  volumeClaimTemplates?: Array<{ name: string; storageBytes: number }>;
  /** Name of a plain PVC mounted by a Deployment's pods. */
  claimName?: string;
  claimBytes?: number;
  /** Nodes a Deployment/StatefulSet replica is pinned to, in replica order (optional). */
  placement?: string[];
  /** True when the workload was derived from the Hubble captures in the fixtures folder. */
  fromFixture: boolean;
};

/** One running (or pending) pod. */
export type Pod = {
  name: string;
  namespace: string;
  uid: string;
  workload: Workload;
  /** Owner as kube_pod_owner reports it: ReplicaSet / DaemonSet / StatefulSet / Node. */
  ownerKind: 'ReplicaSet' | 'DaemonSet' | 'StatefulSet' | 'Node' | '<none>';
  ownerName: string;
  /** Node name; empty when the pod is Pending (unschedulable). */
  node: string;
  /** Pod IP; empty when Pending. hostNetwork pods use the node IP. */
  ip: string;
  hostIp: string;
  createdMs: number;
  /** Identity labels in Cilium form (`k8s:app=x`, ...), sorted. */
  ciliumLabels: string[];
  /** Cilium security identity (numeric). Pods of one workload share it. */
  identity: number;
  /** Cilium endpoint ID on its node. */
  endpointId: number;
  /** lxc interface name and index on the node. */
  lxcName: string;
  lxcIndex: number;
  /** containerd container IDs (64 hex), one per container, and the sandbox ID. */
  containerIds: string[];
  sandboxId: string;
  /** Scripted behaviour attached to this pod (see sim/faults.ts). */
  fault?: 'crashloop' | 'unschedulable';
};

/** A ClusterIP Service selecting a workload. */
export type Service = {
  name: string;
  namespace: string;
  clusterIp: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  /** The workload whose pods back the service. */
  workload: Workload;
};

/** A PersistentVolumeClaim bound to a local-path volume. */
export type Pvc = {
  name: string;
  namespace: string;
  volumeName: string;
  storageClass: string;
  capacityBytes: number;
  /** The pod mounting it (kubelet_volume_stats are reported by that pod's node). */
  pod: Pod;
  /** Bytes used at the simulation epoch and growth per hour. */
  usedBytes0: number;
  growthPerHour: number;
};

/** The whole simulated cluster. */
export type Cluster = {
  /** Cluster name: `cluster` scrape label and Cilium `cluster.name` (`k8s:io.cilium.k8s.policy.cluster`). */
  name: string;
  seed: number | string;
  /** When the cluster was created (Unix ms): creation timestamps of nodes, namespaces, objects. */
  createdMs: number;
  nodes: NodeInfo[];
  namespaces: string[];
  workloads: Workload[];
  pods: Pod[];
  services: Service[];
  pvcs: Pvc[];
};
