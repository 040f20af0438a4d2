import React from 'react';
import { Text } from '@grafana/ui';
import { PreviewRow } from './preview';
import { alertsTestIds } from './testIds';

function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(', ');
}

/** Series that would fire now (ignoring the pending period), with value and expanded summary. */
export function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  if (rows.length === 0) {
    return <Text color="success">Nothing would fire now.</Text>;
  }
  return (
    <table data-testid={alertsTestIds.previewTable} style={{ width: '100%' }}>
      <caption style={{ textAlign: 'left' }}>{rows.length} series would fire now (after the pending period)</caption>
      <thead>
        <tr>
          <th>Summary</th>
          <th>Value</th>
          <th>Labels</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={formatLabels(row.labels)} data-testid={alertsTestIds.previewRow}>
            <td>{row.summary}</td>
            <td>{Number(row.value.toPrecision(4))}</td>
            <td>
              <code>{formatLabels(row.labels)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
