import React from 'react';
import { Alert, Button, Stack, Text } from '@grafana/ui';
import { RECORDING_RULE_GROUP, RECORDING_RULES } from '../../queries/recordingRules';
import type { AlertTemplateBrowser, AlertTemplateBrowserState } from './AlertTemplateBrowser';
import { alertsTestIds } from './testIds';

/**
 * The app's optional recording rules: what they are for, how many Grafana holds, and the button
 * that installs them as Grafana-managed recording rules (users allowed to create rules only).
 */
export function RecordingRulesPanel({
  model,
  state,
}: {
  model: AlertTemplateBrowser;
  state: AlertTemplateBrowserState;
}) {
  const total = RECORDING_RULES.length;
  return (
    <div data-testid={alertsTestIds.recordingRules}>
      <Stack direction="column" gap={1}>
        <Text element="h3">Recording rules for large clusters</Text>
        <Text color="secondary">
          {total} recording rules precompute the expensive joins and sums of the Cluster, Namespace, Node and Network
          pages (pod → workload, running pods per node, CPU and memory per namespace and workload, HTTP by workload).
          Pages use their series when they find them and say so. Installing them here needs Grafana-managed recording
          rules (Grafana 12, or 11.4+ with the grafanaManagedRecordingRules feature) and a Prometheus data source that
          accepts remote write; or load alerting/prometheus/kubeobs-recording.rules.yaml into Prometheus instead.
        </Text>
        {state.recordingInstalled !== undefined && (
          <Text>
            {state.recordingInstalled} of {total} installed in Grafana (group {RECORDING_RULE_GROUP}).
          </Text>
        )}
        {state.canInstall && (
          <div>
            <Button
              data-testid={alertsTestIds.recordingInstallButton}
              variant="secondary"
              icon="plus"
              disabled={state.busy}
              onClick={() => model.installRecordingRules()}
            >
              {state.recordingInstalled ? 'Update recording rules' : 'Install recording rules'}
            </Button>
          </div>
        )}
        {state.recordingError && (
          <Alert severity="error" title="Nothing was changed">
            {state.recordingError}
          </Alert>
        )}
        {state.recordingReport && (
          <div data-testid={alertsTestIds.recordingReport}>
            <Alert
              severity={state.recordingReport.ok ? 'success' : 'error'}
              title={state.recordingReport.ok ? 'Done' : 'Failed: no rule was left half-written'}
            >
              <ul>
                {state.recordingReport.results.map((r) => (
                  <li key={r.uid}>
                    {r.templateId}: {r.outcome}
                    {r.error ? ` (${r.error})` : ''}
                  </li>
                ))}
                {state.recordingReport.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </Alert>
          </div>
        )}
      </Stack>
    </div>
  );
}
