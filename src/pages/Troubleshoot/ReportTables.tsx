import React, { useMemo } from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Badge, Column, InteractiveTable, Text } from '@grafana/ui';
import { involvedPolicies } from '../../gateway/connectivityFrames';
import { clientServer } from '../../gateway/endpoints';
import { gatewayErrorOf } from '../../gateway/errors';
import { flowTimeMs } from '../../gateway/flowTime';
import { flowsOf } from '../../gateway/frames';
import { isWorkloadSubject } from '../../gateway/subject';
import { GatewayAlert } from '../../gateway/ui/GatewayAlert';
import { TROUBLESHOOT_REFS } from '../../queries/hubble/gateway';
import { endpointCell, latencyMs } from '../Flows/flowRows';
import { ReportViewProps } from './ConnectivitySection';
import { KIND_LABELS } from './FindingsView';
import { pairHttpErrors } from './pairFlows';

/** The policies the findings name, each once: denying ones first (they decided the drops). */
export function PoliciesView({ report }: ReportViewProps) {
  const rows = useMemo(
    () =>
      involvedPolicies(report.findings).map((p) => ({
        ...p,
        id: `${p.namespace}/${p.name}/${p.effect}/${p.direction}`,
        policy: p.namespace ? `${p.namespace}/${p.name}` : p.name,
        findingLabels: p.findings.map((k) => KIND_LABELS[k as keyof typeof KIND_LABELS] ?? k).join('; '),
      })),
    [report]
  );
  type Row = (typeof rows)[number];
  const columns: Array<Column<Row>> = [
    { id: 'policy', header: 'Policy' },
    { id: 'kind', header: 'Kind' },
    {
      id: 'effect',
      header: 'Effect',
      cell: ({ row }) => (
        <Badge text={row.original.effect} color={row.original.effect === 'denied' ? 'red' : 'green'} />
      ),
    },
    { id: 'direction', header: 'Where', cell: ({ row }) => <Text>{row.original.direction ?? ''}</Text> },
    { id: 'findingLabels', header: 'Findings' },
  ];
  if (!rows.length) {
    return (
      <Text color="secondary">
        No policy is named by these flows. Hubble names the deciding policies on policy verdict events (
        <code>*_allowed_by</code>, <code>*_denied_by</code>); a drop without any allow rule names none.
      </Text>
    );
  }
  return <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.id} />;
}

/** The DNS answers `from` got for the names of `to`, failures first. */
export function DnsView({ report }: ReportViewProps) {
  const rows = useMemo(
    () =>
      [...report.dns]
        .sort((a, b) => Number(a.rcode === 'NOERROR') - Number(b.rcode === 'NOERROR') || b.responses - a.responses)
        .map((d) => ({ ...d, id: `${d.query}/${d.rcode}`, answers: d.ips.join(', ') })),
    [report]
  );
  type Row = (typeof rows)[number];
  const columns: Array<Column<Row>> = [
    { id: 'query', header: 'Query' },
    {
      id: 'rcode',
      header: 'Response',
      cell: ({ row }) => <Badge text={row.original.rcode} color={row.original.rcode === 'NOERROR' ? 'green' : 'red'} />,
    },
    { id: 'answers', header: 'Addresses' },
    { id: 'responses', header: 'Answers seen', sortType: 'number' },
  ];
  if (!rows.length) {
    return (
      <Text color="secondary">
        No DNS answers to {report.from} for the names of {report.to} in this time range (Hubble sees DNS through
        Cilium&apos;s DNS proxy; a client that caches answers or connects by IP does not look up every time).
      </Text>
    );
  }
  return <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.id} />;
}

/** HTTP answers with 4xx or 5xx between the two sides, newest first (from the HTTP errors flows query). */
export function HttpErrorsView({ report, data }: ReportViewProps) {
  const flows = useMemo(
    () => pairHttpErrors(flowsOf(data.series), report.from, report.to),
    [data.series, report.from, report.to]
  );
  const rows = useMemo(
    () =>
      flows.map((f, i) => {
        const { client, server } = clientServer(f);
        const latency = latencyMs(f);
        const ms = flowTimeMs(f.time);
        return {
          id: f.uuid ?? `${f.time}#${i}`,
          time: Number.isFinite(ms) ? dateTimeFormat(ms, { format: 'YYYY-MM-DD HH:mm:ss.SSS' }) : (f.time ?? ''),
          status: f.l7?.http?.code ?? 0,
          request: `${f.l7?.http?.method ?? ''} ${f.l7?.http?.url ?? ''}`.trim(),
          latency: latency !== undefined ? `${latency} ms` : '',
          client: endpointCell(client).title,
          server: endpointCell(server).title,
        };
      }),
    [flows]
  );
  type Row = (typeof rows)[number];
  const columns: Array<Column<Row>> = [
    { id: 'time', header: 'Time' },
    {
      id: 'status',
      header: 'Status',
      sortType: 'number',
      cell: ({ row }) => (
        <Badge text={String(row.original.status)} color={row.original.status >= 500 ? 'red' : 'orange'} />
      ),
    },
    { id: 'request', header: 'Request' },
    { id: 'latency', header: 'Latency' },
    { id: 'client', header: 'Client pod' },
    { id: 'server', header: 'Server pod' },
  ];
  const error = gatewayErrorOf({
    ...data,
    errors: data.errors?.filter((e) => e.refId === TROUBLESHOOT_REFS.httpErrors),
  });
  if (error) {
    return <GatewayAlert error={error} feature="HTTP errors" />;
  }
  if (!isWorkloadSubject(report.from) && !isWorkloadSubject(report.to)) {
    return <Text color="secondary">HTTP errors are listed when one side is a workload or pod.</Text>;
  }
  if (!rows.length) {
    return (
      <Text color="secondary">
        No HTTP answers with 4xx or 5xx from {report.to} to {report.from} in this time range (Hubble sees HTTP only
        where L7 visibility is on: an L7 rule in a policy, or the visibility annotation).
      </Text>
    );
  }
  return <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.id} pageSize={10} />;
}
