import { config, setCurrentUser } from '@grafana/runtime';
import { canInstallRules, CREATE_RULES_ACTION } from './permissions';

describe('canInstallRules', () => {
  it('reads config.bootData.user before Grafana registered a current user', () => {
    const original = config.bootData.user.permissions;
    config.bootData.user.permissions = { [CREATE_RULES_ACTION]: true };
    expect(canInstallRules()).toBe(true);
    config.bootData.user.permissions = { 'alert.rules:read': true };
    expect(canInstallRules()).toBe(false);
    config.bootData.user.permissions = original;
  });

  it('follows the current user Grafana registers (hasPermission)', () => {
    const user = { permissions: { 'alert.rules:read': true } as Record<string, boolean> };
    setCurrentUser(user as never);
    expect(canInstallRules()).toBe(false);
    user.permissions[CREATE_RULES_ACTION] = true;
    expect(canInstallRules()).toBe(true);
  });
});
