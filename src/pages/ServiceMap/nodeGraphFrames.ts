import {
  DataFrame,
  DataLink,
  Field,
  FieldColorModeId,
  FieldType,
  NodeGraphDataFrameFieldNames as F,
  formattedValueToString,
  getValueFormat,
} from '@grafana/data';
import { identityTitle } from '../../gateway/endpoints';
import { Graph, GraphEdge, GraphNode } from './graph';
import { edgeUrl, edgeWhyUrl, nodeUrl, nodeUrlLabel } from './mapLinks';

/**
 * The node graph panel's input: a `nodes` frame (id, title, subtitle, mainstat, secondarystat,
 * arc__ok, arc__failed, detail__*) and an `edges` frame (id, source, target, mainstat,
 * secondarystat, detail__*, color, strokedasharray, thickness). Stats are preformatted strings
 * (the panel shows strings as they are); edges with drops are red and dashed, edges with 5xx orange.
 * Each row carries its link target (`url`), opened by the data link on `id`; edges also carry the
 * Troubleshoot page for their pair (`why`).
 */

/** Edge colour when flows were dropped on it. */
export const DROP_COLOR = '#e02f44';
/** Edge colour when at least ERROR_RATIO_WARN of its HTTP requests failed with 5xx. */
export const ERROR_COLOR = '#ff9830';
export const ERROR_RATIO_WARN = 0.05;
/** Dash pattern of edges with drops. */
export const DROP_DASH = '6 4';

/** Data link on the nodes' `id`: the per-row `url` plus the panel's time range. */
export const NODE_LINK: DataLink = {
  title: 'Kubernetes Observability/Open',
  url: '${__data.fields.url}${__url_time_range}',
};
/** Data link on the edges' `id`: the Flows page filtered to the pair, same time range. */
export const EDGE_LINK: DataLink = {
  title: 'Kubernetes Observability/Show flows',
  url: '${__data.fields.url}${__url_time_range}',
};
/**
 * Data link on the edges' `id`: the Troubleshoot page for the pair ("why is it dropped?" on a red
 * edge, "why the 5xx?" on an orange one), same time range. Grafana shows every link of a field on
 * every row, so edges without drops have it too.
 */
export const WHY_LINK: DataLink = {
  title: 'Kubernetes Observability/Why? Troubleshoot this connection',
  url: '${__data.fields.why}${__url_time_range}',
};

function fmt(unit: string, value: number, decimals?: number): string {
  return formattedValueToString(getValueFormat(unit)(value, decimals));
}

/** `12.3 req/s`. */
export const formatReqRate = (v: number) => fmt('reqps', v, v < 10 ? 2 : 1);
/** `4.56 flows/s`. */
export const formatFlowRate = (v: number) => `${fmt('short', v, v < 10 ? 2 : 1)} flows/s`;
/** `1.20 kB/s`. */
export const formatByteRate = (v: number) => fmt('Bps', v, 2);
/** `2.50%`. */
export const formatRatio = (v: number) => fmt('percentunit', v, 2);
/** `45.0 ms`. */
export const formatMs = (v: number) => fmt('ms', v, 1);

/**
 * The one rate every edge of a map shows as its main stat, so that edges are comparable and the
 * panel can name the unit: flows/s when the source counts flows (gateway, Hubble metrics), else
 * HTTP req/s, else bytes/s (Caretta). HTTP req/s then goes to the secondary stat.
 */
export type MapUnit = 'flows' | 'requests' | 'bytes';

/** The unit of a graph (see MapUnit). */
export function mapUnit(graph: Graph): MapUnit {
  if (graph.edges.some((e) => e.flowRate !== undefined)) {
    return 'flows';
  }
  return graph.edges.some((e) => e.requestRate !== undefined) ? 'requests' : 'bytes';
}

/** The name of the main stat in the panel's tooltip and details: the unit it is in. */
export const UNIT_NAMES: Record<MapUnit, string> = {
  flows: 'Flows per second',
  requests: 'HTTP requests per second',
  bytes: 'Bytes per second',
};

/** An edge's rate in the map's unit ("" when the source does not count it for this edge). */
export function edgeMainStat(e: GraphEdge, unit: MapUnit = 'flows'): string {
  switch (unit) {
    case 'flows':
      return e.flowRate !== undefined ? formatFlowRate(e.flowRate) : '';
    case 'requests':
      return e.requestRate !== undefined ? formatReqRate(e.requestRate) : '';
    default:
      return e.byteRate !== undefined ? formatByteRate(e.byteRate) : '';
  }
}

/** HTTP rate (unless it is the main stat), error ratio, p95 and drops: `1.20 req/s · 2.00% 5xx · p95 45.0 ms · 0.10 flows/s dropped`. */
export function edgeSecondaryStat(e: GraphEdge, unit: MapUnit = 'flows'): string {
  const parts: string[] = [];
  if (unit !== 'requests' && e.requestRate !== undefined) {
    parts.push(formatReqRate(e.requestRate));
  }
  if (e.errorRatio !== undefined) {
    parts.push(`${formatRatio(e.errorRatio)} 5xx`);
  }
  if (e.p95Ms !== undefined) {
    parts.push(`p95 ${formatMs(e.p95Ms)}`);
  }
  if (e.dropRate) {
    parts.push(`${formatFlowRate(e.dropRate)} dropped`);
  }
  return parts.join(' · ');
}

interface NodeTotals {
  requestsIn: number;
  errorsIn: number;
  flows: number;
  dropped: number;
  flowsIn: number;
  bytesIn: number;
  hasRequests: boolean;
  hasFlows: boolean;
  hasBytes: boolean;
}

function totals(graph: Graph): Map<string, NodeTotals> {
  const out = new Map<string, NodeTotals>();
  const get = (id: string) => {
    let t = out.get(id);
    if (!t) {
      t = {
        requestsIn: 0,
        errorsIn: 0,
        flows: 0,
        dropped: 0,
        flowsIn: 0,
        bytesIn: 0,
        hasRequests: false,
        hasFlows: false,
        hasBytes: false,
      };
      out.set(id, t);
    }
    return t;
  };
  for (const e of graph.edges) {
    const s = get(e.source);
    const t = get(e.target);
    if (e.requestRate !== undefined) {
      t.hasRequests = true;
      t.requestsIn += e.requestRate;
      t.errorsIn += e.requestRate * (e.errorRatio ?? 0);
    }
    if (e.flowRate !== undefined) {
      for (const n of e.source === e.target ? [s] : [s, t]) {
        n.hasFlows = true;
        n.flows += e.flowRate;
        n.dropped += e.dropRate ?? 0;
      }
      t.flowsIn += e.flowRate;
    }
    if (e.byteRate !== undefined) {
      t.hasBytes = true;
      t.bytesIn += e.byteRate;
    }
  }
  return out;
}

/** Share (0..1) of a node's traffic that failed: the larger of its drop share and its inbound 5xx share. */
export function failedShare(t: NodeTotals | undefined): number {
  if (!t) {
    return 0;
  }
  const drop = t.flows > 0 ? t.dropped / t.flows : 0;
  const errors = t.requestsIn > 0 ? t.errorsIn / t.requestsIn : 0;
  return Math.min(1, Math.max(drop, errors));
}

/** An identity node by what its labels say, else `identity N (labels unknown)`. */
function nodeTitle(n: GraphNode): string {
  return n.kind === 'identity' ? (n.label ?? identityTitle(n.name, undefined)) : n.name;
}

function nodeSubTitle(n: GraphNode): string {
  switch (n.kind) {
    case 'workload':
      return [n.workloadKind, n.namespace].filter(Boolean).join(' · ');
    case 'reserved':
      return 'reserved identity';
    case 'dns':
      return 'DNS name';
    case 'identity':
      return n.label ? `identity ${n.name}` : '';
    case 'node':
      return 'node';
    case 'external':
      return 'outside the cluster';
    default:
      return '';
  }
}

function field(name: string, type: FieldType, values: unknown[], config: Field['config'] = {}): Field {
  return { name, type, values, config };
}

/** Detail fields that have a value on at least one row (the panel's menu shows every detail field). */
function details(rows: Array<Record<string, string>>, names: Array<[string, string]>): Field[] {
  return names
    .filter(([key]) => rows.some((r) => r[key]))
    .map(([key, label]) =>
      field(
        `${F.detail}${key}`,
        FieldType.string,
        rows.map((r) => r[key] ?? ''),
        { displayName: label }
      )
    );
}

/** The `nodes` frame of a graph (see module doc). */
export function nodesFrame(graph: Graph): DataFrame {
  const t = totals(graph);
  const shares = graph.nodes.map((n) => failedShare(t.get(n.id)));
  const unit = mapUnit(graph);
  const main = graph.nodes.map((n) => {
    const x = t.get(n.id);
    if (unit === 'flows') {
      return x?.hasFlows ? formatFlowRate(x.flows) : '';
    }
    if (unit === 'requests') {
      return x?.hasRequests ? `${formatReqRate(x.requestsIn)} in` : '';
    }
    return x?.hasBytes ? `${formatByteRate(x.bytesIn)} in` : '';
  });
  const secondary = graph.nodes.map((n) => {
    const x = t.get(n.id);
    const parts = [];
    if (unit !== 'requests' && x?.hasRequests) {
      parts.push(`${formatReqRate(x.requestsIn)} in`);
    }
    if (x && x.requestsIn > 0 && x.errorsIn > 0) {
      parts.push(`${formatRatio(x.errorsIn / x.requestsIn)} 5xx`);
    }
    if (x?.dropped) {
      parts.push(`${formatFlowRate(x.dropped)} dropped`);
    }
    return parts.join(' · ');
  });
  const rows = graph.nodes.map((n) => ({
    kind: n.workloadKind ?? n.kind,
    namespace: n.namespace,
    opens: nodeUrlLabel(n),
  }));
  const fields: Field[] = [
    field(
      F.id,
      FieldType.string,
      graph.nodes.map((n) => n.id),
      { links: [NODE_LINK] }
    ),
    field(F.title, FieldType.string, graph.nodes.map(nodeTitle)),
    field(F.subTitle, FieldType.string, graph.nodes.map(nodeSubTitle)),
    field(F.mainStat, FieldType.string, main, { displayName: UNIT_NAMES[unit] }),
    field(F.secondaryStat, FieldType.string, secondary, { displayName: 'Problems' }),
    field(
      `${F.arc}ok`,
      FieldType.number,
      shares.map((s) => 1 - s),
      { displayName: 'OK', color: { mode: FieldColorModeId.Fixed, fixedColor: 'green' } }
    ),
    field(`${F.arc}failed`, FieldType.number, shares, {
      displayName: 'Dropped or 5xx',
      color: { mode: FieldColorModeId.Fixed, fixedColor: 'red' },
    }),
    ...details(rows, [
      ['kind', 'Kind'],
      ['namespace', 'Namespace'],
      ['opens', 'Click opens'],
    ]),
    field('url', FieldType.string, graph.nodes.map(nodeUrl)),
  ];
  return {
    name: 'nodes',
    refId: 'nodes',
    fields,
    length: graph.nodes.length,
    meta: { preferredVisualisationType: 'nodeGraph' },
  };
}

/** The `edges` frame of a graph (see module doc). */
export function edgesFrame(graph: Graph): DataFrame {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const e = graph.edges;
  const unit = mapUnit(graph);
  const rows = e.map((x) => ({
    requests: x.requestRate !== undefined ? formatReqRate(x.requestRate) : '',
    errors: x.errorRatio !== undefined ? formatRatio(x.errorRatio) : '',
    p95: x.p95Ms !== undefined ? formatMs(x.p95Ms) : '',
    flows: x.flowRate !== undefined ? formatFlowRate(x.flowRate) : '',
    dropped: x.dropRate !== undefined ? formatFlowRate(x.dropRate) : '',
    bytes: x.byteRate !== undefined ? formatByteRate(x.byteRate) : '',
    ports: x.ports.join(', '),
    protocols: x.protocols.join(', '),
  }));
  const color = e.map((x) => (x.dropRate ? DROP_COLOR : (x.errorRatio ?? 0) >= ERROR_RATIO_WARN ? ERROR_COLOR : ''));
  const fields: Field[] = [
    field(
      F.id,
      FieldType.string,
      e.map((x) => x.id),
      { links: [EDGE_LINK, WHY_LINK] }
    ),
    field(
      F.source,
      FieldType.string,
      e.map((x) => x.source)
    ),
    field(
      F.target,
      FieldType.string,
      e.map((x) => x.target)
    ),
    field(
      F.mainStat,
      FieldType.string,
      e.map((x) => edgeMainStat(x, unit)),
      { displayName: UNIT_NAMES[unit] }
    ),
    field(
      F.secondaryStat,
      FieldType.string,
      e.map((x) => edgeSecondaryStat(x, unit)),
      { displayName: unit === 'requests' ? 'Errors, p95, drops' : 'HTTP req/s, errors, p95, drops' }
    ),
    ...details(rows, [
      ['requests', 'HTTP requests'],
      ['errors', 'HTTP 5xx ratio'],
      ['p95', 'HTTP p95'],
      ['flows', 'Flows'],
      ['dropped', 'Dropped flows'],
      ['bytes', 'Bytes'],
      ['ports', 'Ports'],
      ['protocols', 'Protocols'],
    ]),
    field(F.color, FieldType.string, color),
    field(
      F.strokeDasharray,
      FieldType.string,
      e.map((x) => (x.dropRate ? DROP_DASH : ''))
    ),
    field(
      F.thickness,
      FieldType.number,
      e.map((x) => (x.dropRate ? 2 : 1))
    ),
    field(
      'url',
      FieldType.string,
      e.map((x) => edgeUrl(x, nodes))
    ),
    field('why', FieldType.string, e.map(edgeWhyUrl)),
  ];
  return { name: 'edges', refId: 'edges', fields, length: e.length, meta: { preferredVisualisationType: 'nodeGraph' } };
}

/** Both frames of a graph, `[nodes, edges]`. */
export function nodeGraphFrames(graph: Graph): DataFrame[] {
  return [nodesFrame(graph), edgesFrame(graph)];
}
