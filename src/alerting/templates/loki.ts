import { AlertTemplate } from '../types';
import { namespaceParam, thresholdParam } from './common';

/**
 * Loki templates (LogQL). Labels `namespace` (and `cluster` in multi-cluster setups) as the usual
 * Kubernetes log shippers (Promtail, Grafana Alloy) attach them.
 */
export const lokiTemplates: AlertTemplate[] = [
  {
    id: 'loki-error-log-rate',
    uid: 'kubeobs-loki-error-log-rate',
    alert: 'NamespaceErrorLogRateHigh',
    area: 'loki',
    title: 'Error-log rate per namespace',
    severity: 'warning',
    for: '10m',
    datasource: 'loki',
    params: [
      thresholdParam(
        'Alert when error lines per second are above',
        'log lines/s matching the pattern, per namespace',
        1
      ),
      namespaceParam('Namespaces to watch (regular expression; it must not match the empty string)'),
      {
        name: 'pattern',
        label: 'Error pattern',
        description: 'RE2 line filter that marks an error line',
        kind: 'regex',
        default: '(?i)(error|fatal|panic)',
      },
    ],
    comparison: '>',
    query: (p) => `sum by (cluster, namespace) (rate({namespace=~"${p.namespace}"} |~ "${p.pattern}" [5m]))`,
    outputLabels: ['namespace'],
    summary: 'Namespace {{ $labels.namespace }} logs {{ printf "%.2f" $value }} error lines/s',
    description:
      'Pods in namespace {{ $labels.namespace }} wrote {{ printf "%.2f" $value }} error lines per second over the last 5 minutes.',
    runbook: {
      meaning: 'Applications of the namespace log errors at a higher rate than usual.',
      check: [
        'Logs page of this app, or Explore: {namespace="<namespace>"} |~ "(?i)error"',
        'kubectl -n <namespace> logs deploy/<name> --since=10m',
      ],
      fix: ['Fix the failing component the log lines name; raise the threshold for namespaces that are always noisy.'],
    },
  },
];
