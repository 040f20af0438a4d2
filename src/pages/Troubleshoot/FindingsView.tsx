import React, { ReactNode, useState } from 'react';
import { dateTimeFormat } from '@grafana/data';
import { sceneGraph } from '@grafana/scenes';
import { Alert, AlertVariant, Badge, Button, Stack, Text, TextLink } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { ConnectivityFinding, FindingKind } from '../../gateway/connectivityTypes';
import { flowSide, nodeIdOf } from '../../gateway/endpoints';
import { flowTimeMs } from '../../gateway/flowTime';
import { HubbleFlow } from '../../gateway/types';
import { FlowDetails } from '../Flows/FlowDetails';
import { destinationPort, l7Summary } from '../Flows/flowRows';
import { ReportViewProps } from './ConnectivitySection';
import { exampleFlowsUrl } from './findingLinks';

/** What each kind of finding is, in a few words (hubble-gateway README, "GET /api/v1/connectivity"). */
export const KIND_LABELS: Record<FindingKind, string> = {
  'policy-denied': 'Denied: no policy rule allows it',
  'policy-deny-rule': 'Denied by a deny rule',
  drop: 'Dropped',
  dns: 'DNS',
  'http-errors': 'HTTP errors',
  'tcp-handshake': 'TCP handshake',
  'no-traffic': 'No traffic',
  allowed: 'Allowed',
};

/** The alert style of a finding: its severity, and green for traffic that was allowed. */
function variantOf(f: ConnectivityFinding): AlertVariant {
  return f.kind === 'allowed' ? 'success' : f.severity;
}

/** Text with the gateway's `backtick` spans (Helm values, flags, commands) shown as code. */
export function withCode(text: string): ReactNode[] {
  return text
    .split('`')
    .map((part, i) => (i % 2 ? <code key={i}>{part}</code> : <React.Fragment key={i}>{part}</React.Fragment>));
}

/** One line about a flow: time, verdict, drop reason, who to whom, port, L7. */
function flowLine(flow: HubbleFlow): string {
  const ms = flowTimeMs(flow.time);
  const time = Number.isFinite(ms) ? dateTimeFormat(ms, { format: 'YYYY-MM-DD HH:mm:ss.SSS' }) : (flow.time ?? '');
  const who = `${nodeIdOf(flowSide(flow, 'source'))} → ${nodeIdOf(flowSide(flow, 'destination'))}`;
  const what = [flow.verdict, flow.drop_reason_desc, destinationPort(flow), l7Summary(flow)].filter(Boolean);
  return `${time} · ${who} · ${what.join(' · ')}${flow.is_reply ? ' (reply)' : ''}`;
}

function FindingCard({
  finding,
  flowsUrl,
  onDetails,
}: {
  finding: ConnectivityFinding;
  flowsUrl?: string;
  onDetails: (flow: HubbleFlow) => void;
}) {
  const f = finding;
  const ports = f.ports.map((p) => (p.port ? `${p.protocol}/${p.port}` : p.protocol)).join(', ');
  return (
    <div data-testid={testIds.troubleshoot.finding(f.kind)}>
      <Alert severity={variantOf(f)} title={f.summary} bottomSpacing={0}>
        <Stack direction="column" gap={1}>
          <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
            <Badge
              text={KIND_LABELS[f.kind]}
              color={f.severity === 'error' ? 'red' : f.severity === 'warning' ? 'orange' : 'blue'}
            />
            {f.direction && (
              <Badge
                text={`verdict at ${f.direction}`}
                color="purple"
                tooltip={
                  f.direction === 'ingress'
                    ? 'Taken at the ingress of the endpoint receiving the connection'
                    : 'Taken at the egress of the endpoint opening the connection'
                }
              />
            )}
            {f.drop_reason && <Badge text={f.drop_reason} color="red" tooltip="Hubble's drop reason" />}
            {ports && <Text variant="bodySmall">{ports}</Text>}
            <Text variant="bodySmall" color="secondary">
              {f.flows} flows
            </Text>
          </Stack>
          <Text element="p">{withCode(f.detail)}</Text>
          <Text element="p">
            <Text weight="medium">Fix: </Text>
            {withCode(f.fix)}
          </Text>
          {f.policies.length > 0 && (
            <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
              <Text variant="bodySmall">Policies:</Text>
              {f.policies.map((p) => (
                <Badge
                  key={`${p.namespace}/${p.name}/${p.effect}/${p.direction}`}
                  text={`${p.namespace ? `${p.namespace}/` : ''}${p.name}`}
                  color={p.effect === 'denied' ? 'red' : 'green'}
                  icon={p.effect === 'denied' ? 'ban' : 'check'}
                  tooltip={`${p.kind || 'Policy'}: ${p.effect} at ${p.direction ?? 'unknown direction'}`}
                />
              ))}
            </Stack>
          )}
          {f.example_flow && (
            <Stack direction="row" gap={1} wrap="wrap" alignItems="center">
              <Text variant="bodySmall" color="secondary">
                Example: {flowLine(f.example_flow)}
              </Text>
              <Button size="sm" variant="secondary" fill="text" icon="eye" onClick={() => onDetails(f.example_flow!)}>
                Flow details
              </Button>
              {flowsUrl && (
                <TextLink href={flowsUrl} icon="arrow-right" inline={false} variant="bodySmall">
                  Open in Flows
                </TextLink>
              )}
            </Stack>
          )}
        </Stack>
      </Alert>
    </div>
  );
}

/** The findings, worst first as the gateway sorted them, each with its fix, policies and example flow. */
export function FindingsView({ report, model }: ReportViewProps) {
  const [selected, setSelected] = useState<HubbleFlow>();
  const { from, to } = sceneGraph.getTimeRange(model).useState();
  return (
    <Stack direction="column" gap={1}>
      {report.findings.map((f, i) => (
        <FindingCard
          key={`${f.kind}-${f.direction}-${i}`}
          finding={f}
          flowsUrl={f.example_flow ? exampleFlowsUrl(f.example_flow, { from, to }) : undefined}
          onDetails={setSelected}
        />
      ))}
      {selected && <FlowDetails flow={selected} onClose={() => setSelected(undefined)} />}
    </Stack>
  );
}
