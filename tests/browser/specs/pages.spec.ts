import { testIds } from '../../../src/components/testIds';
import { drilldownUrl, PLUGIN_BASE_URL } from '../../../src/constants';
import { NAV_ROUTES } from '../../pages/routes';
import { panelProblems, waitForPanels } from '../../pages/panels';
import { DEMO } from './demo';
import { expect, test } from './fixtures';

test.describe('every page renders with data, no console error, and panels of at least 200×100 px', () => {
  for (const route of NAV_ROUTES) {
    test(`${route.name}`, async ({ gotoPage, page }) => {
      await gotoPage(route.path);
      if (route.expect === 'panels') {
        await waitForPanels(page);
        // The Network page hides panels whose metrics the docs configuration lacks, and says so.
        expect(await panelProblems(page)).toEqual([]);
        await expect(page.getByTestId(testIds.missingData.error)).toHaveCount(0);
      } else if (route.expect === 'no-datasource') {
        await expect(page.getByTestId(testIds.missingData.splash)).toBeVisible();
      } else if (route.expect === 'flows') {
        await expect(
          page.getByTestId(testIds.flows.table).locator('[data-testid^="data-testid flows-row-"]').first()
        ).toBeVisible();
      } else if (route.expect === 'troubleshoot') {
        // before a pair is picked: what to enter, and the demo's connections with drops to ask about
        await expect(page.getByTestId(testIds.troubleshoot.summary)).toContainText('Pick a source and a destination');
        await expect(page.getByTestId(testIds.troubleshoot.droppedPair).first()).toBeVisible();
      } else if (route.expect === 'alerts') {
        await expect(page.getByRole('button', { name: 'Preview now' })).toBeVisible();
        await expect(page.getByText('installed', { exact: false }).first()).toBeVisible();
      }
    });
  }

  const drilldowns = [
    { name: 'namespace', url: drilldownUrl.namespace(DEMO.namespace), heading: `Namespace ${DEMO.namespace}` },
    {
      name: 'workload',
      url: drilldownUrl.workload(DEMO.namespace, DEMO.workloadKind, DEMO.workload),
      heading: `${DEMO.workloadKind} ${DEMO.workload}`,
    },
    { name: 'node', url: drilldownUrl.node(DEMO.node), heading: `Node ${DEMO.node}` },
  ];
  for (const d of drilldowns) {
    test(`drill-down: ${d.name}`, async ({ page }) => {
      await page.goto(d.url);
      await expect(page.getByRole('heading', { level: 1, name: d.heading })).toBeVisible();
      await waitForPanels(page);
      expect(await panelProblems(page)).toEqual([]);
    });
  }

  test('drill-down: pod (the first pod of the workload)', async ({ page }) => {
    await page.goto(drilldownUrl.workload(DEMO.namespace, DEMO.workloadKind, DEMO.workload));
    await waitForPanels(page);
    const podLink = page.locator(`a[href*="/pod/${DEMO.workload}-"]`).first();
    await podLink.click();
    await expect(page).toHaveURL(new RegExp(`/pod/${DEMO.workload}-`));
    await waitForPanels(page);
    expect(await panelProblems(page)).toEqual([]);
  });

  test('config page', async ({ page }) => {
    await page.goto(`/plugins/${PLUGIN_BASE_URL.split('/').pop()}`);
    await expect(page.getByTestId(testIds.appConfig.gatewayUrl)).toBeVisible();
    await expect(page.getByTestId(testIds.appConfig.prometheus)).toContainText('Prometheus');
  });
});
