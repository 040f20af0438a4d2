import { AlertTemplate, Runbook } from './types';

/** Annotation keys the app writes besides summary/description/runbook. */
export const HASH_ANNOTATION = '__kubeobs_template_hash__';
/** Annotation holding the template id of an installed rule. */
export const TEMPLATE_ANNOTATION = '__kubeobs_template__';
/** Annotation holding the parameter values (JSON) an installed rule was rendered with. */
export const PARAMS_ANNOTATION = '__kubeobs_template_params__';

/** Label holding the template's area, for notification routing. */
export const AREA_LABEL = 'kubeobs_area';

/** Runbook as one plain-text block: meaning, then numbered check and fix steps. */
export function runbookText(runbook: Runbook): string {
  const steps = (items: string[]) => items.map((s, i) => `  ${i + 1}. ${s}`).join('\n');
  return `${runbook.meaning}\nCheck:\n${steps(runbook.check)}\nFix:\n${steps(runbook.fix)}`;
}

/** Labels of a rendered rule (both formats): severity and area. */
export function ruleLabels(template: AlertTemplate): Record<string, string> {
  return { severity: template.severity, [AREA_LABEL]: template.area };
}

/** Annotations in Prometheus template syntax (`$value` is the sample value). */
export function prometheusAnnotations(template: AlertTemplate): Record<string, string> {
  return { summary: template.summary, description: template.description, runbook: runbookText(template.runbook) };
}

/**
 * Rewrites a Prometheus annotation template for Grafana-managed rules: Grafana's `$value` is a
 * string listing every expression, the number of the reduced query is `$values.B.Value`.
 */
export function toGrafanaTemplate(text: string): string {
  return text.replace(/\$value\b/g, '$values.B.Value');
}

/** Annotations in Grafana template syntax (summary, description, runbook). */
export function grafanaAnnotations(template: AlertTemplate): Record<string, string> {
  const a = prometheusAnnotations(template);
  return { summary: toGrafanaTemplate(a.summary), description: toGrafanaTemplate(a.description), runbook: a.runbook };
}
