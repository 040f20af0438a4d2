/**
 * cilium-agent metrics (:9962, namespace `cilium_`) of one node, names and labels as
 * Documentation/observability/metrics.rst and pkg/metrics define them. Process, datapath and
 * health values come from the resource model and the fault schedule; drops and L7 proxy counts
 * from the flows this node observed (sim/datapath.ts), so they agree with the Hubble metrics.
 */
import { POLICY_SPECS, policyRevision } from '../flows/policies';
import { Family, counter, gauge } from '../metrics/model';
import { hash32, valueNoise } from '../rng';
import {
  MAP_PRESSURE_MAP,
  MAP_PRESSURE_NODE,
  UNREACHABLE_NODE,
  controllerFailing,
  ctMapPressure,
  nodeUnreachable,
} from '../sim/faults';
import { SimView } from '../sim/view';
import { windowedCount } from '../sim/wave';
import { CILIUM_VERSION } from '../topology/images';
import { NodeInfo, Pod } from '../topology/types';
import { staticHistogram } from './kubelet';

/** BPF maps with a pressure metric (real map names of Cilium 1.17, IPv4 only). */
const PRESSURE_MAPS: Array<[string, number]> = [
  ['cilium_ct4_global', 0.22],
  ['cilium_ct_any4_global', 0.08],
  ['cilium_snat_v4_external', 0.12],
  ['cilium_lb4_services_v2', 0.004],
  ['cilium_lb4_backends_v3', 0.003],
  ['cilium_lb4_reverse_nat', 0.002],
  ['cilium_ipcache_v2', 0.0012],
  ['cilium_auth_map', 0.0],
  ['cilium_nodeport_neigh4', 0.0005],
];

/** Maps with operation counters (cilium_bpf_map_ops_total), per-second update rate. */
const OPS_MAPS: Array<[string, number]> = [
  ['cilium_lxc', 0.002],
  ['cilium_ipcache_v2', 0.05],
  ['cilium_lb4_services_v2', 0.01],
  ['cilium_lb4_backends_v3', 0.01],
  ['cilium_runtime_config', 0.001],
  ['cilium_tunnel_map', 0.0005],
];

/** Which policies select a pod, by direction (see flows/policies.ts). */
function enforcement(pod: Pod): 'none' | 'ingress' | 'egress' | 'both' {
  const name = pod.workload.name;
  const ingress = ['podinfo-frontend', 'podinfo-backend', 'deathstar'].includes(name);
  const egress = ['podinfo-client', 'podinfo-frontend', 'tiefighter', 'xwing', 'grafana'].includes(name);
  return ingress && egress ? 'both' : ingress ? 'ingress' : egress ? 'egress' : 'none';
}

/** The families of one node's cilium-agent :9962/metrics at t (Unix ms). */
export function ciliumAgentFamilies(sim: SimView, node: NodeInfo, tMs: number): Family[] {
  const cl = sim.cluster;
  const seed = sim.seed;
  const t = tMs / 1000;
  const agentPod = cl.pods.find((p) => p.node === node.name && p.workload.name === 'cilium');
  const agent = agentPod ? sim.resources.containersOf(agentPod)[0] : undefined;
  const startSec = (agentPod?.createdMs ?? cl.createdMs) / 1000 + 5;
  const up = Math.max(t - startSec, 0);
  const local = cl.pods.filter((p) => p.node === node.name && !p.workload.hostNetwork);
  const endpoints = local.length + 2; // + health endpoint + host endpoint
  const fams: Family[] = [];
  const dp = sim.datapath.nodes.get(node.name);

  fams.push(
    gauge('cilium_version', 'Cilium version')
      .add({ version: CILIUM_VERSION, revision: '9a7c1b3f', arch: 'linux/amd64' }, 1)
      .family()
  );

  // Process.
  fams.push(
    counter('cilium_process_cpu_seconds_total', 'Total user and system CPU time spent in seconds.')
      .add({}, agent ? sim.resources.cpuSeconds(agent, tMs) : 0)
      .family(),
    gauge('cilium_process_resident_memory_bytes', 'Resident memory size in bytes.')
      .add({}, agent ? Math.round(sim.resources.memoryBytes(agent, tMs) * 1.1) : 0)
      .family(),
    gauge('cilium_process_virtual_memory_bytes', 'Virtual memory size in bytes.').add({}, 2.1e9).family(),
    gauge('cilium_process_open_fds', 'Number of open file descriptors.')
      .add({}, Math.round(74 + endpoints * 2 + 6 * valueNoise(seed, `fds/${node.name}`, tMs, 60_000)))
      .family(),
    gauge('cilium_process_max_fds', 'Maximum number of open file descriptors.').add({}, 1048576).family(),
    gauge('cilium_process_start_time_seconds', 'Start time of the process since unix epoch in seconds.')
      .add({}, Math.floor(startSec))
      .family()
  );

  // Health and controllers.
  const isBad = node.name === UNREACHABLE_NODE;
  const unreachable = nodeUnreachable(tMs) ? (isBad ? cl.nodes.length - 1 : 1) : 0;
  const failWindow = (rate: number) => windowedCount(startSec, t, 1800, 600, 360, rate);
  const unreachWindow = (rate: number) => windowedCount(startSec, t, 1800, 600, 180, rate);
  fams.push(
    gauge('cilium_unreachable_nodes', 'Number of nodes that cannot be reached').add({}, unreachable).family(),
    gauge('cilium_unreachable_health_endpoints', 'Number of health endpoints that cannot be reached')
      .add({}, unreachable)
      .family(),
    gauge('cilium_nodes_all_num', 'Number of nodes managed').add({}, cl.nodes.length).family(),
    gauge('cilium_controllers_failing', 'Number of failing controllers')
      .add({}, isBad && controllerFailing(tMs) ? 1 : 0)
      .family(),
    counter(
      'cilium_controllers_runs_total',
      'Number of times that a controller process was run labeled by completion status'
    )
      .add({ status: 'success' }, Math.floor(up * 2.4))
      .add({ status: 'failure' }, isBad ? failWindow(0.1) : 0)
      .family(),
    counter('cilium_errors_warnings_total', 'Number of total errors in cilium-agent instances')
      .add({ level: 'warning', subsystem: 'k8s-watcher' }, Math.floor(up / 3100))
      .add({ level: 'warning', subsystem: 'hubble' }, Math.floor(up / 5400))
      .add(
        { level: 'error', subsystem: 'health' },
        isBad ? unreachWindow(0.05) * (cl.nodes.length - 1) : unreachWindow(0.05)
      )
      .add({ level: 'error', subsystem: 'controller' }, isBad ? failWindow(0.1) : 0)
      .family()
  );
  const conn = gauge(
    'cilium_node_health_connectivity_status',
    'Number of endpoints with last observed status of both ICMP and HTTP connectivity between the current Cilium agent and other Cilium nodes'
  );
  for (const type of ['node', 'endpoint']) {
    const peers = cl.nodes.length - 1;
    conn.add({ source_cluster: cl.name, source_node_name: node.name, type, status: 'reachable' }, peers - unreachable);
    conn.add({ source_cluster: cl.name, source_node_name: node.name, type, status: 'unreachable' }, unreachable);
    conn.add({ source_cluster: cl.name, source_node_name: node.name, type, status: 'unknown' }, 0);
  }
  fams.push(conn.family());
  fams.push({
    name: 'cilium_controllers_runs_duration_seconds',
    help: 'Duration in seconds of the controller process labeled by completion status',
    type: 'histogram',
    points: [
      staticHistogram({ status: 'success' }, up * 2.4, 0.004),
      ...(isBad && failWindow(0.1) > 0 ? [staticHistogram({ status: 'failure' }, failWindow(0.1), 0.2)] : []),
    ],
  });

  // Endpoints.
  const regenBlip = valueNoise(seed, `regen/${node.name}`, tMs, 45_000) > 0.75 ? 1 : 0;
  const states = gauge('cilium_endpoint_state', 'Count of all endpoints, tagged by different endpoint states');
  for (const [state, v] of [
    ['ready', endpoints - regenBlip],
    ['regenerating', regenBlip],
    ['waiting-to-regenerate', 0],
    ['waiting-for-identity', 0],
    ['not-ready', 0],
    ['restoring', 0],
    ['disconnecting', 0],
    ['invalid', 0],
  ] as Array<[string, number]>) {
    states.add({ endpoint_state: state }, v);
  }
  const revision = policyRevision(cl.createdMs, tMs);
  const policyChanges = revision - 7;
  const regens = Math.floor(endpoints * (policyChanges + up / 1800));
  const regenFail = isBad ? Math.floor(failWindow(0.01)) : 0;
  fams.push(
    gauge('cilium_endpoint', 'Number of endpoints managed by this agent').add({}, endpoints).family(),
    states.family(),
    counter(
      'cilium_endpoint_regenerations_total',
      'Count of all endpoint regenerations that have completed, tagged by outcome'
    )
      .add({ outcome: 'success' }, regens)
      .add({ outcome: 'fail' }, regenFail)
      .family(),
    {
      name: 'cilium_endpoint_regeneration_time_stats_seconds',
      help: 'Endpoint regeneration time stats labeled by the scope',
      type: 'histogram',
      points: (
        [
          ['total', 0.9],
          ['waitingForLock', 0.01],
          ['policyCalculation', 0.05],
          ['proxyConfiguration', 0.02],
          ['bpfCompilation', 0.45],
          ['mapSync', 0.01],
        ] as Array<[string, number]>
      ).map(([scope, mean]) => staticHistogram({ scope, status: 'success' }, regens, mean)),
    }
  );

  // BPF maps.
  const pressure = gauge('cilium_bpf_map_pressure', 'Fill percentage of map, tagged by map name');
  for (const [map, base] of PRESSURE_MAPS) {
    let v =
      base *
      (1 + 0.1 * valueNoise(seed, `pressure/${node.name}/${map}`, tMs, 120_000)) *
      (node.name === 'kind-worker' ? 1.3 : 1);
    if (map === MAP_PRESSURE_MAP && node.name === MAP_PRESSURE_NODE) {
      v = ctMapPressure(tMs);
    }
    pressure.add({ map_name: map }, Math.round(v * 1e4) / 1e4);
  }
  const ops = counter('cilium_bpf_map_ops_total', 'Total operations on map, tagged by map name');
  for (const [map, rate] of OPS_MAPS) {
    ops.add(
      { map_name: map, operation: 'update', outcome: 'success' },
      Math.floor(up * rate * (1 + (hash32(map, node.name) % 5) / 10))
    );
    ops.add({ map_name: map, operation: 'delete', outcome: 'success' }, Math.floor(up * rate * 0.6));
  }
  ops.add({ map_name: 'cilium_ct4_global', operation: 'update', outcome: 'fail' }, 0);
  fams.push(
    pressure.family(),
    ops.family(),
    gauge('cilium_bpf_maps_virtual_memory_max_bytes', 'Max memory used by BPF maps installed in the system')
      .add({}, 186_000_000 + endpoints * 1_100_000)
      .family(),
    gauge('cilium_bpf_progs_virtual_memory_max_bytes', 'Max memory used by BPF programs installed in the system')
      .add({}, 21_000_000 + endpoints * 650_000)
      .family()
  );

  // Datapath: forwards from traffic volume, drops from the observed flows.
  const net = sim.resources.nodeNetBytes(node, tMs);
  fams.push(
    counter('cilium_forward_count_total', 'Total forwarded packets, tagged by ingress/egress direction')
      .add({ direction: 'INGRESS' }, Math.floor(net.rx / 780))
      .add({ direction: 'EGRESS' }, Math.floor(net.tx / 740))
      .family(),
    counter('cilium_forward_bytes_total', 'Total forwarded bytes, tagged by ingress/egress direction')
      .add({ direction: 'INGRESS' }, Math.floor(net.rx))
      .add({ direction: 'EGRESS' }, Math.floor(net.tx))
      .family()
  );
  if (dp) {
    fams.push(dp.drops.family(), dp.dropBytes.family(), dp.l7.family(), dp.upstream.family());
  }
  const ctMax = 524_288;
  const ctPressure = node.name === MAP_PRESSURE_NODE ? ctMapPressure(tMs) : PRESSURE_MAPS[0][1];
  const gcEntries = gauge(
    'cilium_datapath_conntrack_gc_entries',
    'The number of alive and deleted conntrack entries at the end of a garbage collector run labeled by datapath family.'
  );
  gcEntries.add({ family: 'ipv4', protocol: 'TCP', status: 'alive' }, Math.round(ctMax * ctPressure));
  gcEntries.add({ family: 'ipv4', protocol: 'TCP', status: 'deleted' }, Math.round(ctMax * ctPressure * 0.04));
  gcEntries.add({ family: 'ipv4', protocol: 'non-TCP', status: 'alive' }, Math.round(262_144 * PRESSURE_MAPS[1][1]));
  gcEntries.add(
    { family: 'ipv4', protocol: 'non-TCP', status: 'deleted' },
    Math.round(262_144 * PRESSURE_MAPS[1][1] * 0.3)
  );
  const gcRuns = Math.floor(up / 300);
  fams.push(
    gcEntries.family(),
    counter(
      'cilium_datapath_conntrack_gc_runs_total',
      'Number of times that the conntrack garbage collector process was run labeled by completion status'
    )
      .add({ family: 'ipv4', protocol: 'TCP', status: 'completed' }, gcRuns)
      .add({ family: 'ipv4', protocol: 'non-TCP', status: 'completed' }, gcRuns)
      .family(),
    {
      name: 'cilium_datapath_conntrack_gc_duration_seconds',
      help: 'Duration in seconds of the garbage collector process labeled by datapath family and completion status',
      type: 'histogram',
      points: [
        staticHistogram({ family: 'ipv4', protocol: 'TCP', status: 'completed' }, gcRuns, 0.06 + ctPressure * 0.2),
        staticHistogram({ family: 'ipv4', protocol: 'non-TCP', status: 'completed' }, gcRuns, 0.02),
      ],
    }
  );

  // Policy.
  const enf = { none: 0, ingress: 0, egress: 0, both: 0 };
  for (const p of local) {
    enf[enforcement(p)]++;
  }
  enf.none += 2;
  const enfFam = gauge(
    'cilium_policy_endpoint_enforcement_status',
    'Number of endpoints labeled by policy enforcement status'
  );
  for (const [k, v] of Object.entries(enf)) {
    enfFam.add({ enforcement: k }, v);
  }
  const l7Endpoints = local.filter((p) =>
    ['podinfo-client', 'podinfo-frontend', 'podinfo-backend', 'deathstar', 'tiefighter', 'xwing', 'grafana'].includes(
      p.workload.name
    )
  );
  fams.push(
    gauge('cilium_policy', 'Number of policies currently loaded').add({}, POLICY_SPECS.length).family(),
    gauge('cilium_policy_max_revision', 'Highest policy revision number in the agent').add({}, revision).family(),
    counter('cilium_policy_change_total', 'Number of policy changes by outcome')
      .add({ outcome: 'success' }, policyChanges)
      .add({ outcome: 'fail' }, 1)
      .family(),
    enfFam.family(),
    {
      name: 'cilium_policy_implementation_delay',
      help: 'Time between a policy change and it being fully deployed into the datapath',
      type: 'histogram',
      points: [staticHistogram({ source: 'k8s' }, policyChanges, 0.35)],
    },
    gauge('cilium_proxy_redirects', 'Number of redirects installed for endpoints, labeled by protocol')
      .add(
        { protocol_l7: 'http' },
        l7Endpoints.filter((p) => p.namespace !== 'monitoring' && !['tiefighter', 'xwing'].includes(p.workload.name))
          .length
      )
      .add(
        { protocol_l7: 'dns' },
        l7Endpoints.filter((p) => !['podinfo-backend', 'deathstar'].includes(p.workload.name)).length
      )
      .family()
  );

  // API, IPAM, identities, Kubernetes events.
  const api = (
    [
      ['GET', '/v1/healthz', '200', 0.2, 0.002],
      ['GET', '/v1/config', '200', 0.004, 0.004],
      ['GET', '/v1/endpoint', '200', 0.02, 0.012],
      ['PUT', '/v1/endpoint', '201', 0.0002, 0.9],
      ['GET', '/v1/healthz', '500', 0, 0.002],
    ] as Array<[string, string, string, number, number]>
  ).map(([method, path, code, rate, mean]) =>
    staticHistogram(
      { method, path, return_code: code },
      code === '500' ? (isBad ? unreachWindow(0.1) : 0) : up * rate,
      mean
    )
  );
  fams.push({
    name: 'cilium_agent_api_process_time_seconds',
    help: 'Duration of processed API calls labeled by path, method and return code.',
    type: 'histogram',
    points: api.filter((p) => p.count > 0),
  });
  const ips = cl.pods.filter((p) => p.node === node.name && !p.workload.hostNetwork).length + 2;
  fams.push(
    gauge('cilium_ip_addresses', 'Number of allocated IP addresses').add({ family: 'ipv4' }, ips).family(),
    gauge('cilium_ipam_capacity', 'Total number of IPs in the IPAM pool labeled by family')
      .add({ family: 'ipv4' }, 254)
      .family(),
    counter('cilium_ipam_events_total', 'Number of IPAM events received labeled by action and datapath family type')
      .add({ action: 'allocate', family: 'ipv4' }, ips + 3)
      .add({ action: 'release', family: 'ipv4' }, 3)
      .family(),
    gauge('cilium_identity', 'Number of identities currently allocated')
      .add({ type: 'cluster_local' }, new Set(cl.pods.map((p) => p.identity)).size)
      .add({ type: 'node_local' }, 0)
      .family()
  );
  const events = counter(
    'cilium_kubernetes_events_total',
    'Number of Kubernetes events processed labeled by scope, action and execution result'
  );
  for (const [scope, action, rate] of [
    ['Pod', 'update', 0.05],
    ['EndpointSlice', 'update', 0.08],
    ['CiliumEndpoint', 'update', 0.01],
    ['Node', 'update', 0.02],
    ['CiliumNetworkPolicy', 'update', 0],
  ] as Array<[string, string, number]>) {
    const n = scope === 'CiliumNetworkPolicy' ? policyChanges * POLICY_SPECS.length : Math.floor(up * rate);
    events.add({ scope, action, outcome: 'success' }, n);
  }
  fams.push(events.family());
  return fams;
}
