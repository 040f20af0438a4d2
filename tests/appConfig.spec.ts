import { test, expect } from './fixtures';
import { testIds } from '../src/components/testIds';

test('saves the gateway URL and token and tests the connection through the plugin proxy', async ({
  appConfigPage,
  page,
}) => {
  await page.getByTestId(testIds.appConfig.gatewayUrl).fill('http://hubble-gateway:8090');
  const saveResponse = appConfigPage.waitForSettingsResponse();
  await page.getByTestId(testIds.appConfig.submit).click();
  await expect(saveResponse).toBeOK();

  // the page reloads with the saved settings; the token stays on the server
  await page.reload();
  await expect(page.getByTestId(testIds.appConfig.gatewayUrl)).toHaveValue('http://hubble-gateway:8090');
  await page.getByTestId(testIds.appConfig.testGateway).click();
  await expect(page.getByText(/Connected to Hubble Relay/)).toBeVisible({ timeout: 20000 });
  await expect(page.getByText(/kind-worker/)).toBeVisible();
});

test('rejects a gateway URL without a scheme', async ({ appConfigPage, page }) => {
  void appConfigPage;
  await page.getByTestId(testIds.appConfig.gatewayUrl).fill('hubble-gateway:8090');
  await expect(page.getByText(/Use an http:\/\/ or https:\/\/ URL/)).toBeVisible();
  await expect(page.getByTestId(testIds.appConfig.submit)).toBeDisabled();
});
