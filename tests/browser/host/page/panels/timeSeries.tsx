import React, { useMemo } from 'react';
import { DataFrame, FieldType, PanelProps } from '@grafana/data';
import { LegendDisplayMode } from '@grafana/schema';
import { TimeSeries } from '@grafana/ui';

/** Frames the graph can draw: a time field and at least one number field (exemplars are drawn by Grafana only). */
export function graphableFrames(series: DataFrame[]): DataFrame[] {
  return series.filter(
    (frame) =>
      frame.name !== 'exemplar' &&
      frame.fields.some((f) => f.type === FieldType.time) &&
      frame.fields.some((f) => f.type === FieldType.number)
  );
}

/** The `timeseries` panel: @grafana/ui's `TimeSeries` (uPlot), the component Grafana's time series panel renders. */
export function TimeSeriesPanel({ data, timeRange, timeZone, width, height }: PanelProps) {
  const frames = useMemo(() => graphableFrames(data.series), [data.series]);
  if (frames.length === 0) {
    return <div>No data</div>;
  }
  return (
    <TimeSeries
      frames={frames}
      structureRev={data.structureRev}
      timeRange={timeRange}
      timeZone={timeZone}
      width={width}
      height={height}
      legend={{ showLegend: true, displayMode: LegendDisplayMode.List, placement: 'bottom', calcs: [] }}
    />
  );
}
