import { ALERT_AREAS, DEFAULT_FOLDER_TITLE } from '../../../src/alerting/catalogue';
import { GrafanaRule, renderGrafanaRule } from '../../../src/alerting/render/grafanaRule';
import { AlertTemplate, DatasourceKind, ParamValues } from '../../../src/alerting/types';

/** A rule group in Grafana's alerting file-provisioning format. */
export interface GrafanaFileGroup {
  orgId: number;
  name: string;
  /** folder title (Grafana creates it when missing) */
  folder: string;
  /** evaluation interval, duration string */
  interval: string;
  rules: GrafanaRule[];
}

/** A whole file under `provisioning/alerting/`. */
export interface GrafanaProvisioningFile {
  apiVersion: 1;
  groups: GrafanaFileGroup[];
}

/** Options of {@link renderGrafanaProvisioning}. */
export interface GrafanaFileOptions {
  datasourceUids: Record<DatasourceKind, string>;
  orgId?: number;
  folder?: string;
  interval?: string;
  params?: Record<string, ParamValues>;
}

/**
 * Renders templates in Grafana's file-provisioning format, one group per area (`kubeobs-<area>`),
 * all in one folder.
 *
 * @throws ParamError when a parameter value is invalid
 */
export function renderGrafanaProvisioning(
  templates: readonly AlertTemplate[],
  options: GrafanaFileOptions
): GrafanaProvisioningFile {
  const groups: GrafanaFileGroup[] = [];
  for (const { area } of ALERT_AREAS) {
    const inArea = templates.filter((t) => t.area === area);
    if (inArea.length === 0) {
      continue;
    }
    groups.push({
      orgId: options.orgId ?? 1,
      name: `kubeobs-${area}`,
      folder: options.folder ?? DEFAULT_FOLDER_TITLE,
      interval: options.interval ?? '1m',
      rules: inArea.map((t) =>
        renderGrafanaRule(t, { datasourceUids: options.datasourceUids, params: options.params?.[t.id] })
      ),
    });
  }
  return { apiVersion: 1, groups };
}
