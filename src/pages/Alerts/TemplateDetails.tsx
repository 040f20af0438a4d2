import React from 'react';
import { Alert, Button, Field, Input, Stack, Text } from '@grafana/ui';
import { buildExpression } from '../../alerting/expr';
import { AlertTemplate } from '../../alerting/types';
import type { AlertTemplateBrowser, AlertTemplateBrowserState } from './AlertTemplateBrowser';
import { PreviewTable } from './PreviewTable';
import { SeverityBadge } from './statusBadge';
import { alertsTestIds } from './testIds';

function safeExpr(template: AlertTemplate, params: Record<string, string | number>): string {
  try {
    return buildExpression(template, params).expr;
  } catch (e) {
    return `invalid parameters: ${(e as Error).message}`;
  }
}

/** The selected template: description, expression, runbook, parameters form and preview. */
export function TemplateDetails({
  model,
  state,
  template,
}: {
  model: AlertTemplateBrowser;
  state: AlertTemplateBrowserState;
  template: AlertTemplate;
}) {
  const params = model.paramsOf(template);
  const preview = state.preview?.templateId === template.id ? state.preview : undefined;
  return (
    <div data-testid={alertsTestIds.details}>
      <Stack direction="column" gap={1}>
        <Stack direction="row" gap={1} alignItems="center">
          <Text element="h3">{template.title}</Text>
          <SeverityBadge severity={template.severity} />
          <Text color="secondary">
            {template.alert} · for {template.for} · {template.datasource === 'loki' ? 'LogQL' : 'PromQL'}
          </Text>
        </Stack>
        <Text>{template.runbook.meaning}</Text>
        <pre style={{ whiteSpace: 'pre-wrap' }}>{safeExpr(template, params)}</pre>
        <Stack direction="row" gap={2} wrap="wrap">
          {template.params.map((p) => (
            <Field key={p.name} label={p.label} description={p.description}>
              <Input
                data-testid={alertsTestIds.param(p.name)}
                value={String(params[p.name] ?? p.default)}
                onChange={(e) => model.setParam(template.id, p.name, e.currentTarget.value)}
                width={p.kind === 'number' ? 16 : 32}
              />
            </Field>
          ))}
        </Stack>
        <div>
          <Button
            data-testid={alertsTestIds.previewButton}
            icon="eye"
            onClick={() => model.preview()}
            disabled={preview?.loading}
          >
            Preview now
          </Button>
        </div>
        {preview?.error && (
          <Alert severity="error" title="Preview failed">
            {preview.error}
          </Alert>
        )}
        {preview && !preview.loading && !preview.error && <PreviewTable rows={preview.rows} />}
        <details>
          <summary>Runbook</summary>
          <Text element="h6">Check</Text>
          <ol>
            {template.runbook.check.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <Text element="h6">Fix</Text>
          <ol>
            {template.runbook.fix.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ol>
        </details>
      </Stack>
    </div>
  );
}
