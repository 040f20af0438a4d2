import { ciliumTemplates } from './templates/cilium';
import { hubbleTemplates } from './templates/hubble';
import { kubernetesTemplates } from './templates/kubernetes';
import { lokiTemplates } from './templates/loki';
import { AlertArea, AlertTemplate } from './types';

/** Every alert-rule template, in display order (Kubernetes, Cilium, Hubble, Loki). */
export const ALERT_TEMPLATES: readonly AlertTemplate[] = [
  ...kubernetesTemplates,
  ...ciliumTemplates,
  ...hubbleTemplates,
  ...lokiTemplates,
];

/** Areas in display order with their titles. */
export const ALERT_AREAS: ReadonlyArray<{ area: AlertArea; title: string }> = [
  { area: 'kubernetes', title: 'Kubernetes' },
  { area: 'cilium', title: 'Cilium' },
  { area: 'hubble', title: 'Hubble' },
  { area: 'loki', title: 'Loki' },
];

/** Title of the folder the provisioned and installed rules go to by default. */
export const DEFAULT_FOLDER_TITLE = 'Kubernetes Observability';

/** The template with this id or uid, or undefined. */
export function findTemplate(idOrUid: string): AlertTemplate | undefined {
  return ALERT_TEMPLATES.find((t) => t.id === idOrUid || t.uid === idOrUid);
}

/** Templates of one area, in catalogue order. */
export function templatesOfArea(area: AlertArea): AlertTemplate[] {
  return ALERT_TEMPLATES.filter((t) => t.area === area);
}
