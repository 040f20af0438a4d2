import { DataFrame, FieldType } from '@grafana/data';
import { expandAnnotation } from '../../alerting/expand';
import { AlertTemplate } from '../../alerting/types';

/** One series the alert expression returns now, i.e. one alert instance that would fire (after `for`). */
export interface PreviewRow {
  labels: Record<string, string>;
  value: number;
  /** the template's summary expanded with this series' labels and value */
  summary: string;
}

/**
 * Turns the frames of an instant query of the template's full expression (`(query) op threshold`)
 * into preview rows: every returned series satisfies the comparison. The value is the last
 * non-null number of the series; frames without a number field are skipped.
 */
export function previewRows(template: AlertTemplate, frames: DataFrame[]): PreviewRow[] {
  const rows: PreviewRow[] = [];
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      const values = Array.from(field.values as ArrayLike<number | null>).filter(
        (v): v is number => v !== null && v !== undefined
      );
      if (values.length === 0) {
        continue;
      }
      const labels = { ...(field.labels ?? {}) };
      const value = values[values.length - 1];
      rows.push({ labels, value, summary: expandAnnotation(template.summary, labels, value) });
    }
  }
  return rows.sort((a, b) => b.value - a.value);
}

/** refId of the preview's one query, by which its answer is found. */
export const PREVIEW_REF_ID = 'A';

/** The query model of an instant query for Prometheus (`instant`) and Loki (`queryType: 'instant'`). */
export function instantQuery(expr: string): { refId: string; expr: string; [key: string]: unknown } {
  return { refId: PREVIEW_REF_ID, expr, instant: true, range: false, queryType: 'instant', editorMode: 'code' };
}
