import { testIds } from '../../../src/components/testIds';
import { ROUTES } from '../../../src/constants';
import { FlowsPage } from '../../pages/flows';
import { waitForPanels } from '../../pages/panels';
import { hostUrl } from '../browser';
import { answerGateway, demoFlows, replicateFlows, syntheticServiceMap } from '../scale/largeAnswers';
import { expect, test } from './fixtures';

// Large answers render and page without an error (how fast: npm run bench:browser:scale).
test.describe('At scale', () => {
  test('the Flows table shows 10,000 flows, folds and unfolds them, and pages through them', async ({
    gotoPage,
    page,
  }) => {
    const flows = replicateFlows(await demoFlows(hostUrl()), 10_000);
    await answerGateway(page, '/api/v1/flows', { flows });
    const table = new FlowsPage(page);
    await gotoPage(`/${ROUTES.Flows}?limit=10000`);
    const count = page.getByTestId(testIds.flows.count);
    await expect(count).toContainText('10000 flows shown', { timeout: 60_000 });
    await table.waitForRows();
    await expect(table.rows).toHaveCount(50);
    const first = await table.rows.first().getAttribute('data-testid');
    await page.getByRole('button', { name: 'next page' }).click();
    await expect(table.rows.first()).not.toHaveAttribute('data-testid', first!);
    await table.rows.last().scrollIntoViewIfNeeded();
    await table.toggle('Fold observations');
    await expect(count).not.toContainText('folded');
    await expect(table.rows).toHaveCount(50);
  });

  test('the service map takes 500 nodes and 2,000 edges', async ({ gotoPage, page }) => {
    await answerGateway(page, '/api/v1/service-map', syntheticServiceMap(500, 2000));
    await gotoPage(`/${ROUTES.ServiceMap}`);
    await waitForPanels(page);
    // the node graph stand-in counts the rows of each frame it received
    await expect(page.getByText('nodes (500)')).toBeVisible();
    await expect(page.getByText('edges (2000)')).toBeVisible();
  });
});
