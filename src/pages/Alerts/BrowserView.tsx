import React from 'react';
import { Box, RadioButtonGroup, Stack } from '@grafana/ui';
import { ALERT_AREAS } from '../../alerting/catalogue';
import type { AlertTemplateBrowser, AlertTemplateBrowserState } from './AlertTemplateBrowser';
import { InstallPanel } from './InstallPanel';
import { RecordingRulesPanel } from './RecordingRulesPanel';
import { TemplateDetails } from './TemplateDetails';
import { TemplateList } from './TemplateList';
import { alertsTestIds } from './testIds';

/** Layout of the template browser: area switch, template list on the left, details on the right, then the recording rules. */
export function BrowserView({ model, state }: { model: AlertTemplateBrowser; state: AlertTemplateBrowserState }) {
  const template = model.selected();
  return (
    <div data-testid={alertsTestIds.browser}>
      <Stack direction="column" gap={2}>
        <RadioButtonGroup
          options={ALERT_AREAS.map((a) => ({ label: a.title, value: a.area }))}
          value={state.area}
          onChange={(area) => model.setArea(area)}
        />
        <Stack direction="row" gap={3} alignItems="flex-start">
          <Box flex="0 0 40%" minWidth={40}>
            <TemplateList model={model} state={state} />
          </Box>
          <Box flex={1} minWidth={0}>
            <Stack direction="column" gap={2}>
              <TemplateDetails model={model} state={state} template={template} />
              <InstallPanel model={model} state={state} template={template} />
            </Stack>
          </Box>
        </Stack>
        <RecordingRulesPanel model={model} state={state} />
      </Stack>
    </div>
  );
}
