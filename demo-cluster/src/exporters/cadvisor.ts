/**
 * cAdvisor as the kubelet serves it (/metrics/cadvisor, :10250): container_* series labelled
 * container, id (cgroup path), image, name (containerd ID), namespace, pod, plus the pod-level
 * cgroup series (container="", image="", name="") that cAdvisor also reports, and the root cgroup
 * ("/"). kind runs kubelet with the systemd cgroup driver under /kubelet.slice. Network
 * statistics are per pod (the sandbox's eth0), on the pod-level series. Containers of a
 * crash-looping pod only have series while they run.
 */
import { Family, counter, gauge } from '../metrics/model';
import { ContainerModel } from '../sim/resources';
import { SimView } from '../sim/view';
import { NodeInfo, Pod } from '../topology/types';

function qos(pod: Pod): 'guaranteed' | 'burstable' | 'besteffort' {
  const cs = pod.workload.containers;
  if (
    cs.every(
      (c) =>
        c.cpuRequest === undefined && c.memRequest === undefined && c.cpuLimit === undefined && c.memLimit === undefined
    )
  ) {
    return 'besteffort';
  }
  return 'burstable';
}

/** The pod's cgroup under kind's kubelet slice. */
export function podCgroup(pod: Pod): string {
  const q = qos(pod);
  const u = pod.uid.replace(/-/g, '_');
  return `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-${q}.slice/kubelet-kubepods-${q}-pod${u}.slice`;
}

/** The families of one node's /metrics/cadvisor at t (Unix ms). */
export function cadvisorFamilies(sim: SimView, node: NodeInfo, tMs: number): Family[] {
  const res = sim.resources;
  const t = tMs / 1000;
  const f = {
    cpu: counter('container_cpu_usage_seconds_total', 'Cumulative cpu time consumed in seconds.'),
    user: counter('container_cpu_user_seconds_total', 'Cumulative user cpu time consumed in seconds.'),
    sys: counter('container_cpu_system_seconds_total', 'Cumulative system cpu time consumed in seconds.'),
    periods: counter('container_cpu_cfs_periods_total', 'Number of elapsed enforcement period intervals.'),
    throttled: counter('container_cpu_cfs_throttled_periods_total', 'Number of throttled period intervals.'),
    throttledS: counter(
      'container_cpu_cfs_throttled_seconds_total',
      'Total time duration the container has been throttled.'
    ),
    ws: gauge('container_memory_working_set_bytes', 'Current working set in bytes.'),
    usage: gauge(
      'container_memory_usage_bytes',
      'Current memory usage in bytes, including all memory regardless of when it was accessed'
    ),
    rss: gauge('container_memory_rss', 'Size of RSS in bytes.'),
    cache: gauge('container_memory_cache', 'Number of bytes of page cache memory.'),
    memLimit: gauge('container_spec_memory_limit_bytes', 'Memory limit for the container.'),
    quota: gauge('container_spec_cpu_quota', 'CPU quota of the container.'),
    period: gauge('container_spec_cpu_period', 'CPU period of the container.'),
    shares: gauge('container_spec_cpu_shares', 'CPU share of the container.'),
    start: gauge('container_start_time_seconds', 'Start time of the container since unix epoch in seconds.'),
    lastSeen: gauge('container_last_seen', 'Last time a container was seen by the exporter'),
    oom: counter('container_oom_events_total', 'Count of out of memory events observed for the container'),
    rxB: counter('container_network_receive_bytes_total', 'Cumulative count of bytes received'),
    txB: counter('container_network_transmit_bytes_total', 'Cumulative count of bytes transmitted'),
    rxP: counter('container_network_receive_packets_total', 'Cumulative count of packets received'),
    txP: counter('container_network_transmit_packets_total', 'Cumulative count of packets transmitted'),
    rxD: counter(
      'container_network_receive_packets_dropped_total',
      'Cumulative count of packets dropped while receiving'
    ),
    txD: counter(
      'container_network_transmit_packets_dropped_total',
      'Cumulative count of packets dropped while transmitting'
    ),
    rxE: counter('container_network_receive_errors_total', 'Cumulative count of errors encountered while receiving'),
    txE: counter(
      'container_network_transmit_errors_total',
      'Cumulative count of errors encountered while transmitting'
    ),
  };
  const cpuSeries = (
    labels: Record<string, string>,
    seconds: number,
    withThrottle?: { limit: number; ratio: number; ageSec: number }
  ) => {
    f.cpu.add({ ...labels, cpu: 'total' }, seconds);
    f.user.add(labels, seconds * 0.7);
    f.sys.add(labels, seconds * 0.3);
    if (withThrottle) {
      const periods = Math.floor(withThrottle.ageSec * 10);
      f.periods.add(labels, periods);
      f.throttled.add(labels, Math.floor(periods * withThrottle.ratio));
      f.throttledS.add(labels, periods * withThrottle.ratio * 0.021);
    }
  };
  const mem = (labels: Record<string, string>, ws: number, limit: number) => {
    f.ws.add(labels, Math.round(ws));
    f.usage.add(labels, Math.round(ws * 1.18));
    f.rss.add(labels, Math.round(ws * 0.8));
    f.cache.add(labels, Math.round(ws * 0.2));
    f.memLimit.add(labels, limit);
  };
  // Root cgroup.
  const rootLabels = { container: '', id: '/', image: '', name: '', namespace: '', pod: '' };
  cpuSeries(rootLabels, res.nodeCpuSeconds(node, tMs));
  mem(rootLabels, res.nodeMemoryUsed(node, tMs), 0);

  for (const pod of sim.cluster.pods) {
    if (pod.node !== node.name) {
      continue;
    }
    const cgroup = podCgroup(pod);
    const containers = res.containersOf(pod);
    const podLabels = { container: '', id: cgroup, image: '', name: '', namespace: pod.namespace, pod: pod.name };
    let podCpu = 0;
    let podMem = 0;
    let podLimit = 0;
    for (const c of containers) {
      podCpu += res.cpuSeconds(c, tMs);
      podMem += res.memoryBytes(c, tMs);
      podLimit += c.spec.memLimit ?? 0;
    }
    cpuSeries(podLabels, podCpu);
    mem(podLabels, podMem, containers.every((c) => c.spec.memLimit) ? podLimit : 0);
    f.start.add(podLabels, Math.floor(pod.createdMs / 1000));
    f.lastSeen.add(podLabels, Math.floor(t));
    if (!pod.workload.hostNetwork) {
      const b = res.podNetBytes(pod, tMs);
      const l = { ...podLabels, interface: 'eth0' };
      f.rxB.add(l, Math.round(b.rx));
      f.txB.add(l, Math.round(b.tx));
      f.rxP.add(l, Math.round(b.rx / 700));
      f.txP.add(l, Math.round(b.tx / 650));
      f.rxD.add(l, 0);
      f.txD.add(l, 0);
      f.rxE.add(l, 0);
      f.txE.add(l, 0);
    }
    for (const c of containers) {
      if (!res.running(c, tMs)) {
        continue;
      }
      containerSeries(
        f,
        c,
        cgroup,
        res.cpuSeconds(c, tMs),
        res.memoryBytes(c, tMs),
        res.startedMs(c, tMs),
        tMs,
        cpuSeries,
        mem
      );
    }
  }
  const fams: Family[] = Object.values(f).map((x) => x.family());
  fams.push(
    gauge('machine_cpu_cores', 'Number of logical CPU cores.')
      .add(
        { boot_id: node.systemUuid, machine_id: node.systemUuid.replace(/-/g, ''), system_uuid: node.systemUuid },
        node.cpuCores
      )
      .family(),
    gauge('machine_memory_bytes', 'Amount of memory installed on the machine.')
      .add(
        { boot_id: node.systemUuid, machine_id: node.systemUuid.replace(/-/g, ''), system_uuid: node.systemUuid },
        node.memoryBytes
      )
      .family()
  );
  return fams;
}

function containerSeries(
  f: Record<string, ReturnType<typeof counter>>,
  c: ContainerModel,
  cgroup: string,
  cpuSeconds: number,
  memBytes: number,
  startedMs: number,
  tMs: number,
  cpuSeries: (l: Record<string, string>, s: number, th?: { limit: number; ratio: number; ageSec: number }) => void,
  mem: (l: Record<string, string>, ws: number, limit: number) => void
) {
  const labels = {
    container: c.spec.name,
    id: `${cgroup}/cri-containerd-${c.id}.scope`,
    image: c.spec.image,
    name: c.id,
    namespace: c.pod.namespace,
    pod: c.pod.name,
  };
  const limit = c.spec.cpuLimit;
  const ratio = limit
    ? Math.min(0.4, (c.spec.baseCpu / limit) ** 2 * (c.pod.workload.name === 'podinfo-backend' ? 3 : 0.5))
    : 0;
  cpuSeries(labels, cpuSeconds, limit ? { limit, ratio, ageSec: (tMs - startedMs) / 1000 } : undefined);
  mem(labels, memBytes, c.spec.memLimit ?? 0);
  f.quota.add(labels, limit ? Math.round(limit * 100000) : -1);
  f.period.add(labels, 100000);
  f.shares.add(labels, Math.max(2, Math.round((c.spec.cpuRequest ?? 0) * 1024)));
  f.start.add(labels, Math.floor(startedMs / 1000));
  f.lastSeen.add(labels, Math.floor(tMs / 1000));
  f.oom.add(labels, 0);
}
