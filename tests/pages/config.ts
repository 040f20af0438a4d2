import { Page } from '@playwright/test';
import { testIds } from '../../src/components/testIds';

/** The app's config page: data source pickers, gateway URL and token, Save. */
export class ConfigPage {
  constructor(private readonly page: Page) {}

  /** Chooses a data source by name in the Prometheus picker. */
  async choosePrometheus(name: string): Promise<void> {
    await this.page.getByTestId(testIds.appConfig.prometheus).locator('input').click();
    await this.page
      .getByRole('button', { name })
      .or(this.page.getByText(name, { exact: true }))
      .first()
      .click();
  }

  async setGatewayUrl(url: string): Promise<void> {
    await this.page.getByTestId(testIds.appConfig.gatewayUrl).fill(url);
  }

  /** Saves; the page reloads with the saved settings (Grafana hands new settings to the app on reload). */
  async save(): Promise<void> {
    await Promise.all([this.page.waitForEvent('load'), this.page.getByTestId(testIds.appConfig.submit).click()]);
  }
}
