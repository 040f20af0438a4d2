/**
 * cilium-operator metrics (:9963, prefix `cilium_operator_`): process, IPAM (cluster-wide pod
 * address usage of the per-node /24 pools), LB-IPAM pool usage and unmanaged pods.
 * Note: a real operator in cluster-pool IPAM mode (kind) does not export the `ipam_*` series
 * (Cilium exports them for the cloud IPAM modes); they are simulated so IPAM panels have data.
 */
import { Family, counter, gauge } from '../metrics/model';
import { SimView } from '../sim/view';

/** The families of cilium-operator :9963/metrics at t (Unix ms). */
export function ciliumOperatorFamilies(sim: SimView, tMs: number): Family[] {
  const cl = sim.cluster;
  const pod = cl.pods.find((p) => p.workload.name === 'cilium-operator');
  const c = pod ? sim.resources.containersOf(pod)[0] : undefined;
  const up = (tMs - (pod?.createdMs ?? cl.createdMs)) / 1000;
  const used = cl.pods.filter((p) => p.node && !p.workload.hostNetwork).length + 2 * cl.nodes.length;
  const capacity = 254 * cl.nodes.length;
  return [
    counter('cilium_operator_process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.')
      .add({}, c ? sim.resources.cpuSeconds(c, tMs) : 0)
      .family(),
    gauge('cilium_operator_process_resident_memory_bytes', 'Resident memory size in bytes.')
      .add({}, c ? Math.round(sim.resources.memoryBytes(c, tMs)) : 0)
      .family(),
    gauge('cilium_operator_process_virtual_memory_bytes', 'Virtual memory size in bytes.').add({}, 1.35e9).family(),
    gauge('cilium_operator_process_open_fds', 'Number of open file descriptors.').add({}, 23).family(),
    gauge('cilium_operator_process_max_fds', 'Maximum number of open file descriptors.').add({}, 1048576).family(),
    gauge('cilium_operator_process_start_time_seconds', 'Start time of the process since unix epoch in seconds.')
      .add({}, Math.floor((pod?.createdMs ?? cl.createdMs) / 1000) + 3)
      .family(),
    gauge('cilium_operator_ipam_ips', 'Number of IPs allocated')
      .add({ type: 'available' }, capacity - used)
      .add({ type: 'used' }, used)
      .add({ type: 'needed' }, 0)
      .family(),
    gauge('cilium_operator_ipam_nodes', 'Number of nodes by category { total | in-deficit | at-capacity }')
      .add({ category: 'total' }, cl.nodes.length)
      .add({ category: 'in-deficit' }, 0)
      .add({ category: 'at-capacity' }, 0)
      .family(),
    gauge('cilium_operator_ipam_available_interfaces', 'Number of interfaces with addresses available')
      .add({}, 0)
      .family(),
    counter('cilium_operator_ipam_resync_total', 'Number of synchronization operations with external IPAM API')
      .add({}, Math.floor(up / 60))
      .family(),
    gauge('cilium_operator_lbipam_ips_available', 'Number of available IPs per pool')
      .add({ pool: 'kind-pool' }, 14)
      .family(),
    gauge('cilium_operator_lbipam_ips_used', 'Number of used IPs per pool').add({ pool: 'kind-pool' }, 2).family(),
    gauge('cilium_operator_lbipam_conflicting_pools', 'Number of conflicting pools').add({}, 0).family(),
    gauge('cilium_operator_lbipam_services_matching', 'Number of matching services').add({}, 2).family(),
    gauge('cilium_operator_lbipam_services_unsatisfied', 'Number of services which did not get requested IPs')
      .add({}, 0)
      .family(),
    gauge('cilium_operator_unmanaged_pods', 'The total number of pods observed to be unmanaged by Cilium operator')
      .add({}, 0)
      .family(),
  ];
}
