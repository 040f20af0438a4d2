import React from 'react';
import { PanelProps } from '@grafana/data';
import { Table } from '@grafana/ui';

/** The `table` panel: @grafana/ui's `Table` with the panel's first frame (Grafana offers a frame picker for more). */
export function TablePanel({ data, width, height }: PanelProps) {
  const frame = data.series.find((f) => f.name !== 'exemplar');
  if (!frame || frame.length === 0) {
    return <div>No data</div>;
  }
  return <Table data={frame} width={width} height={height} />;
}
