/** `data-testid` values of the Alerts page, shared by its unit tests and end-to-end tests. */
export const alertsTestIds = {
  browser: 'data-testid alerts-browser',
  templateRow: (id: string) => `data-testid alerts-template-${id}`,
  status: (id: string) => `data-testid alerts-status-${id}`,
  details: 'data-testid alerts-details',
  param: (name: string) => `data-testid alerts-param-${name}`,
  previewButton: 'data-testid alerts-preview',
  previewTable: 'data-testid alerts-preview-table',
  previewRow: 'data-testid alerts-preview-row',
  installForm: 'data-testid alerts-install-form',
  installButton: 'data-testid alerts-install',
  installAreaButton: 'data-testid alerts-install-area',
  uninstallButton: 'data-testid alerts-uninstall',
  report: 'data-testid alerts-report',
  recordingRules: 'data-testid alerts-recording-rules',
  recordingInstallButton: 'data-testid alerts-recording-install',
  recordingReport: 'data-testid alerts-recording-report',
};
