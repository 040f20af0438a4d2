/**
 * kube-state-metrics v2 (registry.k8s.io/kube-state-metrics v2.13, :8080): object state with
 * kube-state-metrics' metric names and label sets (pods, containers, nodes, deployments,
 * replicasets, daemonsets, statefulsets, namespaces, PVCs/PVs). Faults shown here: the
 * crash-looping podinfo-cache (restarts, CrashLoopBackOff, not ready), the unschedulable
 * podinfo-backend replica (Pending, deployment unavailable) and kind-worker3's MemoryPressure.
 */
import { Family, SimpleFamily, counter, gauge } from '../metrics/model';
import { KUBERNETES_VERSION } from '../topology/images';
import { MEMORY_PRESSURE_NODE, crashLoop, memoryPressure } from '../sim/faults';
import { SimView } from '../sim/view';
import { Pod, Workload } from '../topology/types';

const sec = (ms: number) => Math.floor(ms / 1000);

type PodState = {
  phase: 'Pending' | 'Running';
  ready: boolean;
  containers: Array<{ name: string; ready: boolean; waiting?: string; restarts: number; lastTerminated?: string }>;
};

/** The state of a pod at t. */
export function podState(pod: Pod, tMs: number): PodState {
  if (pod.fault === 'unschedulable' || !pod.node) {
    return { phase: 'Pending', ready: false, containers: [] };
  }
  if (pod.fault === 'crashloop') {
    const s = crashLoop(pod.createdMs, tMs);
    return {
      phase: 'Running',
      ready: false,
      containers: pod.workload.containers.map((c) => ({
        name: c.name,
        ready: false,
        waiting: s.waiting ? 'CrashLoopBackOff' : undefined,
        restarts: s.restarts,
        lastTerminated: 'Error',
      })),
    };
  }
  return {
    phase: 'Running',
    ready: true,
    containers: pod.workload.containers.map((c) => ({ name: c.name, ready: true, restarts: 0 })),
  };
}

function podFamilies(sim: SimView, tMs: number): Family[] {
  const f = {
    info: gauge('kube_pod_info', 'Information about pod.'),
    owner: gauge('kube_pod_owner', "Information about the Pod's owner."),
    phase: gauge('kube_pod_status_phase', 'The pods current phase.'),
    ready: gauge('kube_pod_status_ready', 'Describes whether the pod is ready to serve requests.'),
    scheduled: gauge('kube_pod_status_scheduled', 'Describes the status of the scheduling process for the pod.'),
    unschedulable: gauge('kube_pod_status_unschedulable', 'Describes the unschedulable status for the pod.'),
    created: gauge('kube_pod_created', 'Unix creation timestamp'),
    start: gauge('kube_pod_start_time', 'Start time in unix timestamp for a pod.'),
    cinfo: gauge('kube_pod_container_info', 'Information about a container in a pod.'),
    cready: gauge('kube_pod_container_status_ready', 'Describes whether the containers readiness check succeeded.'),
    crunning: gauge(
      'kube_pod_container_status_running',
      'Describes whether the container is currently in running state.'
    ),
    cwaiting: gauge(
      'kube_pod_container_status_waiting',
      'Describes whether the container is currently in waiting state.'
    ),
    cterminated: gauge(
      'kube_pod_container_status_terminated',
      'Describes whether the container is currently in terminated state.'
    ),
    waitingReason: gauge(
      'kube_pod_container_status_waiting_reason',
      'Describes the reason the container is currently in waiting state.'
    ),
    lastTerminated: gauge(
      'kube_pod_container_status_last_terminated_reason',
      'Describes the last reason the container was in terminated state.'
    ),
    lastExit: gauge(
      'kube_pod_container_status_last_terminated_exitcode',
      'Describes the exit code for the last container in terminated state.'
    ),
    restarts: counter('kube_pod_container_status_restarts_total', 'The number of container restarts per container.'),
    requests: gauge(
      'kube_pod_container_resource_requests',
      'The number of requested request resource by a container. It is recommended to use the kube_pod_resource_requests metric exposed by kube-scheduler instead, as it is more precise.'
    ),
    limits: gauge(
      'kube_pod_container_resource_limits',
      'The number of requested limit resource by a container. It is recommended to use the kube_pod_resource_limits metric exposed by kube-scheduler instead, as it is more precise.'
    ),
    pvcInfo: gauge(
      'kube_pod_spec_volumes_persistentvolumeclaims_info',
      'Information about persistentvolumeclaim volumes in a pod.'
    ),
  };
  for (const pod of sim.cluster.pods) {
    const base = { namespace: pod.namespace, pod: pod.name, uid: pod.uid };
    const st = podState(pod, tMs);
    const createdBy =
      pod.ownerKind === '<none>' ? { kind: '<none>', name: '<none>' } : { kind: pod.ownerKind, name: pod.ownerName };
    f.info.add(
      {
        ...base,
        host_ip: pod.hostIp,
        pod_ip: pod.ip,
        node: pod.node,
        created_by_kind: createdBy.kind,
        created_by_name: createdBy.name,
        priority_class: pod.workload.priorityClass,
        host_network: String(pod.workload.hostNetwork),
      },
      1
    );
    f.owner.add(
      {
        ...base,
        owner_kind: createdBy.kind,
        owner_name: createdBy.name,
        owner_is_controller: pod.ownerKind === '<none>' ? '<none>' : 'true',
      },
      1
    );
    for (const phase of ['Pending', 'Succeeded', 'Failed', 'Unknown', 'Running']) {
      f.phase.add({ ...base, phase }, st.phase === phase ? 1 : 0);
    }
    f.scheduled
      .add({ ...base, condition: 'true' }, pod.node ? 1 : 0)
      .add({ ...base, condition: 'false' }, pod.node ? 0 : 1)
      .add({ ...base, condition: 'unknown' }, 0);
    f.created.add(base, sec(pod.createdMs));
    if (!pod.node) {
      f.unschedulable.add(base, 1);
    } else {
      f.ready
        .add({ ...base, condition: 'true' }, st.ready ? 1 : 0)
        .add({ ...base, condition: 'false' }, st.ready ? 0 : 1)
        .add({ ...base, condition: 'unknown' }, 0);
      f.start.add(base, sec(pod.createdMs + 2000));
    }
    pod.workload.containers.forEach((c, i) => {
      const cl = { ...base, container: c.name };
      for (const [fam, v, unit, res] of [
        [f.requests, c.cpuRequest, 'core', 'cpu'],
        [f.requests, c.memRequest, 'byte', 'memory'],
        [f.limits, c.cpuLimit, 'core', 'cpu'],
        [f.limits, c.memLimit, 'byte', 'memory'],
      ] as Array<[SimpleFamily, number | undefined, string, string]>) {
        if (v !== undefined) {
          fam.add({ ...cl, node: pod.node, resource: res, unit }, v);
        }
      }
      const cs = st.containers[i];
      if (!cs) {
        return;
      }
      const image = c.image;
      f.cinfo.add(
        {
          ...cl,
          image_spec: image,
          image,
          image_id: `${image.split(':')[0]}@sha256:${pod.containerIds[i]}`,
          container_id: `containerd://${pod.containerIds[i]}`,
        },
        1
      );
      f.cready.add(cl, cs.ready ? 1 : 0);
      f.crunning.add(cl, cs.waiting ? 0 : 1);
      f.cwaiting.add(cl, cs.waiting ? 1 : 0);
      f.cterminated.add(cl, 0);
      if (cs.waiting) {
        f.waitingReason.add({ ...cl, reason: cs.waiting }, 1);
      }
      if (cs.lastTerminated) {
        f.lastTerminated.add({ ...cl, reason: cs.lastTerminated }, 1);
        f.lastExit.add(cl, 1);
      }
      f.restarts.add(cl, cs.restarts);
    });
    for (const pvc of sim.cluster.pvcs.filter((p) => p.pod === pod)) {
      const volume = pod.workload.volumeClaimTemplates ? pvc.name.slice(0, -(pod.name.length + 1)) : 'storage';
      f.pvcInfo.add({ ...base, volume, persistentvolumeclaim: pvc.name }, 1);
    }
  }
  return Object.values(f).map((x) => x.family());
}

function nodeFamilies(sim: SimView, tMs: number): Family[] {
  const f = {
    info: gauge('kube_node_info', 'Information about a cluster node.'),
    role: gauge('kube_node_role', 'The role of a cluster node.'),
    created: gauge('kube_node_created', 'Unix creation timestamp'),
    unsched: gauge('kube_node_spec_unschedulable', 'Whether a node can schedule new pods.'),
    cond: gauge('kube_node_status_condition', 'The condition of a cluster node.'),
    cap: gauge('kube_node_status_capacity', 'The capacity for different resources of a node.'),
    alloc: gauge(
      'kube_node_status_allocatable',
      'The allocatable for different resources of a node that are available for scheduling.'
    ),
  };
  for (const n of sim.cluster.nodes) {
    f.info.add(
      {
        node: n.name,
        kernel_version: n.kernelVersion,
        os_image: n.osImage,
        container_runtime_version: 'containerd://1.7.18',
        kubelet_version: KUBERNETES_VERSION,
        kubeproxy_version: 'deprecated',
        provider_id: `kind://docker/kind-kubeobs/${n.name}`,
        pod_cidr: n.podCidr,
        system_uuid: n.systemUuid,
        internal_ip: n.ip,
      },
      1
    );
    if (n.role === 'control-plane') {
      f.role.add({ node: n.name, role: 'control-plane' }, 1);
    }
    f.created.add({ node: n.name }, sec(sim.cluster.createdMs));
    f.unsched.add({ node: n.name }, 0);
    const pressure = n.name === MEMORY_PRESSURE_NODE && memoryPressure(tMs);
    const conditions: Array<[string, boolean]> = [
      ['Ready', true],
      ['MemoryPressure', pressure],
      ['DiskPressure', false],
      ['PIDPressure', false],
      ['NetworkUnavailable', false],
    ];
    for (const [condition, on] of conditions) {
      for (const status of ['true', 'false', 'unknown']) {
        f.cond.add({ node: n.name, condition, status }, (status === 'true') === on && status !== 'unknown' ? 1 : 0);
      }
    }
    const resources: Array<[string, string, number, number]> = [
      ['cpu', 'core', n.cpuCores, n.cpuCores],
      ['memory', 'byte', n.memoryBytes, n.memoryBytes - 100 * 1024 * 1024],
      ['pods', 'integer', 110, 110],
      ['ephemeral_storage', 'byte', 250 * 1024 ** 3, 250 * 1024 ** 3],
      ['hugepages_1Gi', 'byte', 0, 0],
      ['hugepages_2Mi', 'byte', 0, 0],
    ];
    for (const [resource, unit, c, a] of resources) {
      f.cap.add({ node: n.name, resource, unit }, c);
      f.alloc.add({ node: n.name, resource, unit }, a);
    }
  }
  return Object.values(f).map((x) => x.family());
}

function workloadFamilies(sim: SimView, tMs: number): Family[] {
  const cl = sim.cluster;
  const podsOf = (w: Workload) => cl.pods.filter((p) => p.workload === w);
  const readyCount = (ps: Pod[]) => ps.filter((p) => podState(p, tMs).ready).length;
  const scheduled = (ps: Pod[]) => ps.filter((p) => !!p.node);
  const f: Record<string, SimpleFamily> = {};
  const g = (name: string, help: string) => (f[name] ??= gauge(name, help));
  for (const w of cl.workloads) {
    const ps = podsOf(w);
    const ready = readyCount(ps);
    const created = sec(cl.createdMs + 3_600_000);
    if (w.kind === 'Deployment') {
      const l = { namespace: w.namespace, deployment: w.name };
      g('kube_deployment_spec_replicas', 'Number of desired pods for a deployment.').add(l, w.replicas);
      g('kube_deployment_status_replicas', 'The number of replicas per deployment.').add(l, ps.length);
      g('kube_deployment_status_replicas_ready', 'The number of ready replicas per deployment.').add(l, ready);
      g('kube_deployment_status_replicas_available', 'The number of available replicas per deployment.').add(l, ready);
      g('kube_deployment_status_replicas_unavailable', 'The number of unavailable replicas per deployment.').add(
        l,
        ps.length - ready
      );
      g('kube_deployment_status_replicas_updated', 'The number of updated replicas per deployment.').add(l, ps.length);
      g('kube_deployment_status_observed_generation', 'The generation observed by the deployment controller.').add(
        l,
        1
      );
      g(
        'kube_deployment_metadata_generation',
        'Sequence number representing a specific generation of the desired state.'
      ).add(l, 1);
      g('kube_deployment_created', 'Unix creation timestamp').add(l, created);
      // RollingUpdate maxUnavailable 25% (rounded down): Available when ready >= replicas - maxUnavailable.
      const available = ready >= w.replicas - Math.floor(w.replicas * 0.25);
      for (const [condition, on] of [
        ['Available', available],
        ['Progressing', true],
      ] as Array<[string, boolean]>) {
        for (const status of ['true', 'false', 'unknown']) {
          g('kube_deployment_status_condition', 'The current status conditions of a deployment.').add(
            { ...l, condition, status },
            (status === 'true') === on && status !== 'unknown' ? 1 : 0
          );
        }
      }
      const rsNames = [...new Set(ps.map((p) => p.ownerName))];
      for (const rs of rsNames) {
        const rsPods = ps.filter((p) => p.ownerName === rs);
        const rl = { namespace: w.namespace, replicaset: rs };
        g('kube_replicaset_spec_replicas', 'Number of desired pods for a ReplicaSet.').add(rl, rsPods.length);
        g('kube_replicaset_status_replicas', 'The number of replicas per ReplicaSet.').add(rl, rsPods.length);
        g('kube_replicaset_status_ready_replicas', 'The number of ready replicas per ReplicaSet.').add(
          rl,
          readyCount(rsPods)
        );
        g('kube_replicaset_status_fully_labeled_replicas', 'The number of fully labeled replicas per ReplicaSet.').add(
          rl,
          rsPods.length
        );
        g('kube_replicaset_owner', "Information about the ReplicaSet's owner.").add(
          { ...rl, owner_kind: 'Deployment', owner_name: w.name, owner_is_controller: 'true' },
          1
        );
        g('kube_replicaset_created', 'Unix creation timestamp').add(rl, created);
      }
    } else if (w.kind === 'DaemonSet') {
      const l = { namespace: w.namespace, daemonset: w.name };
      const s = scheduled(ps).length;
      g(
        'kube_daemonset_status_desired_number_scheduled',
        'The number of nodes that should be running the daemon pod.'
      ).add(l, cl.nodes.length);
      g(
        'kube_daemonset_status_current_number_scheduled',
        'The number of nodes running at least one daemon pod and are supposed to.'
      ).add(l, s);
      g(
        'kube_daemonset_status_number_ready',
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'
      ).add(l, ready);
      g(
        'kube_daemonset_status_number_available',
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available'
      ).add(l, ready);
      g(
        'kube_daemonset_status_number_unavailable',
        'The number of nodes that should be running the daemon pod and have none of the daemon pod running and available'
      ).add(l, cl.nodes.length - ready);
      g(
        'kube_daemonset_status_number_misscheduled',
        'The number of nodes running a daemon pod but are not supposed to.'
      ).add(l, 0);
      g(
        'kube_daemonset_status_updated_number_scheduled',
        'The total number of nodes that are running updated daemon pod'
      ).add(l, s);
      g(
        'kube_daemonset_status_observed_generation',
        'The most recent generation observed by the daemon set controller.'
      ).add(l, 1);
      g(
        'kube_daemonset_metadata_generation',
        'Sequence number representing a specific generation of the desired state.'
      ).add(l, 1);
      g('kube_daemonset_created', 'Unix creation timestamp').add(l, created);
    } else if (w.kind === 'StatefulSet') {
      const l = { namespace: w.namespace, statefulset: w.name };
      const rev = `${w.name}-${w.name.length > 4 ? '5d8f6c7b9' : '7c9d5b8f6'}`;
      g('kube_statefulset_replicas', 'Number of desired pods for a StatefulSet.').add(l, w.replicas);
      g('kube_statefulset_status_replicas', 'The number of replicas per StatefulSet.').add(l, ps.length);
      g('kube_statefulset_status_replicas_ready', 'The number of ready replicas per StatefulSet.').add(l, ready);
      g('kube_statefulset_status_replicas_available', 'The number of available replicas per StatefulSet.').add(
        l,
        ready
      );
      g('kube_statefulset_status_replicas_current', 'The number of current replicas per StatefulSet.').add(
        l,
        ps.length
      );
      g('kube_statefulset_status_replicas_updated', 'The number of updated replicas per StatefulSet.').add(
        l,
        ps.length
      );
      g('kube_statefulset_status_observed_generation', 'The generation observed by the StatefulSet controller.').add(
        l,
        1
      );
      g(
        'kube_statefulset_metadata_generation',
        'Sequence number representing a specific generation of the desired state for the StatefulSet.'
      ).add(l, 1);
      g(
        'kube_statefulset_status_current_revision',
        'Indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).'
      ).add({ ...l, revision: rev }, 1);
      g(
        'kube_statefulset_status_update_revision',
        'Indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)'
      ).add({ ...l, revision: rev }, 1);
      g('kube_statefulset_created', 'Unix creation timestamp').add(l, created);
    }
  }
  return Object.values(f).map((x) => x.family());
}

function namespaceAndStorageFamilies(sim: SimView): Family[] {
  const cl = sim.cluster;
  const phase = gauge('kube_namespace_status_phase', 'kubernetes namespace status phase.');
  const nsCreated = gauge('kube_namespace_created', 'Unix creation timestamp');
  for (const ns of cl.namespaces) {
    phase.add({ namespace: ns, phase: 'Active' }, 1).add({ namespace: ns, phase: 'Terminating' }, 0);
    nsCreated.add({ namespace: ns }, sec(cl.createdMs + (ns.startsWith('kube') || ns === 'default' ? 0 : 3_000_000)));
  }
  const info = gauge('kube_persistentvolumeclaim_info', 'Information about persistent volume claim.');
  const pvcPhase = gauge(
    'kube_persistentvolumeclaim_status_phase',
    'The phase the persistent volume claim is currently in.'
  );
  const req = gauge(
    'kube_persistentvolumeclaim_resource_requests_storage_bytes',
    'The capacity of storage requested by the persistent volume claim.'
  );
  const mode = gauge(
    'kube_persistentvolumeclaim_access_mode',
    'The access mode(s) specified by the persistent volume claim.'
  );
  const pvInfo = gauge('kube_persistentvolume_info', 'Information about persistentvolume.');
  const pvCap = gauge('kube_persistentvolume_capacity_bytes', 'Persistentvolume capacity in bytes.');
  const pvPhase = gauge(
    'kube_persistentvolume_status_phase',
    'The phase indicates if a volume is available, bound to a claim, or released by a claim.'
  );
  for (const pvc of cl.pvcs) {
    const l = { namespace: pvc.namespace, persistentvolumeclaim: pvc.name };
    info.add({ ...l, storageclass: pvc.storageClass, volumename: pvc.volumeName, volumemode: 'Filesystem' }, 1);
    for (const p of ['Lost', 'Bound', 'Pending']) {
      pvcPhase.add({ ...l, phase: p }, p === 'Bound' ? 1 : 0);
    }
    req.add(l, pvc.capacityBytes);
    mode.add({ ...l, access_mode: 'ReadWriteOnce' }, 1);
    pvInfo.add(
      {
        persistentvolume: pvc.volumeName,
        storageclass: pvc.storageClass,
        gce_persistent_disk_name: '',
        ebs_volume_id: '',
        azure_disk_name: '',
        fc_wwids: '',
        fc_lun: '',
        fc_target_wwns: '',
        iscsi_target_portal: '',
        iscsi_iqn: '',
        iscsi_lun: '',
        iscsi_initiator_name: '',
        nfs_server: '',
        nfs_path: '',
        csi_driver: '',
        csi_volume_handle: '',
        local_path: `/var/local-path-provisioner/${pvc.volumeName}_${pvc.namespace}_${pvc.name}`,
        local_fs: '',
        host_path: '',
        host_path_type: '',
      },
      1
    );
    pvCap.add({ persistentvolume: pvc.volumeName }, pvc.capacityBytes);
    for (const p of ['Pending', 'Available', 'Bound', 'Released', 'Failed']) {
      pvPhase.add({ persistentvolume: pvc.volumeName, phase: p }, p === 'Bound' ? 1 : 0);
    }
  }
  return [phase, nsCreated, info, pvcPhase, req, mode, pvInfo, pvCap, pvPhase].map((x) => x.family());
}

/** All kube-state-metrics families at t. */
export function ksmFamilies(sim: SimView, tMs: number): Family[] {
  return [
    ...podFamilies(sim, tMs),
    ...nodeFamilies(sim, tMs),
    ...workloadFamilies(sim, tMs),
    ...namespaceAndStorageFamilies(sim),
  ];
}
