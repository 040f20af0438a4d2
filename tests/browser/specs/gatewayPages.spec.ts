import { testIds } from '../../../src/components/testIds';
import { ROUTES } from '../../../src/constants';
import { FlowsPage } from '../../pages/flows';
import { panelByTitle } from '../../pages/cluster';
import { scrollToRow, waitForPanels } from '../../pages/panels';
import { DEMO } from './demo';
import { expect, test } from './fixtures';

/** The gateway's answers the page asked for through the plugin proxy since `from`. */
function gatewayCalls(page: import('@playwright/test').Page) {
  const calls: URL[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/plugin-proxy/seed-kubeobs-app/hubble/api/v1/flows')) {
      calls.push(new URL(r.url()));
    }
  });
  return calls;
}

/**
 * The gateway's status as a gateway in query mode answers it: the real gateway follows (the demo's
 * rate is low), so its real status answer is passed on with `mode` set as query mode reports it.
 */
async function statusInQueryMode(page: import('@playwright/test').Page) {
  await page.route('**/api/plugin-proxy/seed-kubeobs-app/hubble/api/v1/status*', async (route) => {
    const real = await route.fetch();
    const status = await real.json();
    const reason = 'Hubble Relay reported more than --query-mode-rate 40000 flows/s in 4 samples in a row';
    status.mode = { ...status.mode, current: 'query', reason, flow_rate: 61000 };
    await route.fulfill({ response: real, json: status });
  });
}

test.describe('Flows page (Hubble gateway through the plugin proxy)', () => {
  test('applies each filter: URL, request to the gateway and rows agree', async ({ gotoPage, page }) => {
    const calls = gatewayCalls(page);
    const flows = new FlowsPage(page);
    await gotoPage(`/${ROUTES.Flows}`);
    await flows.waitForRows();
    const last = () => calls[calls.length - 1]?.searchParams;

    await flows.select('Namespace', DEMO.namespace);
    await expect(page).toHaveURL(new RegExp(`namespace=${DEMO.namespace}`));
    await expect.poll(() => last()?.get('namespace')).toBe(DEMO.namespace);
    await flows.waitForRows();

    await flows.select('Verdict', 'FORWARDED');
    await expect.poll(() => last()?.get('verdict')).toBe('FORWARDED');
    await expect(flows.table.getByText('DROPPED')).toHaveCount(0);

    await flows.select('Protocol', 'http');
    await expect.poll(() => last()?.get('protocol')).toBe('http');
    await flows.waitForRows();

    await flows.type('HTTP status', '200');
    await expect.poll(() => last()?.get('http_status')).toBe('200');

    await flows.select('Direction', 'ingress');
    await expect.poll(() => last()?.get('traffic_direction')).toBe('ingress');

    await flows.type('Workload', DEMO.workload);
    await expect.poll(() => last()?.get('workload')).toBe(DEMO.workload);
    await flows.waitForRows();

    await flows.select('Limit', '250');
    await expect.poll(() => last()?.get('limit')).toBe('250');
    await expect(page).toHaveURL(/limit=250/);

    // Pod and DNS query: a pod prefix of the workload, then a DNS name on a fresh page.
    await flows.type('Pod', `${DEMO.namespace}/${DEMO.workload}-`);
    await expect.poll(() => last()?.get('pod')).toBe(`${DEMO.namespace}/${DEMO.workload}-`);
    await flows.waitForRows();

    await gotoPage(`/${ROUTES.Flows}`);
    await flows.waitForRows();
    await flows.type('DNS query', 'podinfo-frontend');
    await expect.poll(() => last()?.get('dns_query')).toBe('podinfo-frontend');
    await flows.waitForRows();
  });

  test('in query mode (large cluster) a notice says so above the filters; flows still show', async ({
    gotoPage,
    page,
  }) => {
    await statusInQueryMode(page);
    const flows = new FlowsPage(page);
    await gotoPage(`/${ROUTES.Flows}`);
    const notice = page.getByTestId(testIds.gateway.modeNotice);
    await expect(notice).toContainText('Large-cluster mode: flows are read from Hubble Relay per request');
    await expect(notice).toContainText('(cluster flow rate: 61,000 flows/s)');
    await flows.waitForRows();
  });

  test('the hide toggles leave out kube-dns, host and remote-node flows', async ({ gotoPage, page }) => {
    const calls = gatewayCalls(page);
    const flows = new FlowsPage(page);
    await gotoPage(`/${ROUTES.Flows}`);
    await flows.waitForRows();
    for (const label of ['Hide kube-dns', 'Hide host', 'Hide remote-node']) {
      await flows.toggle(label);
    }
    await expect(page).toHaveURL(/hide=/);
    await flows.waitForRows();
    expect(calls.length).toBeGreaterThan(0);
    await expect(flows.table.getByText('kube-dns', { exact: false })).toHaveCount(0);
  });

  test('folds the egress and ingress observations of a packet into one row, and unfolds them', async ({
    gotoPage,
    page,
  }) => {
    const flows = new FlowsPage(page);
    await gotoPage(`/${ROUTES.Flows}?namespace=${DEMO.namespace}&limit=250`);
    await flows.waitForRows();
    // podinfo's pods run on several nodes: both nodes report a packet between them
    await expect(flows.table.getByText('egress + ingress').first()).toBeVisible();
    const count = page.getByTestId(testIds.flows.count);
    await expect(count).toContainText('observations of the same packets folded');
    await flows.openDetails(0);
    await expect(flows.details.getByRole('region', { name: 'Observations' })).toBeVisible();
    await page.keyboard.press('Escape');

    await flows.toggle('Fold observations');
    await expect(page).toHaveURL(/fold=false/);
    await expect(count).not.toContainText('folded');
    await expect(flows.table.getByText('egress + ingress')).toHaveCount(0);
  });

  test('opens a flow in the details drawer; follow mode on and off', async ({ gotoPage, page }) => {
    const flows = new FlowsPage(page);
    await gotoPage(`/${ROUTES.Flows}?namespace=${DEMO.namespace}&protocol=http`);
    await flows.waitForRows();
    await flows.openDetails(0);
    await expect(flows.details).toContainText(DEMO.namespace);
    await page.keyboard.press('Escape');
    await expect(flows.details).toBeHidden();

    const count = page.getByTestId(testIds.flows.count);
    await flows.setFollow(true);
    await expect(page).toHaveURL(/follow=true/);
    await expect(count).toContainText('following', { timeout: 30_000 });
    await flows.setFollow(false);
    await expect(count).not.toContainText('following');
  });
});

test.describe('Service map', () => {
  test('a node opens its workload, an edge the flows between its ends', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.ServiceMap}?var-namespace=${DEMO.namespace}`);
    await waitForPanels(page);
    const map = panelByTitle(page, 'Service map (live, Hubble gateway)');
    // The node graph stand-in lists the nodes frame; the `id` cells carry the node's data link.
    const node = map.getByRole('link', { name: new RegExp(`^${DEMO.namespace}/${DEMO.workload}`) });
    await (await scrollToRow(map, node)).click();
    await expect(page).toHaveURL(new RegExp(`/workload/${DEMO.workloadKind}/${DEMO.workload}`));
    await page.goBack();
    await waitForPanels(page);
    await map.getByRole('radio', { name: /^edges/ }).click();
    // an edge has two links (its flows, and Why? on the Troubleshoot page): its id cell lists them
    const edgeId = new RegExp(`^${DEMO.namespace}/${DEMO.workload}->|->${DEMO.namespace}/${DEMO.workload}$`);
    await (await scrollToRow(map, map.getByRole('cell', { name: edgeId }))).click();
    await page.getByRole('link', { name: /Show flows/ }).click();
    await expect(page).toHaveURL(new RegExp(`/${ROUTES.Flows}\\?.*(client|server)=`));
    await new FlowsPage(page).waitForRows();
  });

  test('in query mode (large cluster) the live map says it shows a sample and where the whole map is', async ({
    gotoPage,
    page,
  }) => {
    await statusInQueryMode(page);
    await gotoPage(`/${ROUTES.ServiceMap}`);
    const notice = page.getByTestId(testIds.gateway.modeNotice);
    await expect(notice).toContainText('Large-cluster mode: the live map shows a sample');
    await expect(notice).toContainText('Pick the Source "Hubble metrics" for the whole map');
    await waitForPanels(page);
  });
});

test.describe('Alerts', () => {
  test('previews a template against Prometheus', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Alerts}`);
    await page.getByTestId('data-testid alerts-template-k8s-pod-crash-looping').getByRole('button').click();
    const query = page.waitForRequest((r) => r.url().includes('/api/ds/query'));
    await page.getByTestId('data-testid alerts-preview').click();
    expect((await query).postData()).toContain('kube_pod_container_status_waiting_reason');
    // The demo's podinfo-cache crash-loops: the preview lists it.
    await expect(page.getByTestId('data-testid alerts-preview-table')).toContainText('podinfo-cache');
  });
});

test.describe('Config page', () => {
  test('changes the Prometheus data source, saves, and the pages start with it', async ({ page }) => {
    await page.goto('/plugins/seed-kubeobs-app');
    const picker = page.getByTestId(testIds.appConfig.prometheus);
    await expect(picker).toContainText('Prometheus');
    await picker.locator('input').click();
    await page.getByRole('option', { name: 'Prometheus (second)' }).click();
    await Promise.all([page.waitForEvent('load'), page.getByTestId(testIds.appConfig.submit).click()]);
    await expect(page.getByTestId(testIds.appConfig.prometheus)).toContainText('Prometheus (second)');

    await page.goto(`/a/seed-kubeobs-app/${ROUTES.Cilium}`);
    await expect(page).toHaveURL(/var-ds=prometheus-2/);
    await waitForPanels(page);

    // Back to the provisioned choice, so the other specs see the settings they expect.
    await page.goto('/plugins/seed-kubeobs-app');
    await page.getByTestId(testIds.appConfig.prometheus).locator('input').click();
    await page.getByRole('option', { name: /^Prometheus \(default\)/ }).click();
    await Promise.all([page.waitForEvent('load'), page.getByTestId(testIds.appConfig.submit).click()]);
    await expect(page.getByTestId(testIds.appConfig.prometheus)).not.toContainText('second');
  });

  test('Test connection reaches Hubble Relay through the plugin proxy; the token never reaches the page', async ({
    page,
  }) => {
    const bodies: string[] = [];
    page.on('response', async (r) => {
      if (r.url().includes('/api/')) {
        bodies.push(await r.text().catch(() => ''));
      }
    });
    await page.goto('/plugins/seed-kubeobs-app');
    await page.getByTestId(testIds.appConfig.testGateway).click();
    await expect(page.getByText(/Connected to Hubble Relay/)).toBeVisible();
    await expect(page.getByText(/kind-worker/).first()).toBeVisible();
    // the demo's ~30 flows/s are far below the query-mode threshold: the gateway follows every flow
    await expect(page.getByTestId(testIds.gateway.modeNotice)).toContainText(
      'Follow mode: The gateway keeps every flow of the cluster in its buffer'
    );
    const settings = await (await page.request.get('/api/plugins/seed-kubeobs-app/settings')).json();
    expect(settings.secureJsonFields).toEqual({ hubbleGatewayToken: true });
    expect(JSON.stringify(settings)).not.toMatch(/[0-9a-f]{32}/);
    expect(bodies.join('\n')).not.toMatch(/Bearer [0-9a-f]{32}/);
  });
});
