import { DataFrame, Field, FieldType } from '@grafana/data';
import { map } from 'rxjs';
import { TRACE_LINK_TEMPLATE } from './appUrls';

/**
 * Finds a trace id in a log line: a `trace_id`, `traceID`, `traceId` or `trace-id` key in JSON
 * (`"trace_id":"…"`), logfmt (`trace_id=…`) or text (`trace_id: …`), followed by a W3C id
 * (32 hex digits) or a 64-bit Jaeger id (16 hex digits). Group 1 is the id.
 * The Loki data source's derived field in provisioning/datasources/datasources.yaml uses the same
 * pattern (a test keeps them equal); it spells out the case variants because Grafana compiles
 * derived-field regexes without flags.
 */
export const TRACE_ID_PATTERN = `(?:[tT]race[_-]?[iI][dD])"?\\s*[:=]\\s*"?([0-9a-fA-F]{32}|[0-9a-fA-F]{16})\\b`;

const TRACE_ID_RE = new RegExp(TRACE_ID_PATTERN);

/** The trace id in a log line (lowercase), or undefined. */
export function traceIdInLine(line: string): string | undefined {
  return TRACE_ID_RE.exec(line)?.[1]?.toLowerCase();
}

/** Name of the field the app adds to log frames; Grafana's log details show it with its link. */
export const TRACE_ID_FIELD = 'trace_id';

function lineField(frame: DataFrame): Field | undefined {
  return (
    frame.fields.find((f) => f.name === 'Line' || f.name === 'line') ??
    frame.fields.find((f) => f.type === FieldType.string && f.name !== 'id' && f.name !== 'tsNs')
  );
}

/**
 * Adds a `trace_id` string field to a Loki log frame (dataplane shape: `labels`, `Time`, `Line`,
 * `tsNs`, `id`), read from each line, with a data link to the app's Traces page that opens the
 * trace with the panel's time range. Frames without a line field, metric frames and frames that
 * already have the field are returned as they are.
 */
export function addTraceIdField(frame: DataFrame): DataFrame {
  const line = lineField(frame);
  if (!line || frame.meta?.type === 'timeseries-multi' || frame.fields.some((f) => f.name === TRACE_ID_FIELD)) {
    return frame;
  }
  const values = line.values.map((v: unknown) => (typeof v === 'string' ? (traceIdInLine(v) ?? '') : ''));
  if (!values.some(Boolean)) {
    return frame;
  }
  const field: Field = {
    name: TRACE_ID_FIELD,
    type: FieldType.string,
    values,
    config: { links: [{ title: 'Open trace', url: TRACE_LINK_TEMPLATE }] },
  };
  return { ...frame, fields: [...frame.fields, field] };
}

/** Scenes transformation (for `SceneDataTransformer`) applying `addTraceIdField` to every frame. */
export function logTraceLinksTransformation() {
  return () => map((frames: DataFrame[]) => frames.map(addTraceIdField));
}
