import { DataFrame, FieldType, QueryResultMetaNotice, createDataFrame } from '@grafana/data';
import { flowSide, nodeIdOf } from './endpoints';
import { flowTimeMs } from './flowTime';
import { FlowsResponse, GatewayStatus, HubbleFlow, NamespacesResponse, ServiceMapResponse } from './types';

/**
 * The gateway data source's answers as data frames, and back. Each frame has readable columns
 * (what the query inspector and a table panel show) and one `other` field holding the gateway's
 * objects as they came (`flow`, `node`, `edge`, `status`), which the pages read by name.
 */

/** Names of the frames the data source returns. */
export const GATEWAY_FRAMES = {
  flows: 'flows',
  nodes: 'service-map-nodes',
  edges: 'service-map-edges',
  namespaces: 'namespaces',
  status: 'status',
  connectivity: 'connectivity',
  connectivityTimeline: 'connectivity-timeline',
  connectivityFindings: 'connectivity-findings',
  connectivityPolicies: 'connectivity-policies',
  connectivityDns: 'connectivity-dns',
  policySuggestion: 'policy-suggestion',
} as const;

/** Names of the fields holding the gateway's objects. */
export const OBJECT_FIELDS = {
  flow: 'flow',
  node: 'node',
  edge: 'edge',
  status: 'status',
  report: 'report',
  finding: 'finding',
  suggestion: 'suggestion',
} as const;

/** The frame named `name` (a value of GATEWAY_FRAMES), if the answer has it. */
export function frameNamed(series: DataFrame[], name: string): DataFrame | undefined {
  return series.find((f) => f.name === name);
}

/** The values of the object field `field` of frame `frame` (none when either is missing). */
export function objectsOf<T>(series: DataFrame[], frame: string, field: string): T[] {
  const values = frameNamed(series, frame)?.fields.find((f) => f.name === field)?.values;
  return values ? (Array.from(values) as T[]) : [];
}

/**
 * The flows frame: `time` (epoch ms), `verdict`, `source` and `destination` (service-map node ids,
 * e.g. `default/xwing`, `reserved:world`) and `flow` (the flow as `hubble observe -o json` prints it).
 * `notices` say which filter values were not sent.
 */
export function flowsFrame(refId: string, answer: FlowsResponse, notices: QueryResultMetaNotice[] = []): DataFrame {
  const { flows } = answer;
  return createDataFrame({
    refId,
    name: GATEWAY_FRAMES.flows,
    meta: { preferredVisualisationType: 'table', notices },
    fields: [
      { name: 'time', type: FieldType.time, values: flows.map((f) => flowTimeMs(f.time)) },
      { name: 'verdict', type: FieldType.string, values: flows.map((f) => f.verdict ?? '') },
      { name: 'source', type: FieldType.string, values: flows.map((f) => nodeIdOf(flowSide(f, 'source'))) },
      {
        name: 'destination',
        type: FieldType.string,
        values: flows.map((f) => nodeIdOf(flowSide(f, 'destination'))),
      },
      { name: OBJECT_FIELDS.flow, type: FieldType.other, values: flows },
    ],
  });
}

/** The flows of a flows frame, newest first as the gateway sent them (none when the frame is missing). */
export function flowsOf(series: DataFrame[]): HubbleFlow[] {
  return objectsOf<HubbleFlow>(series, GATEWAY_FRAMES.flows, OBJECT_FIELDS.flow);
}

/**
 * The service map as two frames: nodes (`id`, `type`, `namespace`, `name`, `workload_kind`, flow
 * counts) and edges (`id`, `source`, `target`, `flows`, `dropped`, HTTP `requests`, `errors` and
 * `p95_ms`), with the gateway's objects in `node` and `edge`. The edges frame's `meta.custom.window`
 * is the range the counts cover.
 */
export function serviceMapFrames(refId: string, map: ServiceMapResponse): DataFrame[] {
  const { nodes, edges } = map;
  return [
    createDataFrame({
      refId,
      name: GATEWAY_FRAMES.nodes,
      fields: [
        { name: 'id', type: FieldType.string, values: nodes.map((n) => n.id) },
        { name: 'type', type: FieldType.string, values: nodes.map((n) => n.type) },
        { name: 'namespace', type: FieldType.string, values: nodes.map((n) => n.namespace) },
        { name: 'name', type: FieldType.string, values: nodes.map((n) => n.name) },
        { name: 'workload_kind', type: FieldType.string, values: nodes.map((n) => n.workload_kind) },
        { name: 'flows_in', type: FieldType.number, values: nodes.map((n) => n.flows?.in ?? 0) },
        { name: 'flows_out', type: FieldType.number, values: nodes.map((n) => n.flows?.out ?? 0) },
        { name: 'flows_dropped', type: FieldType.number, values: nodes.map((n) => n.flows?.dropped ?? 0) },
        { name: OBJECT_FIELDS.node, type: FieldType.other, values: nodes },
      ],
    }),
    createDataFrame({
      refId,
      name: GATEWAY_FRAMES.edges,
      meta: { custom: { window: map.window } },
      fields: [
        { name: 'id', type: FieldType.string, values: edges.map((e) => e.id) },
        { name: 'source', type: FieldType.string, values: edges.map((e) => e.source) },
        { name: 'target', type: FieldType.string, values: edges.map((e) => e.target) },
        { name: 'flows', type: FieldType.number, values: edges.map((e) => e.flows) },
        { name: 'dropped', type: FieldType.number, values: edges.map((e) => e.verdicts?.DROPPED ?? 0) },
        { name: 'requests', type: FieldType.number, values: edges.map((e) => e.http?.requests ?? null) },
        { name: 'errors', type: FieldType.number, values: edges.map((e) => e.http?.errors ?? null) },
        { name: 'p95_ms', type: FieldType.number, values: edges.map((e) => e.http?.latency_ms?.p95 ?? null) },
        { name: OBJECT_FIELDS.edge, type: FieldType.other, values: edges },
      ],
    }),
  ];
}

/** The service map held by the two service map frames (empty when they are missing). */
export function serviceMapOf(series: DataFrame[]): ServiceMapResponse {
  const window = frameNamed(series, GATEWAY_FRAMES.edges)?.meta?.custom?.window;
  return {
    nodes: objectsOf(series, GATEWAY_FRAMES.nodes, OBJECT_FIELDS.node),
    edges: objectsOf(series, GATEWAY_FRAMES.edges, OBJECT_FIELDS.edge),
    window: window ?? null,
  };
}

/** The namespaces frame: `cluster`, `namespace`; `meta.custom.source` says whether Relay or the buffer answered. */
export function namespacesFrame(refId: string, answer: NamespacesResponse): DataFrame {
  return createDataFrame({
    refId,
    name: GATEWAY_FRAMES.namespaces,
    meta: { custom: { source: answer.source } },
    fields: [
      { name: 'cluster', type: FieldType.string, values: answer.namespaces.map((n) => n.cluster) },
      { name: 'namespace', type: FieldType.string, values: answer.namespaces.map((n) => n.namespace) },
    ],
  });
}

/** The distinct namespace names of a namespaces frame, in the gateway's order. */
export function namespacesOf(series: DataFrame[]): string[] {
  const values = frameNamed(series, GATEWAY_FRAMES.namespaces)?.fields.find((f) => f.name === 'namespace')?.values;
  return [...new Set(Array.from(values ?? []).filter(Boolean) as string[])];
}

/**
 * The status frame: one row with the Relay address and follow stream state, Relay's version and
 * connected and unavailable node counts, the buffered flows, and `status` (the whole answer).
 */
export function statusFrame(refId: string, status: GatewayStatus): DataFrame {
  const row = (type: FieldType, name: string, value: unknown) => ({ name, type, values: [value] });
  return createDataFrame({
    refId,
    name: GATEWAY_FRAMES.status,
    fields: [
      row(FieldType.string, 'relay_address', status.relay?.address ?? ''),
      row(FieldType.string, 'stream', status.relay?.stream ?? ''),
      row(FieldType.string, 'version', status.server_status?.version ?? ''),
      row(FieldType.number, 'connected_nodes', status.server_status?.num_connected_nodes ?? 0),
      row(FieldType.number, 'unavailable_nodes', status.server_status?.num_unavailable_nodes ?? 0),
      row(FieldType.number, 'buffered_flows', status.buffer?.flows ?? 0),
      row(FieldType.other, OBJECT_FIELDS.status, status),
    ],
  });
}

/** The gateway status of a status frame, or undefined when the frame is missing. */
export function statusOf(series: DataFrame[]): GatewayStatus | undefined {
  return objectsOf<GatewayStatus>(series, GATEWAY_FRAMES.status, OBJECT_FIELDS.status)[0];
}
