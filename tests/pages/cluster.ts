import { expect, Locator, Page } from '@playwright/test';
import { waitForPanels } from './panels';

/** A panel by its title (Grafana's panel header test id), and the panel around it. */
export function panelByTitle(page: Page, title: string): Locator {
  return page.locator('[data-viz-panel-key]').filter({ has: page.getByTestId(`data-testid Panel header ${title}`) });
}

/**
 * The Cluster page and its drill-downs, as a user clicks through them: table links open the
 * namespace, workload, pod and node pages.
 */
export class ClusterDrilldown {
  constructor(private readonly page: Page) {}

  /** Clicks a link cell with this text in the titled table panel, and waits for the next page's panels. */
  async openFromTable(panelTitle: string, linkText: string | RegExp): Promise<void> {
    const panel = panelByTitle(this.page, panelTitle);
    await panel.getByRole('link', { name: linkText }).first().click();
    // Grafana's table opens a menu when a cell has several links; ours have one, which navigates.
    await waitForPanels(this.page);
  }

  async expectTitle(title: string | RegExp): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  }
}
