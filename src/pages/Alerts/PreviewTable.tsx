import React from 'react';
import { Column, InteractiveTable, Stack, Text } from '@grafana/ui';
import { PreviewRow } from './preview';
import { alertsTestIds } from './testIds';

function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
}

const COLUMNS: Array<Column<PreviewRow>> = [
  {
    id: 'summary',
    header: 'Summary',
    cell: ({ row }) => <span data-testid={alertsTestIds.previewRow}>{row.original.summary}</span>,
  },
  { id: 'value', header: 'Value', sortType: 'number', cell: ({ row }) => Number(row.original.value.toPrecision(4)) },
  {
    id: 'labels',
    header: 'Labels',
    cell: ({ row }) => <Text variant="code">{formatLabels(row.original.labels)}</Text>,
  },
];

/** Series that would fire now (ignoring the pending period), with value and expanded summary, highest value first. */
export function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  return (
    <div data-testid={alertsTestIds.previewTable}>
      {rows.length === 0 ? (
        <Text color="success">Nothing would fire now.</Text>
      ) : (
        <Stack direction="column" gap={1}>
          <Text color="secondary">{rows.length} series would fire now (after the pending period)</Text>
          <InteractiveTable<PreviewRow> columns={COLUMNS} data={rows} getRowId={(r) => formatLabels(r.labels)} />
        </Stack>
      )}
    </div>
  );
}
