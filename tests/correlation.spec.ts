import { test, expect } from './fixtures';
import { testIds } from '../src/components/testIds';
import { ROUTES } from '../src/constants';

/**
 * The correlation end to end, against the Docker stack (docker-compose.yaml: the demo cluster
 * pushes logs to Loki and traces to Tempo with the trace ids of its Hubble flows):
 * Flows page → an HTTP flow of the podinfo namespace → its destination pod's logs around the flow
 * (the line with the flow's trace id is there) → back → its trace in the Traces page's trace view.
 */

/** Grafana's panel header test id (selectors.components.Panels.Panel.title). */
const panelHeader = (title: string) => `data-testid Panel header ${title}`;

test.describe('correlation: flow → logs → trace', () => {
  test('follows a podinfo HTTP flow to its pod logs and to its trace', async ({ gotoPage, page }) => {
    test.setTimeout(180_000);
    await gotoPage(`/${ROUTES.Flows}?namespace=podinfo&protocol=http&from=now-15m&to=now`);
    const table = page.getByTestId(testIds.flows.table);
    await expect(table).toBeVisible({ timeout: 60_000 });
    const rows = table.locator('[data-testid^="data-testid flows-row-"]');
    await expect(rows.first()).toBeVisible({ timeout: 60_000 });

    // Open flows until one carries a trace context (the drawer then shows its trace link).
    const details = page.getByTestId(testIds.flows.details);
    let traceId: string | undefined;
    const count = Math.min(await rows.count(), 40);
    for (let i = 0; i < count && !traceId; i++) {
      await rows.nth(i).getByRole('button', { name: 'Flow details' }).click();
      await expect(details).toBeVisible();
      const traceLink = details.locator(`a[href*="/${ROUTES.Traces}?"]`);
      if ((await traceLink.count()) > 0) {
        traceId = (await traceLink.first().textContent())?.trim();
      } else {
        await page.keyboard.press('Escape');
        await expect(details).toBeHidden();
      }
    }
    expect(traceId, 'an HTTP flow with trace_context among the first rows').toMatch(/^[0-9a-f]{32}$/);

    const traceHref = (await details.locator(`a[href*="var-traceId=${traceId}"]`).first().getAttribute('href'))!;
    expect(traceHref).toMatch(new RegExp(`/${ROUTES.Traces}\\?from=\\d+&to=\\d+.*var-traceId=${traceId}`));

    // 1. The destination pod's logs around the flow: the pod's Logs tab, with the line of this request.
    const logsLinks = details.getByRole('link', { name: 'Pod logs around this flow' });
    const logsHref = (await logsLinks.last().getAttribute('href'))!;
    expect(logsHref).toMatch(/\/cluster\/namespace\/podinfo\/pod\/[^/]+\/logs\?from=\d+&to=\d+/);
    await logsLinks.last().click();
    await expect(page).toHaveURL(/\/cluster\/namespace\/podinfo\/pod\/[^/]+\/logs/);
    await expect(page.getByTestId(panelHeader('Logs'))).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(traceId!).first()).toBeVisible({ timeout: 60_000 });

    // 2. Back to the flow, then its trace: the Traces page shows it in the trace view.
    await page.goBack();
    await expect(table).toBeVisible({ timeout: 60_000 });
    if (await details.isVisible()) {
      await details.locator(`a[href*="var-traceId=${traceId}"]`).click();
    } else {
      // The drawer is not part of the page URL: follow the link the flow's drawer showed.
      await page.goto(traceHref);
    }
    await expect(page).toHaveURL(new RegExp(`/${ROUTES.Traces}\\?.*var-traceId=${traceId}`));
    await expect(page.getByTestId(testIds.traces.selectedTrace)).toContainText(traceId!, { timeout: 30_000 });
    await expect(page.getByTestId(panelHeader('Trace'))).toBeVisible();
    // The trace view lists the spans' services: the podinfo frontend served the request.
    await expect(
      page
        .getByTestId(panelHeader('Trace'))
        .getByText(/podinfo-/)
        .first()
    ).toBeVisible({ timeout: 60_000 });
  });

  test('a trace id in a log line links to the Traces page', async ({ gotoPage, page }) => {
    test.setTimeout(120_000);
    await gotoPage(`/${ROUTES.Logs}?var-namespace=podinfo&var-search=trace_id&from=now-15m&to=now`);
    const logs = page.getByTestId(panelHeader('Logs'));
    await expect(logs).toBeVisible({ timeout: 30_000 });
    // Expand the newest line's details: the trace_id field carries the app's "Open trace" link.
    const line = page.getByText(/trace_id/).first();
    await expect(line).toBeVisible({ timeout: 60_000 });
    await line.click();
    const open = page.getByRole('link', { name: /Open trace/ }).first();
    await expect(open).toBeVisible({ timeout: 30_000 });
    await open.click();
    await expect(page).toHaveURL(new RegExp(`/${ROUTES.Traces}\\?.*var-traceId=[0-9a-f]{32}`));
    await expect(page.getByTestId(testIds.traces.selectedTrace)).toContainText(/[0-9a-f]{32}/);
  });
});
