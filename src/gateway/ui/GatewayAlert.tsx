import React from 'react';
import { Alert, Button, LinkButton, Stack, Text } from '@grafana/ui';
import { CONFIG_PAGE_URL } from '../../constants';
import { GatewayError } from '../errors';
import { testIds } from '../../components/testIds';

/** Error kinds the configuration page fixes (Gateway URL or token). */
const CONFIG_KINDS = new Set(['not-configured', 'unauthorized', 'not-found', 'gateway-unreachable']);

interface Props {
  error: GatewayError;
  /** What is unavailable because of the error, e.g. "Flows" (shown in the title's context). */
  feature?: string;
  onRetry?: () => void;
}

/**
 * Explains a gateway problem where the data would be: the title, what to change, the gateway's own
 * message, and a button to the configuration page when the fix is there (URL or token).
 */
export function GatewayAlert({ error, feature, onRetry }: Props) {
  const severity = error.kind === 'not-configured' ? 'info' : 'error';
  const testId = error.kind === 'not-configured' ? testIds.gateway.notConfigured : testIds.gateway.error;
  return (
    <div data-testid={testId}>
      <Alert severity={severity} title={feature ? `${feature}: ${error.title}` : error.title}>
        <Stack direction="column" gap={1}>
          <Text element="p">{error.message}</Text>
          {error.detail && error.detail !== error.message && (
            <Text element="p">
              Gateway said: <Text variant="code">{error.detail}</Text>
            </Text>
          )}
          <Stack gap={1}>
            {CONFIG_KINDS.has(error.kind) && (
              <LinkButton href={CONFIG_PAGE_URL} icon="cog" variant={severity === 'info' ? 'primary' : 'secondary'}>
                Open app configuration
              </LinkButton>
            )}
            {onRetry && error.kind !== 'not-configured' && (
              <Button onClick={onRetry} icon="sync" variant="secondary" type="button">
                Retry
              </Button>
            )}
          </Stack>
        </Stack>
      </Alert>
    </div>
  );
}
