import { DataFrame, FieldType } from '@grafana/data';

/** One sample of an instant query: its labels and value. */
export interface PromRow {
  labels: Record<string, string>;
  value: number;
}

/**
 * The samples of query `refId` in the frames Grafana's Prometheus data source returns, whatever
 * their shape: a table (`format: 'table'`: one string field per label and a `Value` or
 * `Value #<refId>` number field) or one frame per series (a number field carrying `labels`).
 * NaN values are skipped.
 */
export function promRows(frames: DataFrame[], refId: string): PromRow[] {
  const rows: PromRow[] = [];
  for (const frame of frames.filter((f) => f.refId === refId)) {
    const numbers = frame.fields.filter((f) => f.type === FieldType.number);
    const series = numbers.filter((f) => f.labels && Object.keys(f.labels).length > 0);
    if (series.length) {
      for (const f of series) {
        for (const v of f.values) {
          if (typeof v === 'number' && !Number.isNaN(v)) {
            rows.push({ labels: { ...f.labels } as Record<string, string>, value: v });
          }
        }
      }
      continue;
    }
    const value = numbers[numbers.length - 1];
    if (!value) {
      continue;
    }
    const labelFields = frame.fields.filter((f) => f.type === FieldType.string);
    for (let i = 0; i < frame.length; i++) {
      const v = value.values[i];
      if (typeof v !== 'number' || Number.isNaN(v)) {
        continue;
      }
      const labels: Record<string, string> = {};
      for (const f of labelFields) {
        labels[f.name] = f.values[i] == null ? '' : String(f.values[i]);
      }
      rows.push({ labels, value: v });
    }
  }
  return rows;
}
