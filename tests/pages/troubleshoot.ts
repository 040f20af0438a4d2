import { expect, Locator, Page } from '@playwright/test';
import { testIds } from '../../src/components/testIds';
import { PLUGIN_BASE_URL, ROUTES, TROUBLESHOOT_PARAMS } from '../../src/constants';

/**
 * The Troubleshoot page: the Source and Destination pickers, the summary, the findings, the
 * policies, DNS answers, HTTP errors and the suggested policy (test ids from src/components/testIds.ts).
 */
export class TroubleshootPage {
  readonly summary: Locator;
  readonly findings: Locator;
  readonly policies: Locator;
  readonly dns: Locator;
  readonly httpErrors: Locator;
  readonly suggestedPolicy: Locator;

  constructor(private readonly page: Page) {
    const t = testIds.troubleshoot;
    this.summary = page.getByTestId(t.summary);
    this.findings = page.getByTestId(t.findings);
    this.policies = page.getByTestId(t.policies);
    this.dns = page.getByTestId(t.dns);
    this.httpErrors = page.getByTestId(t.httpErrors);
    this.suggestedPolicy = page.getByTestId(t.suggestedPolicy);
  }

  /** The page's URL for a pair (path below the host, as the app links to it). */
  static url(source?: string, destination?: string): string {
    const q = new URLSearchParams();
    if (source) {
      q.set(TROUBLESHOOT_PARAMS.source, source);
    }
    if (destination) {
      q.set(TROUBLESHOOT_PARAMS.destination, destination);
    }
    const query = q.toString();
    return `${PLUGIN_BASE_URL}/${ROUTES.Troubleshoot}${query ? `?${query}` : ''}`;
  }

  /** The findings of one kind (`policy-denied`, `policy-deny-rule`, `dns`, ...). */
  finding(kind: string): Locator {
    return this.page.getByTestId(testIds.troubleshoot.finding(kind));
  }

  /** The kinds of the findings shown, top to bottom. */
  async findingKinds(): Promise<string[]> {
    const prefix = testIds.troubleshoot.finding('');
    const ids = await this.findings
      .locator(`[data-testid^="${prefix}"]`)
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-testid') ?? ''));
    return ids.map((id) => id.slice(prefix.length));
  }

  /** Waits until the gateway's report is shown (the findings). */
  async waitForReport(): Promise<void> {
    await expect(this.findings).toBeVisible({ timeout: 60_000 });
  }

  /** Types into the Source or Destination picker and picks the option with this name. */
  async pick(side: 'Source' | 'Destination', typed: string, option: string): Promise<void> {
    const input = this.page.getByTestId(testIds.troubleshoot.side(side)).getByRole('combobox');
    await input.click();
    await input.fill(typed);
    await this.page
      .getByRole('option', { name: new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`) })
      .first()
      .click();
  }

  /** The YAML of the suggested (or baseline) policy as shown. */
  async policyYaml(): Promise<string> {
    return (await this.page.getByTestId(testIds.troubleshoot.policyYaml).textContent()) ?? '';
  }
}
