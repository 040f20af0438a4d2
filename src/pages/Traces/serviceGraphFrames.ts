import { DataFrame, Field, FieldType, NodeGraphDataFrameFieldNames as F } from '@grafana/data';
import { map } from 'rxjs';

interface PairRow {
  client: string;
  server: string;
  value: number;
}

function fieldValues(frame: DataFrame, name: string): unknown[] | undefined {
  return frame.fields.find((f) => f.name === name)?.values;
}

/** Rows `client, server, value` of the instant table frames of one refId (value: the frame's last number field). */
function pairRows(frames: DataFrame[], refId: string): PairRow[] {
  const rows: PairRow[] = [];
  for (const frame of frames.filter((f) => f.refId === refId)) {
    const clients = fieldValues(frame, 'client');
    const servers = fieldValues(frame, 'server');
    const values = [...frame.fields].reverse().find((f) => f.type === FieldType.number)?.values;
    if (!clients || !servers || !values) {
      continue;
    }
    for (let i = 0; i < frame.length; i++) {
      const value = Number(values[i]);
      if (Number.isFinite(value)) {
        rows.push({ client: String(clients[i]), server: String(servers[i]), value });
      }
    }
  }
  return rows;
}

function field(name: string, type: FieldType, values: unknown[], config: Field['config'] = {}): Field {
  return { name, type, values, config };
}

/**
 * Turns the service graph panel's three Prometheus instant tables (refIds `requests`, `failed`,
 * `p95`; columns `client`, `server` and a value, from Tempo's `traces_service_graph_*` series) into
 * the two frames Grafana's node graph reads: `nodes` (id, title, main stat = requests/s received,
 * secondary stat = p95 server latency of its slowest caller, arcs = share of failed and successful
 * requests) and `edges` (id, source, target, main stat = requests/s, secondary stat = errors %).
 * Services that only call others (the load generator) appear as nodes with 0 requests received.
 */
export function serviceGraphFrames(frames: DataFrame[]): DataFrame[] {
  const requests = pairRows(frames, 'requests');
  const failed = new Map(pairRows(frames, 'failed').map((r) => [`${r.client}\u2192${r.server}`, r.value]));
  const p95 = new Map(pairRows(frames, 'p95').map((r) => [`${r.client}\u2192${r.server}`, r.value]));

  const nodes = new Map<string, { received: number; failed: number; p95: number }>();
  const node = (id: string) => nodes.get(id) ?? nodes.set(id, { received: 0, failed: 0, p95: NaN }).get(id)!;
  const edges: Array<{ id: string; source: string; target: string; rate: number; errors: number }> = [];
  for (const r of requests) {
    const id = `${r.client}\u2192${r.server}`;
    const errors = failed.get(id) ?? 0;
    node(r.client);
    const target = node(r.server);
    target.received += r.value;
    target.failed += errors;
    const latency = p95.get(id);
    if (latency !== undefined && !(latency <= target.p95)) {
      target.p95 = latency;
    }
    edges.push({ id, source: r.client, target: r.server, rate: r.value, errors: r.value > 0 ? errors / r.value : 0 });
  }

  const ids = [...nodes.keys()].sort();
  const stats = ids.map((id) => nodes.get(id)!);
  const failedShare = stats.map((s) => (s.received > 0 ? Math.min(1, s.failed / s.received) : 0));
  const nodesFrame: DataFrame = {
    name: 'nodes',
    refId: 'nodes',
    meta: { preferredVisualisationType: 'nodeGraph' },
    length: ids.length,
    fields: [
      field(F.id, FieldType.string, ids),
      field(F.title, FieldType.string, ids),
      field(
        F.mainStat,
        FieldType.number,
        stats.map((s) => s.received),
        { displayName: 'Requests', unit: 'reqps' }
      ),
      field(
        F.secondaryStat,
        FieldType.number,
        stats.map((s) => (Number.isNaN(s.p95) ? null : s.p95)),
        { displayName: 'p95 latency', unit: 's' }
      ),
      field(`${F.arc}failed`, FieldType.number, failedShare, {
        displayName: 'Failed',
        color: { mode: 'fixed', fixedColor: 'red' },
      }),
      field(
        `${F.arc}success`,
        FieldType.number,
        failedShare.map((f, i) => (stats[i].received > 0 ? 1 - f : 1)),
        {
          displayName: 'Success',
          color: { mode: 'fixed', fixedColor: 'green' },
        }
      ),
    ],
  };
  const edgesFrame: DataFrame = {
    name: 'edges',
    refId: 'edges',
    meta: { preferredVisualisationType: 'nodeGraph' },
    length: edges.length,
    fields: [
      field(
        F.id,
        FieldType.string,
        edges.map((e) => e.id)
      ),
      field(
        F.source,
        FieldType.string,
        edges.map((e) => e.source)
      ),
      field(
        F.target,
        FieldType.string,
        edges.map((e) => e.target)
      ),
      field(
        F.mainStat,
        FieldType.number,
        edges.map((e) => e.rate),
        { displayName: 'Requests', unit: 'reqps' }
      ),
      field(
        F.secondaryStat,
        FieldType.number,
        edges.map((e) => e.errors),
        { displayName: 'Errors', unit: 'percentunit' }
      ),
    ],
  };
  return [nodesFrame, edgesFrame];
}

/** Scenes transformation (for `SceneDataTransformer`) applying `serviceGraphFrames`. */
export function serviceGraphTransformation() {
  return () => map((frames: DataFrame[]) => serviceGraphFrames(frames));
}
