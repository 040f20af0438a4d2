import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button } from '@grafana/ui';
import { HUBBLE_PROXY_PATH } from '../../constants';
import { testIds } from '../testIds';

/** The part of the gateway's `GET /api/v1/status` answer the test shows (Relay's ServerStatus and GetNodes). */
export interface GatewayStatus {
  status?: { version?: string; num_connected_nodes?: number; num_unavailable_nodes?: number; num_flows?: number };
  nodes?: Array<{ name: string; state?: string; version?: string }>;
}

type Result = { ok: true; status: GatewayStatus } | { ok: false; message: string };

/** Explains a failed gateway call in terms of what to change. */
export function describeGatewayError(e: any): string {
  const status = e?.status;
  if (status === 404 || status === 502) {
    return 'Grafana could not reach the gateway. Check the Gateway URL (save, then test again) and that the gateway Service is reachable from Grafana.';
  }
  if (status === 401 || status === 403) {
    return 'The gateway refused the token. Set the Gateway token to the value the gateway was started with (--token).';
  }
  if (status === 503) {
    return `The gateway is up but cannot reach Hubble Relay: ${e?.data?.error ?? 'no details'}. Check --relay-address and that Relay is enabled (Helm: hubble.relay.enabled=true).`;
  }
  return e?.data?.error ?? e?.data?.message ?? e?.message ?? 'Unknown error';
}

/** "Test connection": calls the gateway through the plugin proxy and shows Relay's status and nodes. */
export function GatewayConnectionTest({ configured }: { configured: boolean }) {
  const [result, setResult] = useState<Result>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const res = await lastValueFrom(getBackendSrv().fetch<GatewayStatus>({ url: `${HUBBLE_PROXY_PATH}/api/v1/status`, showErrorAlert: false }));
      setResult({ ok: true, status: res.data });
    } catch (e) {
      setResult({ ok: false, message: describeGatewayError(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid={testIds.appConfig.gatewayStatus}>
      <Button variant="secondary" icon="heart-rate" onClick={run} disabled={!configured || busy} data-testid={testIds.appConfig.testGateway} type="button">
        {configured ? 'Test connection' : 'Save a gateway URL to test it'}
      </Button>
      {result?.ok === true && (
        <Alert severity="success" title={`Connected to Hubble Relay ${result.status.status?.version ?? ''}`}>
          {result.status.status?.num_connected_nodes ?? 0} nodes connected, {result.status.status?.num_unavailable_nodes ?? 0} unavailable:{' '}
          {(result.status.nodes ?? []).map((n) => `${n.name} (${n.state ?? 'unknown'})`).join(', ')}
        </Alert>
      )}
      {result?.ok === false && <Alert severity="error" title="Gateway test failed">{result.message}</Alert>}
    </div>
  );
}
