import { prometheusAnnotations, ruleLabels } from '../../../src/alerting/annotations';
import { buildExpression } from '../../../src/alerting/expr';
import { AlertArea, AlertTemplate, ParamValues } from '../../../src/alerting/types';

/** One rule of a Prometheus/Loki/Mimir rule file. */
export interface PrometheusRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** One group of a rule file; `interval` is the evaluation interval (duration string). */
export interface PrometheusRuleGroup {
  name: string;
  interval: string;
  rules: PrometheusRule[];
}

/** A whole rule file (`groups:`), as Prometheus, Mimir and Loki's ruler read it. */
export interface PrometheusRuleFile {
  groups: PrometheusRuleGroup[];
}

/**
 * Renders one template as a Prometheus alerting rule; `expr` already contains the comparison, so
 * only series over/under the threshold are returned (and fire).
 *
 * @throws ParamError when a parameter value is invalid
 */
export function renderPrometheusRule(template: AlertTemplate, params?: ParamValues): PrometheusRule {
  return {
    alert: template.alert,
    expr: buildExpression(template, params).expr,
    for: template.for,
    labels: ruleLabels(template),
    annotations: prometheusAnnotations(template),
  };
}

/** Options of {@link renderRuleFile}. */
export interface RuleFileOptions {
  /** group name; default `kubeobs-<area>` */
  groupName?: string;
  /** evaluation interval; default `1m` */
  interval?: string;
  /** parameter values per template id */
  params?: Record<string, ParamValues>;
}

/**
 * Renders templates of one area as a rule file with one group. Loki templates give a Loki ruler
 * file (same shape, LogQL expressions).
 */
export function renderRuleFile(
  area: AlertArea,
  templates: readonly AlertTemplate[],
  options: RuleFileOptions = {}
): PrometheusRuleFile {
  const selected = templates.filter((t) => t.area === area);
  return {
    groups: [
      {
        name: options.groupName ?? `kubeobs-${area}`,
        interval: options.interval ?? '1m',
        rules: selected.map((t) => renderPrometheusRule(t, options.params?.[t.id])),
      },
    ],
  };
}
