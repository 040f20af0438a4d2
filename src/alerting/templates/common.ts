import { TemplateParam } from '../types';

/** The compared number of a template (every template has one). */
export function thresholdParam(label: string, description: string, value: number): TemplateParam {
  return { name: 'threshold', label, description, kind: 'number', default: value };
}

/** A namespace filter (RE2 regex on the `namespace` label or its Hubble equivalent); `.+` = all. */
export function namespaceParam(description = 'Namespaces to watch (regular expression, `.+` = all)'): TemplateParam {
  return { name: 'namespace', label: 'Namespace filter', description, kind: 'regex', default: '.+' };
}

/** Labels the Cilium agent and Hubble scrape targets carry (Cilium Helm ServiceMonitors). */
export const AGENT_LABELS = 'cluster, namespace, pod, node';
