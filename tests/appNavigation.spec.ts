import { test, expect } from './fixtures';
import { ROUTES } from '../src/constants';
import { testIds } from '../src/components/testIds';

test.describe('navigating the app (docker compose stack: Grafana, Prometheus, demo cluster)', () => {
  test('the app root opens the cluster overview', async ({ gotoPage, page }) => {
    await gotoPage('/');
    await expect(page).toHaveURL(new RegExp(`/${ROUTES.Cluster}`));
    await expect(page.getByTestId(testIds.page.section('Nodes and pods'))).toBeVisible();
    await expect(page.getByText('Nodes ready')).toBeVisible();
  });

  test('drills down from the namespace table to a namespace, a workload and a pod', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Cluster}`);
    await page.getByRole('link', { name: 'podinfo' }).first().click();
    await expect(page).toHaveURL(/cluster\/namespace\/podinfo/);
    await expect(page.getByRole('heading', { name: 'Namespace podinfo' })).toBeVisible();

    await page
      .getByRole('link', { name: /frontend/ })
      .first()
      .click();
    await expect(page).toHaveURL(/workload\/Deployment\//);
    await expect(page.getByText('HTTP requests into the workload')).toBeVisible();
  });

  test('keeps variables and time range in the URL', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Network}?from=now-30m&to=now&var-reporter=client`);
    await expect(page).toHaveURL(/var-reporter=client/);
    await expect(page).toHaveURL(/from=now-30m/);
    await expect(page).toHaveURL(/var-ds=/);
  });

  for (const route of [ROUTES.Cilium, ROUTES.Network]) {
    test(`${route} renders its panels without the missing-data banner on the demo`, async ({ gotoPage, page }) => {
      await gotoPage(`/${route}`);
      await expect(page.getByTestId(testIds.missingData.error)).toHaveCount(0);
      await expect(page.locator('[data-viz-panel-key]').first()).toBeVisible({ timeout: 20000 });
    });
  }
});
