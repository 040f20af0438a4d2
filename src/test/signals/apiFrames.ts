import { DataFrame, FieldType, toDataFrame } from '@grafana/data';

/**
 * Test helpers turning responses shaped like Loki's and Tempo's HTTP APIs into the data frames the
 * Loki and Tempo data sources hand to panels, so scene tests start from API-shaped fixtures.
 */

/** Loki `/loki/api/v1/query_range` response for a log query (`resultType: streams`). */
export interface LokiStreamsResponse {
  status: 'success';
  data: { resultType: 'streams'; result: Array<{ stream: Record<string, string>; values: Array<[string, string]> }> };
}

/** Loki `/loki/api/v1/query_range` response for a metric query (`resultType: matrix`). */
export interface LokiMatrixResponse {
  status: 'success';
  data: { resultType: 'matrix'; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
}

/** The log frame (dataplane `log-lines`: labels, Time, Line, tsNs, id) the Loki data source builds from streams, newest first. */
export function lokiStreamsToFrame(res: LokiStreamsResponse, refId: string): DataFrame {
  const rows = res.data.result
    .flatMap((s) => s.values.map(([ns, line]) => ({ labels: s.stream, ns, line })))
    .sort((a, b) => (BigInt(b.ns) > BigInt(a.ns) ? 1 : -1));
  return toDataFrame({
    refId,
    meta: { type: 'log-lines', typeVersion: [0, 0] },
    fields: [
      { name: 'labels', type: FieldType.other, values: rows.map((r) => r.labels) },
      { name: 'Time', type: FieldType.time, values: rows.map((r) => Number(BigInt(r.ns) / BigInt(1000000))) },
      { name: 'Line', type: FieldType.string, values: rows.map((r) => r.line) },
      { name: 'tsNs', type: FieldType.string, values: rows.map((r) => r.ns) },
      { name: 'id', type: FieldType.string, values: rows.map((r, i) => `${r.ns}_${i}`) },
    ],
  });
}

/** One time series frame per matrix series (Time, Value with the series labels), as the Loki data source builds them. */
export function lokiMatrixToFrames(res: LokiMatrixResponse, refId: string): DataFrame[] {
  return res.data.result.map((s) =>
    toDataFrame({
      refId,
      fields: [
        { name: 'Time', type: FieldType.time, values: s.values.map(([t]) => t * 1000) },
        { name: 'Value', type: FieldType.number, values: s.values.map(([, v]) => Number(v)), labels: s.metric },
      ],
    })
  );
}

/** Tempo `/api/search` response (TraceQL search). */
export interface TempoSearchResponse {
  traces: Array<{
    traceID: string;
    rootServiceName: string;
    rootTraceName: string;
    startTimeUnixNano: string;
    durationMs: number;
  }>;
}

/** The "Traces" table the Tempo data source builds from a search response (one row per trace). */
export function tempoSearchToFrame(res: TempoSearchResponse, refId: string): DataFrame {
  const t = res.traces;
  return toDataFrame({
    refId,
    name: 'Traces',
    meta: { preferredVisualisationType: 'table' },
    fields: [
      { name: 'traceID', type: FieldType.string, values: t.map((x) => x.traceID) },
      {
        name: 'startTime',
        type: FieldType.time,
        values: t.map((x) => Number(BigInt(x.startTimeUnixNano) / BigInt(1000000))),
      },
      { name: 'traceService', type: FieldType.string, values: t.map((x) => x.rootServiceName) },
      { name: 'traceName', type: FieldType.string, values: t.map((x) => x.rootTraceName) },
      { name: 'traceDuration', type: FieldType.number, values: t.map((x) => x.durationMs), config: { unit: 'ms' } },
    ],
  });
}

/** Tempo `/api/v2/traces/<id>` response: OTLP JSON (`trace.resourceSpans[].scopeSpans[].spans[]`). */
export interface TempoTraceResponse {
  trace: {
    resourceSpans: Array<{
      resource: { attributes: Array<{ key: string; value: { stringValue: string } }> };
      scopeSpans: Array<{
        spans: Array<{
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          startTimeUnixNano: string;
          endTimeUnixNano: string;
        }>;
      }>;
    }>;
  };
}

/** The trace frame (`preferredVisualisationType: trace`) the Tempo data source builds from a trace (ids as hex; the API sends base64 in protobuf JSON, the data source converts). */
export function tempoTraceToFrame(res: TempoTraceResponse, refId: string): DataFrame {
  const rows = res.trace.resourceSpans.flatMap((rs) => {
    const tags = rs.resource.attributes.map((a) => ({ key: a.key, value: a.value.stringValue }));
    const service = tags.find((a) => a.key === 'service.name')?.value ?? '';
    return rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ s, service, tags })));
  });
  return toDataFrame({
    refId,
    meta: { preferredVisualisationType: 'trace' },
    fields: [
      { name: 'traceID', type: FieldType.string, values: rows.map((r) => r.s.traceId) },
      { name: 'spanID', type: FieldType.string, values: rows.map((r) => r.s.spanId) },
      { name: 'parentSpanID', type: FieldType.string, values: rows.map((r) => r.s.parentSpanId ?? '') },
      { name: 'operationName', type: FieldType.string, values: rows.map((r) => r.s.name) },
      { name: 'serviceName', type: FieldType.string, values: rows.map((r) => r.service) },
      { name: 'serviceTags', type: FieldType.other, values: rows.map((r) => r.tags) },
      {
        name: 'startTime',
        type: FieldType.number,
        values: rows.map((r) => Number(BigInt(r.s.startTimeUnixNano) / BigInt(1000)) / 1000),
      },
      {
        name: 'duration',
        type: FieldType.number,
        values: rows.map(
          (r) => Number((BigInt(r.s.endTimeUnixNano) - BigInt(r.s.startTimeUnixNano)) / BigInt(1000)) / 1000
        ),
      },
    ],
  });
}
