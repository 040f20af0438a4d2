import React from 'react';
import { Button, Stack, Text } from '@grafana/ui';
import { ALERT_TEMPLATES } from '../../alerting/catalogue';
import type { AlertTemplateBrowser, AlertTemplateBrowserState } from './AlertTemplateBrowser';
import { SeverityBadge, StatusBadge } from './statusBadge';
import { alertsTestIds } from './testIds';

/** The templates of the chosen area, each with severity and install status; click to select. */
export function TemplateList({ model, state }: { model: AlertTemplateBrowser; state: AlertTemplateBrowserState }) {
  const templates = ALERT_TEMPLATES.filter((t) => t.area === state.area);
  return (
    <Stack direction="column" gap={1}>
      {state.statusError && (
        <Text color="secondary" variant="bodySmall">
          Install status unavailable: {state.statusError}
        </Text>
      )}
      {templates.map((t) => (
        <div key={t.id} data-testid={alertsTestIds.templateRow(t.id)}>
          <Stack direction="row" gap={1} alignItems="center" justifyContent="space-between">
            <Button
              variant={t.id === state.selectedId ? 'primary' : 'secondary'}
              fill="text"
              onClick={() => model.select(t.id)}
            >
              {t.title}
            </Button>
            <Stack direction="row" gap={1}>
              <SeverityBadge severity={t.severity} />
              <StatusBadge
                status={state.statuses[t.id]}
                unknown={Boolean(state.statusError)}
                testId={alertsTestIds.status(t.id)}
              />
            </Stack>
          </Stack>
        </div>
      ))}
    </Stack>
  );
}
