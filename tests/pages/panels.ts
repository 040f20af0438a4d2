import { expect, Locator, Page } from '@playwright/test';

/** Every panel scenes renders carries its key in `data-viz-panel-key` (VizPanelRenderer). */
export const PANEL = '[data-viz-panel-key]';

/** Grafana's selectors (@grafana/e2e-selectors) for a panel's loading bar and error status. */
export const PANEL_LOADING_BAR = 'Panel loading bar';
export const PANEL_ERROR = 'data-testid Panel status error';

/** What one rendered panel looks like: title, size in CSS pixels, and whether it shows an error or no data. */
export interface PanelView {
  key: string;
  title: string;
  width: number;
  height: number;
  error: boolean;
  noData: boolean;
  /** Scenes' "Loading plugin panel..." still shown: the panel plugin never loaded. */
  pluginMissing: boolean;
}

/**
 * Waits until the page shows at least one panel and none is loading any more (no loading bar).
 * Errors: fails the test after `timeout` ms.
 */
export async function waitForPanels(page: Page, timeout = 60_000): Promise<void> {
  await expect(page.locator(PANEL).first()).toBeVisible({ timeout });
  await expect(page.getByLabel(PANEL_LOADING_BAR)).toHaveCount(0, { timeout });
}

/** The visible panels of the page with their size and state. */
export async function panelViews(page: Page): Promise<PanelView[]> {
  return page.locator(PANEL).evaluateAll(
    (nodes, errorId) =>
      nodes
        .map((node) => {
          const box = node.getBoundingClientRect();
          const text = (node as HTMLElement).innerText ?? '';
          const header = node.querySelector('[data-testid^="data-testid Panel header "]');
          return {
            key: node.getAttribute('data-viz-panel-key') ?? '',
            title: header?.getAttribute('data-testid')?.replace('data-testid Panel header ', '') ?? '',
            width: Math.round(box.width),
            height: Math.round(box.height),
            error: Boolean(node.querySelector(`[data-testid="${errorId}"]`)),
            noData: /(^|\n)No data(\n|$)/.test(text),
            pluginMissing: text.includes('Loading plugin panel'),
          };
        })
        .filter((p) => p.width > 0 && p.height > 0),
    PANEL_ERROR
  );
}

/** Problems of the loaded panels: errors, "No data", and sizes under 200 × 100 px. Empty when all is well. */
export async function panelProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  for (const p of await panelViews(page)) {
    const name = `${p.title || p.key}`;
    if (p.error) {
      problems.push(`${name}: shows an error`);
    }
    if (p.pluginMissing) {
      problems.push(`${name}: its panel plugin did not load`);
    }
    if (p.noData) {
      problems.push(`${name}: No data`);
    }
    if (p.width < 200 || p.height < 100) {
      problems.push(`${name}: ${p.width}×${p.height} px (at least 200×100)`);
    }
  }
  return problems;
}

/**
 * Scrolls a panel's table (virtualised: only the rows in view exist in the DOM) until `target`
 * is rendered, then returns it. Errors: fails the test when it never appears within `steps` scrolls.
 */
export async function scrollToRow(panel: Locator, target: Locator, steps = 40): Promise<Locator> {
  const page = panel.page();
  for (let i = 0; i < steps && (await target.count()) === 0; i++) {
    await panel.locator('[role="table"]').first().hover();
    await page.mouse.wheel(0, 200);
    await page.waitForTimeout(100);
  }
  await expect(target.first()).toBeVisible();
  return target.first();
}
