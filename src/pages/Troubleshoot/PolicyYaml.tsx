import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { ClipboardButton, Stack, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';

const getStyles = (theme: GrafanaTheme2) => ({
  yaml: css({
    margin: 0,
    padding: theme.spacing(1.5),
    maxHeight: 560,
    overflow: 'auto',
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});

/**
 * CiliumNetworkPolicy YAML as the gateway wrote it, read-only, with a button that copies it
 * (Grafana's ClipboardButton) for `kubectl apply -f -`.
 */
export function PolicyYaml({ yaml }: { yaml: string }) {
  const styles = useStyles2(getStyles);
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" justifyContent="flex-end">
        <ClipboardButton icon="copy" variant="secondary" size="sm" getText={() => yaml}>
          Copy YAML
        </ClipboardButton>
      </Stack>
      <pre className={styles.yaml} data-testid={testIds.troubleshoot.policyYaml} aria-label="Policy YAML">
        {yaml}
      </pre>
    </Stack>
  );
}
