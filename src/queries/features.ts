/**
 * Metric families the pages depend on, each with the one cheap query that proves it is present and
 * the exact setting that provides it. Pages run these probes when they open (one instant query per
 * family) and say plainly what is missing instead of showing empty panels.
 *
 * Sources: Cilium Documentation/observability/metrics.rst and the Helm chart values (`prometheus.*`,
 * `operator.prometheus.*`, `hubble.metrics.*`); kube-state-metrics v2, node-exporter and cAdvisor docs.
 */
export interface MetricFamily {
  id: string;
  /** Human name shown in the missing-data message. */
  name: string;
  /** PromQL selector whose presence proves the family is scraped (`count(<probe>)` > 0). */
  probe: string;
  /** What to do when it is missing: the exact Helm value or exporter. */
  fix: string;
}

const c = 'cluster=~"$cluster"';

const HUBBLE_BASE = 'hubble.enabled=true and hubble.metrics.enabled including';

/** Every family any page can require, by id. */
export const METRIC_FAMILIES: Record<string, MetricFamily> = {
  kubeStateMetrics: {
    id: 'kubeStateMetrics',
    name: 'kube-state-metrics (kube_*)',
    probe: `kube_node_info{${c}}`,
    fix: 'Install kube-state-metrics v2 (for example with the kube-prometheus-stack Helm chart) and let Prometheus scrape it on port 8080.',
  },
  nodeExporter: {
    id: 'nodeExporter',
    name: 'node-exporter (node_*)',
    probe: `node_uname_info{${c}}`,
    fix: 'Install prometheus-node-exporter as a DaemonSet (kube-prometheus-stack does) and scrape port 9100.',
  },
  cadvisor: {
    id: 'cadvisor',
    name: 'kubelet cAdvisor (container_*)',
    // the root cgroup only: one series per node instead of every container (cheap on 1,000 nodes)
    probe: `container_cpu_usage_seconds_total{${c}, id="/"}`,
    fix: 'Scrape the kubelet path /metrics/cadvisor on port 10250 (kube-prometheus-stack: kubelet.serviceMonitor.cAdvisor=true).',
  },
  kubelet: {
    id: 'kubelet',
    name: 'kubelet (kubelet_*)',
    probe: `kubelet_running_pods{${c}}`,
    fix: 'Scrape the kubelet path /metrics on port 10250 (kube-prometheus-stack: kubelet.enabled=true).',
  },
  ciliumAgent: {
    id: 'ciliumAgent',
    name: 'Cilium agent (cilium_*)',
    probe: `cilium_version{${c}}`,
    fix: 'Helm: --set prometheus.enabled=true --set prometheus.serviceMonitor.enabled=true (agent metrics on port 9962).',
  },
  ciliumOperator: {
    id: 'ciliumOperator',
    name: 'Cilium operator (cilium_operator_*)',
    probe: `cilium_operator_process_resident_memory_bytes{${c}}`,
    fix: 'Helm: --set operator.prometheus.enabled=true --set operator.prometheus.serviceMonitor.enabled=true (port 9963).',
  },
  hubbleFlow: {
    id: 'hubbleFlow',
    name: 'Hubble flow metrics (hubble_flows_processed_total)',
    probe: `hubble_flows_processed_total{${c}}`,
    fix: `Helm: ${HUBBLE_BASE} "flow" (e.g. --set hubble.metrics.enabled="{dns,drop,tcp,flow,port-distribution,icmp,httpV2}") and hubble.metrics.serviceMonitor.enabled=true (port 9965).`,
  },
  hubbleDrop: {
    id: 'hubbleDrop',
    name: 'Hubble drop metrics (hubble_drop_total)',
    probe: `hubble_drop_total{${c}}`,
    fix: `Helm: ${HUBBLE_BASE} "drop".`,
  },
  hubbleDns: {
    id: 'hubbleDns',
    name: 'Hubble DNS metrics (hubble_dns_*)',
    probe: `hubble_dns_queries_total{${c}}`,
    fix: `Helm: ${HUBBLE_BASE} "dns". DNS visibility also needs a CiliumNetworkPolicy with a DNS rule (toPorts ... rules: dns).`,
  },
  hubbleDnsQuery: {
    id: 'hubbleDnsQuery',
    name: 'Hubble DNS query names (hubble_dns_queries_total{query})',
    probe: `hubble_dns_queries_total{${c}, query!=""}`,
    fix: 'Helm: use the dns option "dns:query;ignoreAAAA" in hubble.metrics.enabled to add the query label.',
  },
  hubbleTcp: {
    id: 'hubbleTcp',
    name: 'Hubble TCP metrics (hubble_tcp_flags_total)',
    probe: `hubble_tcp_flags_total{${c}}`,
    fix: `Helm: ${HUBBLE_BASE} "tcp".`,
  },
  hubbleIcmp: {
    id: 'hubbleIcmp',
    name: 'Hubble ICMP metrics (hubble_icmp_total)',
    probe: `hubble_icmp_total{${c}}`,
    fix: `Helm: ${HUBBLE_BASE} "icmp".`,
  },
  hubblePorts: {
    id: 'hubblePorts',
    name: 'Hubble port distribution (hubble_port_distribution_total)',
    probe: `hubble_port_distribution_total{${c}}`,
    fix: `Helm: ${HUBBLE_BASE} "port-distribution".`,
  },
  hubbleHttp: {
    id: 'hubbleHttp',
    name: 'Hubble HTTP metrics with workload context (hubble_http_requests_total)',
    probe: `hubble_http_requests_total{${c}, destination_workload!=""}`,
    fix: `Helm: ${HUBBLE_BASE} "httpV2:exemplars=true;labelsContext=source_ip,source_namespace,source_workload,destination_ip,destination_namespace,destination_workload,traffic_direction" (escape the commas with \\, in --set). L7 visibility needs an L7 CiliumNetworkPolicy rule.`,
  },
  hubblePolicy: {
    id: 'hubblePolicy',
    name: 'Hubble policy verdicts (hubble_policy_verdicts_total)',
    probe: `hubble_policy_verdicts_total{${c}}`,
    fix: 'Helm: add "policy:sourceContext=app|workload-name|pod|reserved-identity;destinationContext=app|workload-name|pod|dns|reserved-identity;labelsContext=source_namespace,destination_namespace" to hubble.metrics.enabled.',
  },
  hubbleFlowContext: {
    id: 'hubbleFlowContext',
    name: 'Hubble flow and drop metrics by namespace and workload (source_namespace, destination_namespace, source, destination labels)',
    probe: `hubble_flows_processed_total{${c}, source_namespace!=""}`,
    fix: 'Helm: give the flow and drop options context, e.g. "flow:sourceContext=workload-name|reserved-identity;destinationContext=workload-name|reserved-identity;labelsContext=source_namespace,destination_namespace" and the same for "drop".',
  },
  caretta: {
    id: 'caretta',
    name: 'Caretta service map links (caretta_links_observed)',
    probe: `caretta_links_observed{${c}}`,
    fix: 'Install Caretta (groundcover-com/caretta Helm chart, a DaemonSet exporting on port 7117) and let Prometheus scrape it; it is optional, the Hubble sources of the service map do not need it.',
  },
  hubbleLost: {
    id: 'hubbleLost',
    name: 'Hubble lost events (hubble_lost_events_total)',
    probe: `hubble_lost_events_total{${c}}`,
    fix: 'Helm: hubble.enabled=true and hubble.metrics.enabled set to any list (the lost-events metric is always on once Hubble metrics are served).',
  },
};

/** The instant query that proves a family is present: non-empty result with a value > 0. */
export function probeQuery(family: MetricFamily): string {
  return `count(${family.probe})`;
}
