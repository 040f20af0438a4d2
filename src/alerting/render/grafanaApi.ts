import { AlertTemplate } from '../types';
import { GrafanaRenderOptions, GrafanaRule, renderGrafanaRule } from './grafanaRule';

/**
 * Body of `POST /api/v1/provisioning/alert-rules` and `PUT /api/v1/provisioning/alert-rules/{uid}`
 * (Grafana's ProvisionedAlertRule).
 */
export interface ProvisionedAlertRule extends GrafanaRule {
  orgID: number;
  folderUID: string;
  ruleGroup: string;
}

/** Where an installed rule goes. */
export interface RuleTarget {
  orgID?: number;
  folderUID: string;
  ruleGroup: string;
}

/**
 * Renders a template as an alerting provisioning API body.
 *
 * @throws ParamError when a parameter value is invalid
 */
export function renderApiRule(
  template: AlertTemplate,
  target: RuleTarget,
  options: GrafanaRenderOptions
): ProvisionedAlertRule {
  return {
    ...renderGrafanaRule(template, options),
    orgID: target.orgID ?? 1,
    folderUID: target.folderUID,
    ruleGroup: target.ruleGroup,
  };
}
