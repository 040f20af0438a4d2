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
    recordingRules: 'data-testid recording-rules-status',
  },
  gateway: {
    notConfigured: 'data-testid gateway-not-configured',
    error: 'data-testid gateway-error',
    modeNotice: 'data-testid gateway-mode-notice',
  },
  flows: {
    table: 'data-testid flows-table',
    row: (id: string) => `data-testid flows-row-${id}`,
    details: 'data-testid flow-details',
    filters: 'data-testid flow-filters',
    follow: 'data-testid flows-follow',
    fold: 'data-testid flows-fold',
    count: 'data-testid flows-count',
  },
  serviceMap: {
    source: 'data-testid service-map-source',
    message: 'data-testid service-map-message',
  },
  troubleshoot: {
    /** The Source or Destination picker. */
    side: (label: 'Source' | 'Destination') => `data-testid troubleshoot-side-${label.toLowerCase()}`,
    /** The header: what was asked and the verdict counts, or what to do first. */
    summary: 'data-testid troubleshoot-summary',
    /** A dropped connection offered before a pair is picked. */
    droppedPair: 'data-testid troubleshoot-dropped-pair',
    findings: 'data-testid troubleshoot-findings',
    /** One finding, by its kind (`policy-denied`, `dns`, ...). */
    finding: (kind: string) => `data-testid troubleshoot-finding-${kind}`,
    policies: 'data-testid troubleshoot-policies',
    dns: 'data-testid troubleshoot-dns',
    httpErrors: 'data-testid troubleshoot-http-errors',
    suggestedPolicy: 'data-testid troubleshoot-suggested-policy',
    /** A policy's YAML text (suggested or baseline). */
    policyYaml: 'data-testid policy-yaml',
    /** "Why?" on a dropped flow (Flows table and details drawer). */
    why: 'data-testid flow-why',
    /** The workload page's Troubleshoot action. */
    workloadAction: 'data-testid workload-troubleshoot',
  },
  page: {
    section: (title: string) => `data-testid section-${title}`,
  },
  traces: {
    /** Shown while no trace is selected: how to pick one. */
    noTraceSelected: 'data-testid traces-no-trace-selected',
    /** The id of the trace shown in the trace view. */
    selectedTrace: 'data-testid traces-selected-trace',
  },
  correlation: {
    /** Anchors built with links/flowLinks.ts in a flow's details: logs of its source / destination pod, its trace. */
    flowLogs: (side: 'source' | 'destination') => `data-testid flow-logs-${side}`,
    flowTrace: 'data-testid flow-trace',
  },
};
