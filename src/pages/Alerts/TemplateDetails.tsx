import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, CollapsableSection, Field, Input, Stack, Text, useStyles2 } from '@grafana/ui';
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

const getStyles = (theme: GrafanaTheme2) => ({
  /** The expression as it will be installed, wrapped to the panel's width. */
  expression: css({
    whiteSpace: 'pre-wrap',
    margin: 0,
    padding: theme.spacing(1),
    fontFamily: theme.typography.fontFamilyMonospace,
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
});

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
  const styles = useStyles2(getStyles);
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
        <pre className={styles.expression}>{safeExpr(template, params)}</pre>
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
        <CollapsableSection label="Runbook" isOpen={false}>
          <Text element="h6">Check</Text>
          <ol>
            {template.runbook.check.map((c) => (
              <Text key={c} element="li" variant="code">
                {c}
              </Text>
            ))}
          </ol>
          <Text element="h6">Fix</Text>
          <ol>
            {template.runbook.fix.map((f) => (
              <Text key={f} element="li">
                {f}
              </Text>
            ))}
          </ol>
        </CollapsableSection>
      </Stack>
    </div>
  );
}
