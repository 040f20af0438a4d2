/** `data-testid` values shared by unit tests and the end-to-end suite. */
export const testIds = {
  appConfig: {
    prometheus: 'data-testid ac-prometheus',
    loki: 'data-testid ac-loki',
    traces: 'data-testid ac-traces',
    gatewayUrl: 'data-testid ac-gateway-url',
    gatewayToken: 'data-testid ac-gateway-token',
    submit: 'data-testid ac-submit-form',
    testGateway: 'data-testid ac-test-gateway',
    gatewayStatus: 'data-testid ac-gateway-status',
  },
  missingData: {
    banner: 'data-testid missing-data-banner',
    error: 'data-testid missing-data-error',
    family: (id: string) => `data-testid missing-family-${id}`,
    splash: 'data-testid missing-datasource-splash',
  },
  page: {
    section: (title: string) => `data-testid section-${title}`,
  },
};
