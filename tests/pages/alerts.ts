import { expect, Page } from '@playwright/test';
import { alertsTestIds } from '../../src/pages/Alerts/testIds';

/** The Alerts page: pick a template, preview it against the data source. */
export class AlertsPage {
  constructor(private readonly page: Page) {}

  async selectTemplate(id: string): Promise<void> {
    await this.page.getByTestId(alertsTestIds.templateRow(id)).click();
  }

  /** Runs "Preview now" and waits for the preview table (rows that would fire) or its empty message. */
  async preview(): Promise<void> {
    await this.page.getByTestId(alertsTestIds.previewButton).click();
    await expect(this.page.getByTestId(alertsTestIds.previewTable)).toBeVisible({ timeout: 30_000 });
  }
}
