import React from 'react';
import { Alert, Button, Field, Input, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { ALERT_TEMPLATES } from '../../alerting/catalogue';
import { AlertTemplate } from '../../alerting/types';
import type { AlertTemplateBrowser, AlertTemplateBrowserState } from './AlertTemplateBrowser';
import { alertsTestIds } from './testIds';

const INTERVALS = [
  { label: '30s', value: 30 },
  { label: '1m', value: 60 },
  { label: '5m', value: 300 },
];

/**
 * Folder, evaluation group, contact point and the install/update/uninstall buttons. Rendered only
 * for users allowed to create alert rules; others see a note.
 */
export function InstallPanel({
  model,
  state,
  template,
}: {
  model: AlertTemplateBrowser;
  state: AlertTemplateBrowserState;
  template: AlertTemplate;
}) {
  if (!state.canInstall) {
    return (
      <Text color="secondary" italic>
        You can browse and preview these templates. Installing them needs the permission to create alert rules.
      </Text>
    );
  }
  const installed = !!state.statuses[template.id]?.installed;
  const areaTemplates = ALERT_TEMPLATES.filter((t) => t.area === state.area);
  return (
    <div data-testid={alertsTestIds.installForm}>
      <Stack direction="column" gap={1}>
        <Stack direction="row" gap={2} wrap="wrap">
          <Field label="Folder" description="Created when missing">
            <Input
              value={state.folderTitle}
              onChange={(e) => model.setState({ folderTitle: e.currentTarget.value })}
              width={32}
            />
          </Field>
          <Field label="Evaluation group">
            <Input
              value={state.ruleGroup}
              onChange={(e) => model.setState({ ruleGroup: e.currentTarget.value })}
              width={24}
            />
          </Field>
          <Field label="Evaluate every">
            <RadioButtonGroup
              options={INTERVALS}
              value={state.intervalSeconds}
              onChange={(v) => model.setState({ intervalSeconds: v })}
            />
          </Field>
          <Field label="Contact point" description="Optional; empty = notification policies route the alerts">
            <Input
              value={state.contactPoint}
              placeholder="e.g. kubeobs-slack"
              onChange={(e) => model.setState({ contactPoint: e.currentTarget.value })}
              width={24}
            />
          </Field>
        </Stack>
        <Stack direction="row" gap={1}>
          <Button
            data-testid={alertsTestIds.installButton}
            icon="plus"
            disabled={state.busy}
            onClick={() => model.install([template])}
          >
            {installed ? 'Update rule' : 'Install rule'}
          </Button>
          <Button
            data-testid={alertsTestIds.installAreaButton}
            variant="secondary"
            disabled={state.busy}
            onClick={() => model.install(areaTemplates)}
          >
            Install all {areaTemplates.length} of this area
          </Button>
          {installed && (
            <Button
              data-testid={alertsTestIds.uninstallButton}
              variant="destructive"
              icon="trash-alt"
              disabled={state.busy}
              onClick={() => model.uninstall([template])}
            >
              Uninstall
            </Button>
          )}
        </Stack>
        {state.reportError && (
          <Alert severity="error" title="Nothing was changed">
            {state.reportError}
          </Alert>
        )}
        {state.report && (
          <div data-testid={alertsTestIds.report}>
            <Alert
              severity={state.report.ok ? 'success' : 'error'}
              title={state.report.ok ? 'Done' : 'Failed: no rule was left half-written'}
            >
              <Stack direction="column" gap={0}>
                {state.report.results.map((r) => (
                  <Text key={r.uid}>
                    {r.templateId}: {r.outcome}
                    {r.error ? ` (${r.error})` : ''}
                  </Text>
                ))}
                {state.report.warnings.map((w) => (
                  <Text key={w}>{w}</Text>
                ))}
              </Stack>
            </Alert>
          </div>
        )}
      </Stack>
    </div>
  );
}
