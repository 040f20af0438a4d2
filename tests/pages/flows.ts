import { expect, Locator, Page } from '@playwright/test';
import { testIds } from '../../src/components/testIds';

/** The Flows page: its filter bar (labelled inputs and selects), the flows table and the details drawer. */
export class FlowsPage {
  readonly table: Locator;
  readonly rows: Locator;
  readonly details: Locator;

  constructor(private readonly page: Page) {
    this.table = page.getByTestId(testIds.flows.table);
    this.rows = this.table.locator('[data-testid^="data-testid flows-row-"]');
    this.details = page.getByTestId(testIds.flows.details);
  }

  async waitForRows(): Promise<void> {
    await expect(this.rows.first()).toBeVisible({ timeout: 60_000 });
  }

  /** Picks an option of a labelled select of the filter bar (Namespace, Verdict, Protocol, Direction, Limit). */
  async select(label: string, option: string): Promise<void> {
    await this.page.getByTestId(testIds.flows.filters).getByRole('combobox', { name: label, exact: true }).click();
    await this.page.getByRole('option', { name: option, exact: true }).click();
    // Multi-value pickers apply the choice when they close.
    await this.page.keyboard.press('Tab');
  }

  /** Types into a labelled text filter (Pod, Workload, HTTP status, DNS query) and commits with Enter. */
  async type(label: string, value: string): Promise<void> {
    const input = this.page.getByTestId(testIds.flows.filters).getByRole('textbox', { name: label, exact: true });
    await input.fill(value);
    await input.press('Enter');
  }

  /** Opens the details drawer of the n-th row. */
  async openDetails(n = 0): Promise<void> {
    await this.rows.nth(n).getByRole('button', { name: 'Flow details' }).click();
    await expect(this.details).toBeVisible();
  }

  /** Switches one of the toggles (Hide kube-dns, Hide host, Hide remote-node, Fold observations). */
  async toggle(label: string): Promise<void> {
    await this.page.getByTestId(testIds.flows.filters).getByRole('switch', { name: label }).click({ force: true });
  }

  async setFollow(on: boolean): Promise<void> {
    const toggle = this.page.getByTestId(testIds.flows.follow).getByRole('switch');
    if ((await toggle.isChecked()) !== on) {
      await toggle.click({ force: true });
    }
  }
}
