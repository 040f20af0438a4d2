import React, { useState } from 'react';
import { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, SecretInput, Stack } from '@grafana/ui';
import { AppJsonData } from '../../settings';
import { testIds } from '../testIds';
import { GatewayConnectionTest } from './GatewayConnectionTest';
import { gatewayUrlProblem, savePluginSettings, settingsUpdate } from './saveSettings';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppJsonData>> {}

/**
 * The app's configuration page: default Prometheus, Loki and Tempo/Jaeger data sources (initial
 * values of the pages' data source variables) and the Hubble gateway URL and token (used by the
 * plugin proxy route `hubble` on Grafana's server; the token never reaches the browser).
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const { enabled, pinned, jsonData, secureJsonFields } = plugin.meta;
  const [form, setForm] = useState({
    prometheusUid: jsonData?.prometheusUid,
    lokiUid: jsonData?.lokiUid,
    tracesUid: jsonData?.tracesUid,
    hubbleGatewayUrl: jsonData?.hubbleGatewayUrl ?? '',
    token: '',
    tokenEdited: false,
  });
  const [tokenSet, setTokenSet] = useState(Boolean(secureJsonFields?.hubbleGatewayToken));
  const [error, setError] = useState<string>();
  const urlProblem = gatewayUrlProblem(form.hubbleGatewayUrl);

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (urlProblem) {
      return;
    }
    try {
      await savePluginSettings(plugin.meta.id, settingsUpdate(form, { enabled, pinned }));
      // Grafana only hands new settings (and new proxy routes) to the app after a reload.
      window.location.reload();
    } catch (e: any) {
      setError(e?.data?.message ?? e?.message ?? 'Saving failed');
    }
  };

  return (
    <form onSubmit={onSubmit}>
      <FieldSet label="Data sources">
        <Field
          label="Prometheus"
          description="Metrics from Cilium, Hubble, kube-state-metrics, node-exporter and cAdvisor. Pages start with it; users can switch."
        >
          <div data-testid={testIds.appConfig.prometheus}>
            <DataSourcePicker
              pluginId="prometheus"
              current={form.prometheusUid}
              onChange={(ds) => setForm({ ...form, prometheusUid: ds.uid })}
              noDefault
              width={60}
            />
          </div>
        </Field>
        <Field label="Loki" description="Pod and container logs for the Logs page and logs links.">
          <div data-testid={testIds.appConfig.loki}>
            <DataSourcePicker
              pluginId="loki"
              current={form.lokiUid}
              onChange={(ds) => setForm({ ...form, lokiUid: ds.uid })}
              noDefault
              width={60}
            />
          </div>
        </Field>
        <Field
          label="Traces (Tempo or Jaeger)"
          description="Traces for the Traces page, exemplars and flows with a trace context."
        >
          <div data-testid={testIds.appConfig.traces}>
            <DataSourcePicker
              filter={(ds) => ds.type === 'tempo' || ds.type === 'jaeger'}
              current={form.tracesUid}
              onChange={(ds) => setForm({ ...form, tracesUid: ds.uid })}
              noDefault
              width={60}
            />
          </div>
        </Field>
      </FieldSet>
      <FieldSet label="Hubble gateway">
        <Field
          label="Gateway URL"
          description="Where Grafana's server reaches the Hubble gateway (it reads flows from Hubble Relay over gRPC). The browser never calls it directly."
          invalid={Boolean(urlProblem)}
          error={urlProblem}
        >
          <Input
            width={60}
            data-testid={testIds.appConfig.gatewayUrl}
            value={form.hubbleGatewayUrl}
            placeholder="http://hubble-gateway.kube-system.svc:8090"
            onChange={(e) => setForm({ ...form, hubbleGatewayUrl: e.currentTarget.value })}
          />
        </Field>
        <Field
          label="Gateway token"
          description="Optional bearer token the gateway was started with (--token). Stored encrypted."
        >
          <SecretInput
            width={60}
            data-testid={testIds.appConfig.gatewayToken}
            isConfigured={tokenSet}
            value={form.token}
            onChange={(e) => setForm({ ...form, token: e.currentTarget.value, tokenEdited: true })}
            onReset={() => {
              setTokenSet(false);
              setForm({ ...form, token: '', tokenEdited: true });
            }}
          />
        </Field>
        <GatewayConnectionTest configured={Boolean(jsonData?.hubbleGatewayUrl)} />
      </FieldSet>
      {error && <Alert title="Settings were not saved">{error}</Alert>}
      <Stack>
        <Button type="submit" data-testid={testIds.appConfig.submit} disabled={Boolean(urlProblem)}>
          Save settings
        </Button>
      </Stack>
    </form>
  );
};

export default AppConfig;
