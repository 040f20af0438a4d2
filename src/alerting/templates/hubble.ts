import { AlertTemplate } from '../types';
import { AGENT_LABELS, namespaceParam, thresholdParam } from './common';

const HTTP_BY = 'cluster, destination_namespace, destination_workload';

/**
 * Hubble templates. Metrics: Hubble (`hubble_*`, port 9965). `hubble_lost_events_total` is always
 * on; DNS, TCP and HTTP need the `dns`, `tcp` and `httpV2` options of `hubble.metrics.enabled`, and
 * the HTTP templates need `labelsContext=...destination_namespace,destination_workload...`.
 */
export const hubbleTemplates: AlertTemplate[] = [
  {
    id: 'hubble-lost-events',
    uid: 'kubeobs-hubble-lost-events',
    alert: 'HubbleLostEvents',
    area: 'hubble',
    title: 'Hubble lost events',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [
      thresholdParam('Alert when lost events per second are above', 'rate of hubble_lost_events_total, events/s', 0),
    ],
    comparison: '>',
    query: () => `sum by (${AGENT_LABELS}, source) (rate(hubble_lost_events_total[5m]))`,
    outputLabels: ['node', 'pod', 'source'],
    summary: 'Hubble on {{ $labels.node }} loses events ({{ $labels.source }})',
    description:
      'Hubble in agent {{ $labels.pod }} on node {{ $labels.node }} loses {{ printf "%.2f" $value }} events/s at {{ $labels.source }}; flows and flow metrics are incomplete.',
    runbook: {
      meaning:
        'Flow events arrive faster than Hubble can take them, so flows are missing from Hubble, its metrics and this app.',
      check: [
        'kubectl -n kube-system exec ds/cilium -c cilium-agent -- cilium-dbg status | grep Hubble',
        'hubble status (hubble CLI: current/max flows, flows per second)',
      ],
      fix: [
        'perf_event_ring_buffer: aggregate more with Helm bpf.monitorAggregation=medium (or maximum).',
        'hubble_ring_buffer / observer_events_queue: raise Helm hubble.eventBufferCapacity (e.g. 16383) and hubble.eventQueueSize.',
      ],
    },
  },
  {
    id: 'hubble-dns-error-ratio',
    uid: 'kubeobs-hubble-dns-error-ratio',
    alert: 'HubbleDnsErrorRatioHigh',
    area: 'hubble',
    title: 'DNS error ratio high',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when error responses ratio is above',
        'responses with rcode other than "No Error" / all responses, 0..1',
        0.1
      ),
    ],
    comparison: '>',
    query: () =>
      'sum by (cluster) (rate(hubble_dns_responses_total{rcode!="No Error"}[5m])) / on (cluster) (sum by (cluster) (rate(hubble_dns_responses_total[5m])) > 0)',
    outputLabels: [],
    summary: '{{ printf "%.2f" $value }} of DNS responses are errors',
    description:
      'Hubble sees {{ printf "%.2f" $value }} of DNS responses with an error rcode (NXDOMAIN, SERVFAIL, REFUSED, ...) in the last 5 minutes.',
    runbook: {
      meaning:
        'Many DNS lookups fail: a wrong service or external name, CoreDNS trouble, or a DNS policy blocking upstream servers. Search-domain expansion (ndots:5) adds some NXDOMAIN noise: raise the threshold if that is your baseline.',
      check: [
        'hubble observe --protocol dns -o compact | grep -E "Non-Existent|Server Failure|Refused"',
        'kubectl -n kube-system logs -l k8s-app=kube-dns --tail=100',
      ],
      fix: [
        'NXDOMAIN: fix the name the client asks for (hubble observe shows the query and pod); use FQDNs with a trailing dot for external names.',
        'SERVFAIL: fix CoreDNS upstreams or the toFQDNs / DNS-proxy policy (Helm dnsProxy settings) that blocks them.',
      ],
    },
  },
  {
    id: 'hubble-http-5xx-ratio',
    uid: 'kubeobs-hubble-http-5xx-ratio',
    alert: 'HubbleHttp5xxRatioHigh',
    area: 'hubble',
    title: 'HTTP 5xx ratio per destination workload',
    severity: 'warning',
    for: '5m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when 5xx ratio is above',
        '5xx responses / all responses per destination workload, 0..1',
        0.05
      ),
      namespaceParam('Destination namespaces to watch (regular expression on destination_namespace)'),
    ],
    comparison: '>',
    query: (p) =>
      `sum by (${HTTP_BY}) (rate(hubble_http_requests_total{status=~"5..",destination_namespace=~"${p.namespace}"}[5m])) / on (${HTTP_BY}) (sum by (${HTTP_BY}) (rate(hubble_http_requests_total{destination_namespace=~"${p.namespace}"}[5m])) > 0)`,
    outputLabels: ['destination_namespace', 'destination_workload'],
    summary:
      '{{ $labels.destination_namespace }}/{{ $labels.destination_workload }} answers {{ printf "%.2f" $value }} of requests with 5xx',
    description:
      'Workload {{ $labels.destination_namespace }}/{{ $labels.destination_workload }} returned HTTP 5xx for {{ printf "%.2f" $value }} of its requests in the last 5 minutes (seen by Hubble).',
    runbook: {
      meaning: 'The workload fails a share of its HTTP requests with server errors.',
      check: [
        'hubble observe --to-namespace <namespace> --http-status 5+ -o compact',
        'kubectl -n <namespace> logs deploy/<workload> --since=10m | grep -i error',
      ],
      fix: [
        'Fix or roll back the workload (kubectl -n <namespace> rollout undo deploy/<workload>); check its dependencies in the Traces page.',
      ],
    },
  },
  {
    id: 'hubble-http-p95-latency',
    uid: 'kubeobs-hubble-http-p95-latency',
    alert: 'HubbleHttpLatencyHigh',
    area: 'hubble',
    title: 'HTTP p95 latency per destination workload',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when p95 latency is above (seconds)',
        'p95 of hubble_http_request_duration_seconds, seconds',
        0.5
      ),
      namespaceParam('Destination namespaces to watch (regular expression on destination_namespace)'),
    ],
    comparison: '>',
    query: (p) =>
      `histogram_quantile(0.95, sum by (${HTTP_BY}, le) (rate(hubble_http_request_duration_seconds_bucket{destination_namespace=~"${p.namespace}"}[5m])))`,
    outputLabels: ['destination_namespace', 'destination_workload'],
    summary:
      'p95 latency of {{ $labels.destination_namespace }}/{{ $labels.destination_workload }} is {{ printf "%.3f" $value }}s',
    description:
      '95% of HTTP requests to {{ $labels.destination_namespace }}/{{ $labels.destination_workload }} took up to {{ printf "%.3f" $value }} s in the last 5 minutes.',
    runbook: {
      meaning: 'The workload answers slowly (quantile estimated from Hubble histogram buckets).',
      check: [
        'hubble observe --to-namespace <namespace> --protocol http -o json | jq .flow.l7.latency_ns',
        'The Traces page: slow spans of the workload (exemplars link there).',
      ],
      fix: ['Scale the workload or its dependencies; check CPU throttling and the latency of what it calls.'],
    },
  },
  {
    id: 'hubble-missing-syn-ack',
    uid: 'kubeobs-hubble-missing-syn-ack',
    alert: 'HubbleMissingTcpSynAck',
    area: 'hubble',
    title: 'Missing TCP SYN-ACKs',
    severity: 'warning',
    for: '10m',
    datasource: 'prometheus',
    params: [
      thresholdParam(
        'Alert when unanswered SYN ratio is above',
        '1 - SYN-ACK/SYN from hubble_tcp_flags_total, 0..1',
        0.1
      ),
    ],
    comparison: '>',
    query: () =>
      '1 - ((sum by (cluster) (rate(hubble_tcp_flags_total{flag="SYN-ACK"}[5m])) or sum by (cluster) (rate(hubble_tcp_flags_total{flag="SYN"}[5m])) * 0) / on (cluster) (sum by (cluster) (rate(hubble_tcp_flags_total{flag="SYN"}[5m])) > 0))',
    outputLabels: [],
    summary: '{{ printf "%.2f" $value }} of TCP SYNs get no SYN-ACK',
    description:
      'Hubble saw no SYN-ACK for {{ printf "%.2f" $value }} of TCP connection attempts in the last 5 minutes: servers are down, ports closed or traffic is dropped.',
    runbook: {
      meaning:
        'Connection attempts are not answered: a destination is down, nothing listens on the port, or the SYN or the answer is dropped.',
      check: [
        'hubble observe --tcp-flags SYN --verdict DROPPED -o compact',
        'hubble observe --tcp-flags RST -o compact',
        'kubectl get endpointslices -A | grep "<unset>"',
      ],
      fix: [
        'Fix the service (no ready endpoints, wrong targetPort) or allow the traffic in the CiliumNetworkPolicy that drops it.',
      ],
    },
  },
];
