import React, { useState } from 'react';
import { Alert, Button } from '@grafana/ui';
import { gatewayGet } from '../../gateway/client';
import { GatewayError, toGatewayError } from '../../gateway/errors';
import { describeGatewayMode } from '../../gateway/modeNotice';
import { GatewayStatus } from '../../gateway/types';
import { testIds } from '../testIds';

export type { GatewayStatus } from '../../gateway/types';

type Result = { ok: true; status: GatewayStatus } | { ok: false; error: GatewayError };

/** Explains a failed gateway call in terms of what to change (see gateway/errors.ts). */
export function describeGatewayError(e: unknown): string {
  const error = toGatewayError(e);
  return `${error.title}. ${error.message}`;
}

/** One line per Relay node: `kind-worker (NODE_CONNECTED, 1.19.0)`. */
export function describeNodes(status: GatewayStatus): string {
  return (status.nodes ?? [])
    .map((n) => `${n.name ?? '?'} (${[n.state ?? 'unknown state', n.version].filter(Boolean).join(', ')})`)
    .join(', ');
}

/**
 * "Test connection": calls `GET /api/v1/status` through the plugin proxy (the saved URL and token)
 * and shows Relay's version, connected and unavailable nodes, the gateway's mode (follow or query),
 * follow stream and buffer.
 */
export function GatewayConnectionTest({ configured }: { configured: boolean }) {
  const [result, setResult] = useState<Result>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      // the saved settings decide the proxy route; `configured` says a URL was saved
      const status = await gatewayGet<GatewayStatus>('/api/v1/status', {}, { skipConfiguredCheck: true });
      setResult({ ok: true, status });
    } catch (e) {
      setResult({ ok: false, error: toGatewayError(e) });
    } finally {
      setBusy(false);
    }
  };
  const s = result?.ok ? result.status : undefined;
  const mode = describeGatewayMode(s, 'config');
  // In query mode there is no follow stream: the gateway is healthy while Relay answers.
  const healthy = s?.mode?.current === 'query' || s?.relay?.stream === 'connected';
  return (
    <div data-testid={testIds.appConfig.gatewayStatus}>
      <Button
        variant="secondary"
        icon="heart-rate"
        onClick={run}
        disabled={!configured || busy}
        data-testid={testIds.appConfig.testGateway}
        type="button"
      >
        {configured ? 'Test connection' : 'Save a gateway URL to test it'}
      </Button>
      {s && (
        <Alert
          severity={healthy && !s.server_status?.num_unavailable_nodes ? 'success' : 'warning'}
          title={`Connected to Hubble Relay ${s.server_status?.version ?? ''} at ${s.relay?.address ?? '?'}`}
        >
          <div>
            {s.server_status?.num_connected_nodes ?? 0} nodes connected, {s.server_status?.num_unavailable_nodes ?? 0}{' '}
            unavailable
            {s.server_status?.unavailable_nodes?.length
              ? ` (${s.server_status.unavailable_nodes.join(', ')})`
              : ''}: {describeNodes(s)}
          </div>
          {mode && (
            <div data-testid={testIds.gateway.modeNotice}>
              {mode.title}: {mode.text}
            </div>
          )}
          <div>
            Follow stream {s.relay?.stream ?? 'unknown'}
            {s.relay?.last_error ? ` (last error: ${s.relay.last_error})` : ''}; {s.buffer?.flows ?? 0} of{' '}
            {s.buffer?.capacity ?? 0} flows buffered
            {s.buffer?.oldest ? ` since ${s.buffer.oldest}` : ''}.
          </div>
        </Alert>
      )}
      {result?.ok === false && (
        <Alert severity="error" title={`Gateway test failed: ${result.error.title}`}>
          {result.error.message}
          {result.error.detail && result.error.detail !== result.error.message
            ? ` Gateway said: ${result.error.detail}`
            : ''}
        </Alert>
      )}
    </div>
  );
}
