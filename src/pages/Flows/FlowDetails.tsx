import React, { ReactNode } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Badge, Box, Button, Drawer, Stack, Tag, Text, TextLink, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { FlowSide, flowSide, workloadOf } from '../../gateway/endpoints';
import { FlowPolicy, HubbleFlow } from '../../gateway/types';
import { flowLogsUrl, flowTraceId, flowTraceUrl } from '../../links';
import { getAppSettings } from '../../settings';
import { DropReason } from './DropReason';
import { observationText } from './observations';
import {
  VERDICT_COLORS,
  destinationPort,
  endpointUrl,
  l7Summary,
  latencyMs,
  rcodeName,
  tcpFlags,
  dropReasonText,
} from './flowRows';

/** The four policy lists of a flow, with the words the drawer shows for each. */
export const POLICY_LISTS: Array<{
  key: 'egress_allowed_by' | 'ingress_allowed_by' | 'egress_denied_by' | 'ingress_denied_by';
  label: string;
}> = [
  { key: 'egress_allowed_by', label: 'Egress allowed by' },
  { key: 'ingress_allowed_by', label: 'Ingress allowed by' },
  { key: 'egress_denied_by', label: 'Egress denied by' },
  { key: 'ingress_denied_by', label: 'Ingress denied by' },
];

/** `CiliumNetworkPolicy default/allow-xwing` (kind, namespace/name; namespace left out for cluster-wide policies). */
export function policyName(p: FlowPolicy): string {
  const name = p.namespace ? `${p.namespace}/${p.name ?? ''}` : (p.name ?? '');
  return `${p.kind ? `${p.kind} ` : ''}${name}`.trim();
}

const getStyles = (theme: GrafanaTheme2) => ({
  /** Name and value side by side, names in a column of their own. */
  rows: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, 28%) 1fr',
    gap: theme.spacing(0.5, 1),
    alignItems: 'baseline',
  }),
  value: css({ wordBreak: 'break-all' }),
  raw: css({ maxHeight: theme.spacing(60), overflow: 'auto' }),
});

/** Name/value rows; rows without a value are left out. */
function Rows({ rows }: { rows: Array<[string, ReactNode]> }) {
  const styles = useStyles2(getStyles);
  const shown = rows.filter(
    ([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)
  );
  return (
    <div className={styles.rows}>
      {shown.map(([k, v]) => (
        <React.Fragment key={k}>
          <Text weight="medium">{k}</Text>
          <div className={styles.value}>{v}</div>
        </React.Fragment>
      ))}
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box element="section" marginBottom={2} aria-label={title}>
      <Text element="h4">{title}</Text>
      {children}
    </Box>
  );
}

function Side({
  title,
  side,
  flow,
  which,
}: {
  title: string;
  side: FlowSide;
  flow: HubbleFlow;
  which: 'source' | 'destination';
}) {
  const ep = side.endpoint;
  const workload = workloadOf(ep);
  const page = endpointUrl(side);
  const logs = flowLogsUrl(flow, which, { lokiUid: getAppSettings().lokiUid });
  const service = which === 'source' ? flow.source_service : flow.destination_service;
  return (
    <Section title={title}>
      <Rows
        rows={[
          ['Pod', ep.pod_name],
          ['Namespace', ep.namespace],
          ['Workload', workload ? `${workload.kind ? `${workload.kind} ` : ''}${workload.name}` : undefined],
          ['Service', service?.name ? `${service.namespace ?? ''}/${service.name}` : undefined],
          ['Identity', ep.identity],
          ['IP', side.ip],
          ['Port', side.port],
          ['DNS names', side.names.join(', ')],
          ['Cluster', ep.cluster_name],
          [
            'Labels',
            ep.labels?.length ? (
              <Stack direction="row" wrap="wrap" gap={0.5}>
                {ep.labels.map((l) => (
                  <Tag key={l} name={l} />
                ))}
              </Stack>
            ) : undefined,
          ],
          [
            'Open',
            page || logs ? (
              <Stack direction="row" gap={2}>
                {page && <TextLink href={page}>{ep.workloads?.[0]?.kind ? 'Workload page' : 'Pod page'}</TextLink>}
                {logs && (
                  <TextLink href={logs} data-testid={testIds.correlation.flowLogs(which)}>
                    Pod logs around this flow
                  </TextLink>
                )}
              </Stack>
            ) : undefined,
          ],
        ]}
      />
    </Section>
  );
}

/** Every observation of the packet (a folded row's flows), the one shown marked, the others one click away. */
function Observations({
  flow,
  observations,
  onPick,
}: {
  flow: HubbleFlow;
  observations: HubbleFlow[];
  onPick?: (flow: HubbleFlow) => void;
}) {
  return (
    <Section title="Observations">
      <Text color="secondary" variant="bodySmall">
        {observations.length > 1
          ? `Hubble reported this packet ${observations.length} times (each node and event that saw it); the table folds them into one row.`
          : 'Hubble reported this packet once.'}
      </Text>
      <Stack direction="column" gap={0.5}>
        {observations.map((o, i) => {
          const verdict = o.verdict ?? 'VERDICT_UNKNOWN';
          const current = o === flow;
          return (
            <Stack key={o.uuid ?? i} direction="row" gap={1} alignItems="center">
              <Badge text={verdict} color={VERDICT_COLORS[verdict] ?? 'darkgrey'} />
              <Text weight={current ? 'bold' : 'regular'}>{observationText(o)}</Text>
              {current ? (
                <Text color="secondary" variant="bodySmall">
                  shown below
                </Text>
              ) : (
                onPick && (
                  <Button size="sm" variant="secondary" fill="text" onClick={() => onPick(o)}>
                    Show this observation
                  </Button>
                )
              )}
            </Stack>
          );
        })}
      </Stack>
    </Section>
  );
}

/**
 * The drawer of one flow: the observations of its packet, summary, both endpoints (labels, IPs, DNS
 * names), L7, policies, trace id and the raw JSON. `whyUrl`: where the drop reason's "Why?" leads
 * (the Troubleshoot page); `observations`: every flow of the row (the table folds them), `onPick`
 * shows another of them.
 */
export function FlowDetails({
  flow,
  observations = [flow],
  onPick,
  onClose,
  whyUrl,
}: {
  flow: HubbleFlow;
  observations?: HubbleFlow[];
  onPick?: (flow: HubbleFlow) => void;
  onClose: () => void;
  whyUrl?: string;
}) {
  const styles = useStyles2(getStyles);
  const verdict = flow.verdict ?? 'VERDICT_UNKNOWN';
  const traceId = flowTraceId(flow);
  const traceLink = flowTraceUrl(flow, { tracesUid: getAppSettings().tracesUid });
  const http = flow.l7?.http;
  const dns = flow.l7?.dns;
  const latency = latencyMs(flow);
  const policies = POLICY_LISTS.filter(({ key }) => flow[key]?.length);
  return (
    <Drawer title="Flow details" subtitle={`${flow.time ?? ''} · ${verdict}`} onClose={onClose} size="md">
      <div data-testid={testIds.flows.details}>
        <Observations flow={flow} observations={observations} onPick={onPick} />
        <Section title="Summary">
          <Rows
            rows={[
              ['Time', flow.time],
              ['Verdict', <Badge key="v" text={verdict} color={VERDICT_COLORS[verdict] ?? 'darkgrey'} />],
              [
                'Drop reason',
                flow.drop_reason_desc ? (
                  <DropReason
                    reason={`${dropReasonText(flow.drop_reason_desc)} (${flow.drop_reason_desc})`}
                    why={whyUrl}
                  />
                ) : undefined,
              ],
              ['Traffic direction', flow.traffic_direction],
              ['Type', flow.Type],
              ['Reply', flow.is_reply === undefined ? undefined : flow.is_reply ? 'yes' : 'no'],
              ['Destination port', destinationPort(flow)],
              ['TCP flags', tcpFlags(flow)],
              ['L7', l7Summary(flow)],
              ['Observation point', flow.trace_observation_point],
              ['Node', flow.node_name],
              ['Summary', flow.Summary],
              ['UUID', flow.uuid],
            ]}
          />
        </Section>
        <Side title="Source" side={flowSide(flow, 'source')} flow={flow} which="source" />
        <Side title="Destination" side={flowSide(flow, 'destination')} flow={flow} which="destination" />
        {http && (
          <Section title="HTTP">
            <Rows
              rows={[
                ['Method', http.method],
                ['URL', http.url],
                ['Status', http.code],
                ['Protocol', http.protocol],
                ['Latency', latency !== undefined ? `${latency} ms` : undefined],
                ...(http.headers ?? []).map((h, i): [string, ReactNode] => [`${h.key ?? `header ${i}`}`, h.value]),
              ]}
            />
          </Section>
        )}
        {dns && (
          <Section title="DNS">
            <Rows
              rows={[
                ['Query', dns.query],
                ['Query types', dns.qtypes?.join(', ')],
                ['Response code', flow.l7?.type === 'RESPONSE' ? rcodeName(dns.rcode) : undefined],
                ['Answers', dns.ips?.join(', ')],
                ['CNAMEs', dns.cnames?.join(', ')],
                ['Record types', dns.rrtypes?.join(', ')],
                ['TTL', dns.ttl],
                ['Latency', latency !== undefined ? `${latency} ms` : undefined],
              ]}
            />
          </Section>
        )}
        <Section title="Policies">
          {policies.length ? (
            <Rows
              rows={policies.map(({ key, label }): [string, ReactNode] => [
                label,
                flow[key]!.map(policyName).join(', '),
              ])}
            />
          ) : (
            <Text color="secondary">No policy names on this flow (Hubble reports them for policy verdicts).</Text>
          )}
        </Section>
        {traceId && (
          <Section title="Trace">
            <Rows
              rows={[
                [
                  'Trace ID',
                  traceLink ? (
                    <TextLink href={traceLink} data-testid={testIds.correlation.flowTrace}>
                      {traceId}
                    </TextLink>
                  ) : (
                    traceId
                  ),
                ],
              ]}
            />
          </Section>
        )}
        <Section title="Raw JSON">
          <pre aria-label="Raw flow JSON" className={styles.raw}>
            {JSON.stringify(flow, null, 2)}
          </pre>
        </Section>
      </div>
    </Drawer>
  );
}
