import { ROUTES } from '../../../src/constants';
import { panelByTitle, ClusterDrilldown } from '../../pages/cluster';
import { panelProblems, waitForPanels } from '../../pages/panels';
import { DEMO } from './demo';
import { expect, test } from './fixtures';

test('changing the time range updates the URL and runs the queries again', async ({ gotoPage, page }) => {
  await gotoPage(`/${ROUTES.Cluster}`);
  await waitForPanels(page);
  const rerun = page.waitForRequest((r) => r.url().includes('/api/ds/query'));
  await page.getByRole('button', { name: /Time range selected/ }).click();
  await page.getByText('Last 6 hours', { exact: true }).click();
  await expect(page).toHaveURL(/from=now-6h/);
  const body = (await rerun).postDataJSON() as { from: string; to: string };
  expect(Number(body.to) - Number(body.from)).toBeGreaterThanOrEqual(6 * 3600_000 - 60_000);
  await waitForPanels(page);
  expect(await panelProblems(page)).toEqual([]);
});

test('changing a variable updates the URL and the queries use it', async ({ gotoPage, page }) => {
  await gotoPage(`/${ROUTES.Cluster}`);
  await waitForPanels(page);
  const rerun = page.waitForRequest(
    (r) => r.url().includes('/api/ds/query') && (r.postData() ?? '').includes(`namespace=~\\"${DEMO.namespace}\\"`)
  );
  const picker = page.getByTestId('data-testid template variable').filter({ hasText: 'Namespace' }).locator('input');
  await picker.click();
  await picker.fill(DEMO.namespace);
  await page.getByRole('option', { name: DEMO.namespace, exact: true }).click();
  // A multi-value picker applies its selection when it closes (a click elsewhere; Escape discards it).
  await page.mouse.click(720, 12);
  await expect(page).toHaveURL(new RegExp(`var-namespace=${DEMO.namespace}`));
  await rerun;
  await waitForPanels(page);
});

test('drills down cluster → namespace → workload → pod, and back with the browser', async ({ gotoPage, page }) => {
  const drill = new ClusterDrilldown(page);
  await gotoPage(`/${ROUTES.Cluster}`);
  await waitForPanels(page);

  await drill.openFromTable('Namespaces', DEMO.namespace);
  await expect(page).toHaveURL(new RegExp(`/cluster/namespace/${DEMO.namespace}\\?`));
  await drill.expectTitle(`Namespace ${DEMO.namespace}`);

  await drill.openFromTable('Workloads', DEMO.workload);
  await expect(page).toHaveURL(new RegExp(`/workload/${DEMO.workloadKind}/${DEMO.workload}\\?`));
  await drill.expectTitle(`${DEMO.workloadKind} ${DEMO.workload}`);

  await drill.openFromTable('Pods', new RegExp(`^${DEMO.workload}-`));
  await expect(page).toHaveURL(new RegExp(`/pod/${DEMO.workload}-`));
  await drill.expectTitle(new RegExp(`^Pod ${DEMO.workload}-`));
  expect(await panelProblems(page)).toEqual([]);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/workload/${DEMO.workloadKind}/${DEMO.workload}\\?`));
  await drill.expectTitle(`${DEMO.workloadKind} ${DEMO.workload}`);
  await page.goBack();
  await drill.expectTitle(`Namespace ${DEMO.namespace}`);
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/${ROUTES.Cluster}\\?`));
  await expect(panelByTitle(page, 'Namespaces')).toBeVisible();
});

test('drills down from the Nodes table to a node', async ({ gotoPage, page }) => {
  await gotoPage(`/${ROUTES.Cluster}`);
  await waitForPanels(page);
  await new ClusterDrilldown(page).openFromTable('Nodes', DEMO.node);
  await expect(page).toHaveURL(new RegExp(`/cluster/node/${DEMO.node}\\?`));
  await new ClusterDrilldown(page).expectTitle(`Node ${DEMO.node}`);
  expect(await panelProblems(page)).toEqual([]);
});
