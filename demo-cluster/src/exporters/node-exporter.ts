/**
 * node-exporter (quay.io/prometheus/node-exporter v1.8, one per node, :9100): the collectors the
 * dashboards read, with node-exporter's metric and label names (cpu, meminfo, filesystem,
 * netdev, loadavg, stat, uname, os, diskstats, pressure, conntrack).
 */
import { Family, counter, gauge } from '../metrics/model';
import { valueNoise } from '../rng';
import { MEMORY_PRESSURE_NODE, memoryPressure } from '../sim/faults';
import { SimView } from '../sim/view';
import { NodeInfo } from '../topology/types';

const Gi = 1024 ** 3;

/** CPU mode shares of busy time (the rest of each CPU's time is idle). */
const MODES: Array<[string, number]> = [
  ['user', 0.64],
  ['system', 0.26],
  ['softirq', 0.04],
  ['irq', 0.01],
  ['iowait', 0.04],
  ['nice', 0.01],
  ['steal', 0],
];

/** The families of one node's node-exporter :9100/metrics at t (Unix ms). */
export function nodeExporterFamilies(sim: SimView, node: NodeInfo, tMs: number): Family[] {
  const seed = sim.seed;
  const t = tMs / 1000;
  const up = t - node.bootMs / 1000;
  const res = sim.resources;
  const busy = res.nodeCpuSeconds(node, tMs);
  const cores = res.nodeCpuCores(node, tMs);
  const fams: Family[] = [];

  const uname = gauge('node_uname_info', 'Labeled system information as provided by the uname system call.').add(
    {
      domainname: '(none)',
      machine: 'x86_64',
      nodename: node.name,
      release: node.kernelVersion,
      sysname: 'Linux',
      version: '#52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024',
    },
    1
  );
  const os = gauge(
    'node_os_info',
    "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, image_version, name, pretty_name, variant, variant_id, version, version_codename, version_id."
  ).add(
    {
      build_id: '',
      id: 'debian',
      id_like: '',
      image_id: '',
      image_version: '',
      name: 'Debian GNU/Linux',
      pretty_name: node.osImage,
      variant: '',
      variant_id: '',
      version: '12 (bookworm)',
      version_codename: 'bookworm',
      version_id: '12',
    },
    1
  );
  const build = gauge(
    'node_exporter_build_info',
    "A metric with a constant '1' value labeled by version, revision, branch, goversion from which node_exporter was built, and the goos and goarch for the build."
  ).add(
    {
      branch: 'HEAD',
      goarch: 'amd64',
      goos: 'linux',
      goversion: 'go1.22.5',
      revision: 'f1e0e8360aa60b6cb5e5cc1560bed348fc2c1895',
      tags: 'unknown',
      version: '1.8.2',
    },
    1
  );
  fams.push(uname.family(), os.family(), build.family());

  const cpu = counter('node_cpu_seconds_total', 'Seconds the CPUs spent in each mode.');
  for (let i = 0; i < node.cpuCores; i++) {
    const share = (1 + 0.15 * Math.sin(i * 1.7)) / node.cpuCores;
    const cpuBusy = busy * share;
    let used = 0;
    for (const [mode, f] of MODES) {
      cpu.add({ cpu: String(i), mode }, cpuBusy * f);
      used += cpuBusy * f;
    }
    cpu.add({ cpu: String(i), mode: 'idle' }, Math.max(up - used, 0));
  }
  fams.push(cpu.family());

  const total = node.memoryBytes;
  const used = res.nodeMemoryUsed(node, tMs);
  const cached = Math.max(total - used, 0) * 0.45;
  const free = Math.max(total - used - cached, 64 * 1024 * 1024);
  const available = Math.max(total - used, 0) * 0.97;
  const mem: Array<[string, number, string]> = [
    ['MemTotal', total, 'Memory information field MemTotal_bytes.'],
    ['MemFree', free, 'Memory information field MemFree_bytes.'],
    ['MemAvailable', available, 'Memory information field MemAvailable_bytes.'],
    ['Buffers', 48 * 1024 * 1024, 'Memory information field Buffers_bytes.'],
    ['Cached', cached, 'Memory information field Cached_bytes.'],
    ['SwapTotal', 0, 'Memory information field SwapTotal_bytes.'],
    ['SwapFree', 0, 'Memory information field SwapFree_bytes.'],
  ];
  for (const [name, v, help] of mem) {
    fams.push(gauge(`node_memory_${name}_bytes`, help).add({}, Math.round(v)).family());
  }

  const fsSize = gauge('node_filesystem_size_bytes', 'Filesystem size in bytes.');
  const fsAvail = gauge('node_filesystem_avail_bytes', 'Filesystem space available to non-root users in bytes.');
  const fsFree = gauge('node_filesystem_free_bytes', 'Filesystem free space in bytes.');
  const fsRo = gauge('node_filesystem_readonly', 'Filesystem read-only status.');
  const fsErr = gauge(
    'node_filesystem_device_error',
    'Whether an error occurred while getting statistics for the given device.'
  );
  const filesystems: Array<[Record<string, string>, number, number]> = [
    [{ device: 'overlay', fstype: 'overlay', mountpoint: '/' }, 250 * Gi, 0.38 + up * 1.5e-9],
    [{ device: '/dev/nvme0n1p2', fstype: 'ext4', mountpoint: '/var' }, 250 * Gi, 0.38 + up * 1.5e-9],
    [{ device: 'tmpfs', fstype: 'tmpfs', mountpoint: '/run' }, 3.2 * Gi, 0.002],
  ];
  for (const [labels, size, usedFrac] of filesystems) {
    const usedB = size * Math.min(usedFrac, 0.95);
    fsSize.add(labels, size);
    fsFree.add(labels, Math.round(size - usedB));
    fsAvail.add(labels, Math.round((size - usedB) * 0.95));
    fsRo.add(labels, 0);
    fsErr.add(labels, 0);
  }
  fams.push(fsSize.family(), fsAvail.family(), fsFree.family(), fsRo.family(), fsErr.family());

  const net = res.nodeNetBytes(node, tMs);
  const devices: Array<[string, number]> = [
    ['eth0', 1],
    ['lo', 0.2],
    ['cilium_host', 0.05],
    ['cilium_net', 0.05],
    ['cilium_vxlan', 0.6],
  ];
  const netFams = {
    rxB: counter('node_network_receive_bytes_total', 'Network device statistic receive_bytes.'),
    txB: counter('node_network_transmit_bytes_total', 'Network device statistic transmit_bytes.'),
    rxP: counter('node_network_receive_packets_total', 'Network device statistic receive_packets.'),
    txP: counter('node_network_transmit_packets_total', 'Network device statistic transmit_packets.'),
    rxE: counter('node_network_receive_errs_total', 'Network device statistic receive_errs.'),
    txE: counter('node_network_transmit_errs_total', 'Network device statistic transmit_errs.'),
    rxD: counter('node_network_receive_drop_total', 'Network device statistic receive_drop.'),
    txD: counter('node_network_transmit_drop_total', 'Network device statistic transmit_drop.'),
    upF: gauge('node_network_up', "Value is 1 if operstate is 'up', 0 otherwise."),
  };
  for (const [device, f] of devices) {
    const l = { device };
    netFams.rxB.add(l, Math.round(net.rx * f));
    netFams.txB.add(l, Math.round(net.tx * f));
    netFams.rxP.add(l, Math.round((net.rx * f) / 820));
    netFams.txP.add(l, Math.round((net.tx * f) / 760));
    netFams.rxE.add(l, 0);
    netFams.txE.add(l, 0);
    netFams.rxD.add(l, device === 'eth0' ? Math.floor(up / 3600) : 0);
    netFams.txD.add(l, 0);
    netFams.upF.add(l, device === 'lo' ? 0 : 1);
  }
  fams.push(...Object.values(netFams).map((x) => x.family()));

  const load = (key: string, period: number) =>
    Math.max(cores * (1.6 + 0.5 * valueNoise(seed, `${key}/${node.name}`, tMs, period)), 0.01);
  fams.push(
    gauge('node_load1', '1m load average.').add({}, load('load1', 60_000)).family(),
    gauge('node_load5', '5m load average.').add({}, load('load5', 300_000)).family(),
    gauge('node_load15', '15m load average.').add({}, load('load15', 900_000)).family(),
    gauge('node_boot_time_seconds', 'Node boot time, in unixtime.')
      .add({}, Math.floor(node.bootMs / 1000))
      .family(),
    gauge('node_time_seconds', 'System time in seconds since epoch (1970).').add({}, t).family(),
    counter('node_context_switches_total', 'Total number of context switches.')
      .add({}, Math.round(busy * 5200 + up * 900))
      .family(),
    counter('node_intr_total', 'Total number of interrupts serviced.')
      .add({}, Math.round(busy * 3100 + up * 600))
      .family(),
    gauge('node_procs_running', 'Number of processes in runnable state.')
      .add({}, Math.max(1, Math.round(cores * 1.5)))
      .family(),
    gauge('node_procs_blocked', 'Number of processes blocked waiting for I/O to complete.').add({}, 0).family(),
    gauge('node_nf_conntrack_entries', 'Number of currently allocated flow entries for connection tracking.')
      .add({}, Math.round(900 + 300 * valueNoise(seed, `ct/${node.name}`, tMs, 120_000)))
      .family(),
    gauge('node_nf_conntrack_entries_limit', 'Maximum size of connection tracking table.').add({}, 262144).family()
  );

  const disk = {
    rd: counter('node_disk_read_bytes_total', 'The total number of bytes read successfully.'),
    wr: counter('node_disk_written_bytes_total', 'The total number of bytes written successfully.'),
    io: counter('node_disk_io_time_seconds_total', 'Total seconds spent doing I/Os.'),
  };
  disk.rd.add({ device: 'nvme0n1' }, Math.round(up * 21_000));
  disk.wr.add({ device: 'nvme0n1' }, Math.round(up * 180_000 + busy * 40_000));
  disk.io.add({ device: 'nvme0n1' }, up * 0.012 + busy * 0.002);
  fams.push(disk.rd.family(), disk.wr.family(), disk.io.family());

  // PSI: memory stalls accumulate while kind-worker3 is under memory pressure (approximated per minute).
  const pressured = node.name === MEMORY_PRESSURE_NODE;
  const stall = pressured ? pressureSeconds(node.bootMs, tMs) : 0;
  fams.push(
    counter('node_pressure_memory_waiting_seconds_total', 'Total time in seconds that processes have waited for memory')
      .add({}, stall * 0.12 + up * 1e-5)
      .family(),
    counter(
      'node_pressure_memory_stalled_seconds_total',
      'Total time in seconds no process could make progress due to memory congestion'
    )
      .add({}, stall * 0.04)
      .family(),
    counter('node_pressure_cpu_waiting_seconds_total', 'Total time in seconds that processes have waited for CPU time')
      .add({}, busy * 0.03)
      .family(),
    counter('node_vmstat_oom_kill', '/proc/vmstat information field oom_kill.')
      .add({}, pressured ? Math.floor((tMs - node.bootMs) / 3_600_000) : 0)
      .family()
  );
  return fams;
}

/** Seconds spent under memory pressure since boot (the condition is on 28 of every 60 minutes). */
function pressureSeconds(bootMs: number, tMs: number): number {
  const hours = Math.floor((tMs - bootMs) / 3_600_000);
  let s = hours * 28 * 60;
  const rest = bootMs + hours * 3_600_000;
  for (let m = rest; m < tMs; m += 60_000) {
    if (memoryPressure(m)) {
      s += Math.min(60, (tMs - m) / 1000);
    }
  }
  return s;
}
