import { Page } from '@playwright/test';
import { testIds } from '../../../src/components/testIds';
import { ROUTES, drilldownUrl } from '../../../src/constants';
import { DEMO_PAIRS, DemoPair } from '../../../src/test/gateway/demoPairs';
import { panelByTitle } from '../../pages/cluster';
import { FlowsPage } from '../../pages/flows';
import { panelProblems, scrollToRow, waitForPanels } from '../../pages/panels';
import { TroubleshootPage } from '../../pages/troubleshoot';
import { expect, test } from './fixtures';

/** The connectivity requests the page sent through the plugin proxy. */
function connectivityCalls(page: Page): URLSearchParams[] {
  const calls: URLSearchParams[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/plugin-proxy/seed-kubeobs-app/hubble/api/v1/connectivity')) {
      calls.push(new URL(r.url()).searchParams);
    }
  });
  return calls;
}

/** What the page must say about each of the demo cluster's dropped pairs (demo-cluster/README.md). */
const DROPPED: Array<{ pair: DemoPair; worst: string; says: RegExp; policy?: string; suggestion: RegExp }> = [
  {
    pair: 'xwing-deathstar',
    worst: 'policy-denied',
    says: /were denied at the ingress of star-wars\/deathstar: no policy rule allows them/,
    policy: 'star-wars/rule1',
    suggestion: /name: allow-xwing-to-deathstar[\s\S]*fromEndpoints:[\s\S]*app\.kubernetes\.io\/name: xwing/,
  },
  {
    pair: 'client-backend',
    worst: 'policy-deny-rule',
    says: /were denied at the egress of podinfo\/podinfo-client by an explicit deny rule/,
    policy: 'podinfo/deny-client-to-backend',
    suggestion: /egress:[\s\S]*toEndpoints:[\s\S]*app: podinfo-backend/,
  },
  {
    pair: 'grafana-hooks',
    worst: 'dns',
    says: /DNS lookups by monitoring\/grafana for hooks\.ops\.internal got SERVFAIL/,
    suggestion: /^$/,
  },
];

test.describe('Troubleshoot page: every dropped pair of the demo cluster', () => {
  for (const d of DROPPED) {
    const { from, to } = DEMO_PAIRS[d.pair];
    test(`${from} → ${to}: ${d.worst} first, with its fix`, async ({ page }) => {
      const calls = connectivityCalls(page);
      const tp = new TroubleshootPage(page);
      await page.goto(TroubleshootPage.url(from, to));
      await tp.waitForReport();
      expect(calls[0].get('from')).toBe(from);
      expect(calls[0].get('to')).toBe(to);
      expect(calls[0].get('since')).toMatch(/^\d{4}-\d\d-\d\dT/);
      await expect(tp.summary).toContainText(`${from} → ${to}`);
      expect((await tp.findingKinds())[0]).toBe(d.worst);
      const worst = tp.finding(d.worst).first();
      await expect(worst).toContainText(d.says);
      await expect(worst).toContainText('Fix:');
      if (d.policy) {
        await expect(worst).toContainText(d.policy);
        await expect(tp.policies).toContainText(d.policy);
        // the example flow opens the Flows page filtered to the connection
        const flowsLink = worst.getByRole('link', { name: 'Open in Flows' });
        await expect(flowsLink).toHaveAttribute('href', /\/flows\?.*verdict=DROPPED/);
      } else {
        await expect(tp.dns).toContainText('SERVFAIL');
      }
      // the verdict timeline (a real time series panel) has data, where there are flows between the two
      if (d.pair !== 'grafana-hooks') {
        await waitForPanels(page);
        expect(await panelProblems(page)).toEqual([]);
      }
      if (d.pair === 'xwing-deathstar') {
        expect(await tp.policyYaml()).toMatch(d.suggestion);
      } else if (d.pair === 'client-backend') {
        await expect(tp.suggestedPolicy).toContainText('This policy would not let the traffic through');
        expect(await tp.policyYaml()).toMatch(d.suggestion);
      } else {
        await expect(tp.suggestedPolicy).toContainText('Nothing to suggest');
      }
    });
  }

  test('picks the pair from what the gateway saw; the URL reproduces the view; Copy YAML copies', async ({
    page,
    context,
  }) => {
    const tp = new TroubleshootPage(page);
    await page.goto(TroubleshootPage.url());
    await expect(tp.summary).toContainText('Pick a source and a destination');
    await expect(
      page.getByTestId(testIds.troubleshoot.droppedPair).filter({ hasText: 'star-wars/xwing' })
    ).toBeVisible();
    await tp.pick('Source', 'xwing', 'star-wars/xwing');
    await tp.pick('Destination', 'deathst', 'star-wars/deathstar');
    await expect(page).toHaveURL(/source=star-wars%2Fxwing&destination=star-wars%2Fdeathstar/);
    await tp.waitForReport();
    await expect(tp.finding('policy-denied')).toBeVisible();

    await page.reload();
    await tp.waitForReport();
    await expect(tp.summary).toContainText('star-wars/xwing → star-wars/deathstar');

    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await tp.suggestedPolicy.getByRole('button', { name: /Copy YAML/ }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await tp.policyYaml());
    expect(copied).toContain('kind: CiliumNetworkPolicy');
  });

  test('a side the gateway cannot look up says what to enter instead', async ({ page }) => {
    const calls = connectivityCalls(page);
    await page.goto(TroubleshootPage.url('deathstar', 'star-wars/xwing'));
    const alert = page.getByTestId(testIds.gateway.error);
    await expect(alert).toContainText('a bare name is ambiguous: "deathstar"');
    await expect(alert).toContainText('namespace/workload (star-wars/deathstar)');
    expect(calls).toEqual([]);
  });
});

test.describe('Troubleshoot entry points', () => {
  test('"Why?" on a dropped flow of the Flows table, and in its details drawer', async ({ gotoPage, page }) => {
    const flows = new FlowsPage(page);
    const tp = new TroubleshootPage(page);
    await gotoPage(`/${ROUTES.Flows}?workload=star-wars/xwing&verdict=DROPPED`);
    await flows.waitForRows();
    await flows.table.getByTestId(testIds.troubleshoot.why).first().click();
    await expect(page).toHaveURL(
      /\/troubleshoot\?source=star-wars%2Fxwing&destination=star-wars%2Fdeathstar&from=now-15m&to=now/
    );
    await tp.waitForReport();
    await expect(tp.finding('policy-denied')).toBeVisible();

    await gotoPage(`/${ROUTES.Flows}?workload=podinfo/podinfo-client&verdict=DROPPED`);
    await flows.waitForRows();
    await flows.openDetails(0);
    await flows.details.getByTestId(testIds.troubleshoot.why).click();
    await expect(page).toHaveURL(/source=podinfo%2Fpodinfo-client&destination=podinfo%2Fpodinfo-backend/);
    await tp.waitForReport();
    await expect(tp.finding('policy-deny-rule')).toBeVisible();
  });

  test('"Why?" on the red edge of the service map', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.ServiceMap}?var-namespace=star-wars`);
    await waitForPanels(page);
    const map = panelByTitle(page, 'Service map (live, Hubble gateway)');
    await map.getByRole('radio', { name: /^edges/ }).click();
    // the node graph stand-in lists the edges; an edge's id cell opens the edge's links, as a click on the edge does
    const edge = map.getByRole('cell', { name: 'star-wars/xwing->star-wars/deathstar', exact: true });
    await (await scrollToRow(map, edge)).click();
    await page.getByRole('link', { name: /Why\? Troubleshoot this connection/ }).click();
    await expect(page).toHaveURL(/\/troubleshoot\?source=star-wars\/xwing&destination=star-wars\/deathstar&from=/);
    const tp = new TroubleshootPage(page);
    await tp.waitForReport();
    await expect(tp.finding('policy-denied')).toBeVisible();
  });

  test("a workload page's Troubleshoot action and its Suggested policy tab", async ({ page }) => {
    const url = drilldownUrl.workload('star-wars', 'Deployment', 'deathstar');
    await page.goto(url);
    await page.getByTestId(testIds.troubleshoot.workloadAction).click();
    await expect(page).toHaveURL(/\/troubleshoot\?source=star-wars%2Fdeathstar(&from=|$)/);
    await expect(page.getByTestId(testIds.troubleshoot.side('Source')).getByRole('combobox')).toHaveValue(
      'star-wars/deathstar'
    );

    await page.goto(url);
    await page.getByRole('tab', { name: 'Suggested policy' }).click();
    await expect(page).toHaveURL(/\/workload\/Deployment\/deathstar\/policy/);
    const tp = new TroubleshootPage(page);
    await expect(tp.suggestedPolicy).toContainText('Run it in policy audit mode first');
    await expect(tp.suggestedPolicy).toContainText('policyAuditMode=true');
    const yaml = await tp.policyYaml();
    expect(yaml).toContain('name: deathstar-baseline-ingress');
    expect(yaml).toContain('app.kubernetes.io/name: tiefighter');
  });
});
