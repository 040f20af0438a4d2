import React from 'react';
import { Alert, Button, LinkButton, Stack } from '@grafana/ui';
import { PLUGIN_ID } from '../../constants';
import { GatewayError } from '../errors';
import { testIds } from '../../components/testIds';

/** URL of the app's configuration page, where the Gateway URL and token are set. */
export const CONFIG_PAGE_URL = `/plugins/${PLUGIN_ID}`;

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
        <p>{error.message}</p>
        {error.detail && error.detail !== error.message && (
          <p>
            Gateway said: <code>{error.detail}</code>
          </p>
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
      </Alert>
    </div>
  );
}
