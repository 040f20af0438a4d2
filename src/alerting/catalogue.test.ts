import { ALERT_AREAS, ALERT_TEMPLATES, findTemplate } from './catalogue';
import { expandAnnotation } from './expand';
import { buildExpression } from './expr';
import { ParamError, resolveParams } from './params';

/** Every metric the templates may use, as the exporters emit them (see shared reference docs). */
const KNOWN_METRICS = new Set([
  'up',
  'kube_node_status_condition',
  'kube_pod_container_status_waiting_reason',
  'kube_pod_status_ready',
  'kube_pod_status_phase',
  'kube_deployment_spec_replicas',
  'kube_deployment_status_replicas_available',
  'kube_pod_info',
  'kube_node_status_allocatable',
  'kube_node_status_capacity',
  'kubelet_running_pods',
  'kubelet_volume_stats_available_bytes',
  'kubelet_volume_stats_capacity_bytes',
  'container_cpu_cfs_throttled_periods_total',
  'container_cpu_cfs_periods_total',
  'kube_daemonset_status_number_unavailable',
  'cilium_unreachable_nodes',
  'cilium_controllers_failing',
  'cilium_bpf_map_pressure',
  'cilium_endpoint_state',
  'cilium_policy_change_total',
  'cilium_drop_count_total',
  'cilium_ip_addresses',
  'cilium_ipam_capacity',
  'hubble_lost_events_total',
  'hubble_dns_responses_total',
  'hubble_http_requests_total',
  'hubble_http_request_duration_seconds_bucket',
  'hubble_tcp_flags_total',
]);

const PROMQL_WORDS = new Set([
  'by',
  'on',
  'unless',
  'or',
  'and',
  'group_left',
  'group_right',
  'ignoring',
  'without',
  'bool',
]);

const PROMQL_FUNCTIONS = new Set(['max', 'sum', 'rate', 'increase', 'max_over_time', 'histogram_quantile']);

/** Metric names of a PromQL query: identifiers left after removing strings, matchers, grouping clauses, functions and keywords. */
function metricNames(query: string): string[] {
  const stripped = query
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = stripped.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  return names.filter((n) => !PROMQL_WORDS.has(n) && !PROMQL_FUNCTIONS.has(n));
}

describe('alert template catalogue', () => {
  it('has the templates of issue 5 in every area', () => {
    expect(ALERT_TEMPLATES.length).toBeGreaterThanOrEqual(25);
    for (const { area } of ALERT_AREAS) {
      expect(ALERT_TEMPLATES.some((t) => t.area === area)).toBe(true);
    }
  });

  it('has unique ids, uids and alert names; uids fit Grafana (≤ 40 characters)', () => {
    const ids = ALERT_TEMPLATES.map((t) => t.id);
    const uids = ALERT_TEMPLATES.map((t) => t.uid);
    const alerts = ALERT_TEMPLATES.map((t) => t.alert);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(uids).size).toBe(uids.length);
    expect(new Set(alerts).size).toBe(alerts.length);
    for (const t of ALERT_TEMPLATES) {
      expect(t.uid.length).toBeLessThanOrEqual(40);
      expect(t.uid).toMatch(/^kubeobs-[a-z0-9-]+$/);
      expect(t.for).toMatch(/^\d+[smh]$/);
      expect(findTemplate(t.id)).toBe(t);
    }
  });

  it.each(ALERT_TEMPLATES.map((t) => [t.id, t]))('%s: expression has its comparison and a guarded division', (_, t) => {
    const built = buildExpression(t);
    expect(built.expr).toBe(`(${built.query}) ${t.comparison} ${built.threshold}`);
    if (/ \/ on /.test(built.query)) {
      // every ratio's denominator is filtered with `> 0`
      expect(built.query).toMatch(/\/ on \([^)]*\) \(.*\) > 0\)/);
    }
    expect(t.runbook.check.length).toBeGreaterThan(0);
    expect(t.runbook.fix.length).toBeGreaterThan(0);
  });

  it.each(ALERT_TEMPLATES.filter((t) => t.datasource === 'prometheus').map((t) => [t.id, t]))(
    '%s: uses only known exporter metric names (kube-state-metrics v2)',
    (_, t) => {
      const names = metricNames(buildExpression(t).query);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(KNOWN_METRICS).toContain(name);
      }
    }
  );

  it.each(ALERT_TEMPLATES.map((t) => [t.id, t]))(
    '%s: annotations use only syntax Prometheus and Grafana expand alike',
    (_, t) => {
      const labels = Object.fromEntries(t.outputLabels.map((l) => [l, `<${l}>`]));
      for (const text of [t.summary, t.description]) {
        const out = expandAnnotation(text, labels, 0.5);
        expect(out).not.toContain('{{');
        for (const l of text.match(/\$labels\.(\w+)/g) ?? []) {
          // a label used in an annotation is one the expression keeps
          expect(t.outputLabels).toContain(l.replace('$labels.', ''));
        }
      }
      expect(`${t.runbook.meaning}${t.runbook.check.join('')}${t.runbook.fix.join('')}`).not.toContain('{{');
    }
  );

  it('substitutes parameters and rejects invalid ones', () => {
    const t = findTemplate('hubble-http-5xx-ratio')!;
    const built = buildExpression(t, { threshold: '0.2', namespace: 'shop|pay"ments' });
    expect(built.expr).toContain('destination_namespace=~"shop|pay\\"ments"');
    expect(built.expr.endsWith(' > 0.2')).toBe(true);
    expect(() => resolveParams(t, { threshold: 'abc' })).toThrow(ParamError);
    expect(() => resolveParams(t, { namespace: '' })).toThrow(ParamError);
    expect(resolveParams(t).namespace).toBe('.+');
  });
});
