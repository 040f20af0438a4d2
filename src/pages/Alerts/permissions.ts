import { config, hasPermission } from '@grafana/runtime';

/** RBAC action that lets a user create Grafana-managed alert rules. */
export const CREATE_RULES_ACTION = 'alert.rules:create';

/**
 * Whether the signed-in user may install rules (`alert.rules:create`), via `hasPermission` from
 * `@grafana/runtime` (the current user Grafana registers at start), falling back to the
 * permissions in `config.bootData.user` where no current user is registered. Users without it
 * can still browse and preview.
 */
export function canInstallRules(): boolean {
  try {
    return hasPermission(CREATE_RULES_ACTION);
  } catch {
    return !!config.bootData.user?.permissions?.[CREATE_RULES_ACTION];
  }
}
