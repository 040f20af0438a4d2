/**
 * `npm run screenshots`: one PNG per page, drill-down, the flows drawer, the Troubleshoot page on
 * the demo's xwing → deathstar drops, a workload's suggested policy and the config page, from
 * the browser host on the demo cluster (seed 1), into docs/screenshots/. Full-page shots at
 * 1440 px wide; the drawer as the viewport shows it (a fixed drawer is cut in a full-page shot).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Page } from 'playwright-core';
import { testIds } from '../../src/components/testIds';
import { drilldownUrl, PLUGIN_BASE_URL, PLUGIN_ID, ROUTES } from '../../src/constants';
import { waitForPanels } from '../pages/panels';
import { TroubleshootPage } from '../pages/troubleshoot';
import { DEMO_PAIRS } from '../../src/test/gateway/demoPairs';
import { hostUrl, launchChromium } from './browser';
import { DEMO } from './specs/demo';

const OUT = path.resolve(__dirname, '../../docs/screenshots');

/** The shots, in the order the README shows them. `ready` waits until the page shows its data. */
const SHOTS: Array<{ file: string; url: string; ready: (page: Page) => Promise<void>; viewport?: boolean }> = [
  { file: 'cluster.png', url: `${PLUGIN_BASE_URL}/${ROUTES.Cluster}`, ready: waitForPanels },
  { file: 'namespace.png', url: drilldownUrl.namespace(DEMO.namespace), ready: waitForPanels },
  {
    file: 'workload.png',
    url: drilldownUrl.workload(DEMO.namespace, DEMO.workloadKind, DEMO.workload),
    ready: waitForPanels,
  },
  {
    file: 'pod.png',
    url: drilldownUrl.workload(DEMO.namespace, DEMO.workloadKind, DEMO.workload),
    ready: openFirstPod,
  },
  { file: 'node.png', url: drilldownUrl.node(DEMO.node), ready: waitForPanels },
  { file: 'cilium.png', url: `${PLUGIN_BASE_URL}/${ROUTES.Cilium}`, ready: waitForPanels },
  { file: 'network.png', url: `${PLUGIN_BASE_URL}/${ROUTES.Network}`, ready: waitForPanels },
  {
    file: 'flows.png',
    url: `${PLUGIN_BASE_URL}/${ROUTES.Flows}?namespace=${DEMO.namespace}`,
    ready: flowsReady,
    viewport: true,
  },
  {
    file: 'flow-details.png',
    url: `${PLUGIN_BASE_URL}/${ROUTES.Flows}?namespace=${DEMO.namespace}&protocol=http`,
    ready: openDrawer,
    viewport: true,
  },
  { file: 'service-map.png', url: `${PLUGIN_BASE_URL}/${ROUTES.ServiceMap}`, ready: waitForPanels },
  {
    file: 'troubleshoot.png',
    url: TroubleshootPage.url(DEMO_PAIRS['xwing-deathstar'].from, DEMO_PAIRS['xwing-deathstar'].to),
    ready: troubleshootReady,
  },
  {
    file: 'suggested-policy.png',
    url: drilldownUrl.workloadPolicy('star-wars', 'Deployment', 'deathstar'),
    ready: (page) => page.getByTestId(testIds.troubleshoot.policyYaml).waitFor(),
  },
  { file: 'alerts.png', url: `${PLUGIN_BASE_URL}/${ROUTES.Alerts}`, ready: previewAlert },
  { file: 'config.png', url: `/plugins/${PLUGIN_ID}`, ready: configReady },
];

/** The pod drill-down of the workload's first pod (pod names are not fixed across runs). */
async function openFirstPod(page: Page) {
  await waitForPanels(page);
  await page.locator(`a[href*="/pod/${DEMO.workload}-"]`).first().click();
  await page.waitForURL(new RegExp(`/pod/${DEMO.workload}-`));
  await waitForPanels(page);
}

async function flowsReady(page: Page) {
  await page.getByTestId(testIds.flows.table).locator('[data-testid^="data-testid flows-row-"]').first().waitFor();
}

async function openDrawer(page: Page) {
  await flowsReady(page);
  await page.getByTestId(testIds.flows.table).getByRole('button', { name: 'Flow details' }).first().click();
  await page.getByTestId(testIds.flows.details).waitFor();
}

async function troubleshootReady(page: Page) {
  await page.getByTestId(testIds.troubleshoot.policyYaml).waitFor();
  await waitForPanels(page);
}

async function previewAlert(page: Page) {
  await page.getByTestId('data-testid alerts-template-k8s-pod-crash-looping').getByRole('button').click();
  await page.getByTestId('data-testid alerts-preview').click();
  await page.getByTestId('data-testid alerts-preview-table').waitFor();
}

async function configReady(page: Page) {
  await page.getByTestId(testIds.appConfig.testGateway).click();
  await page.getByText(/Connected to Hubble Relay/).waitFor();
}

async function main() {
  const base = hostUrl();
  // `npm run screenshots -- troubleshoot suggested-policy`: only the shots whose file names contain a word
  const only = process.argv.slice(2);
  const shots = only.length ? SHOTS.filter((s) => only.some((word) => s.file.includes(word))) : SHOTS;
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    for (const shot of shots) {
      await page.goto(`${base}${shot.url}`);
      await shot.ready(page);
      // let charts finish their first draw after the data arrived
      await page.waitForTimeout(1000);
      await page.screenshot({ path: path.join(OUT, shot.file), fullPage: !shot.viewport });
      console.log(`docs/screenshots/${shot.file}`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: Error) => {
  console.error(`[screenshots] ${e.message}`);
  process.exit(1);
});
