/**
 * The service map, kept up to date as flows enter and leave the ring buffer (never recomputed from
 * all flows per request).
 *
 * Flows are aggregated per edge (client node -> server node) inside time slots of `slotMs`
 * (flow time, default 10 s). A flow that leaves the ring buffer is subtracted from its slot, so the
 * map always describes exactly the buffered flows; a request with since/until merges the slots that
 * overlap the range, so its window is widened to slot boundaries (reported back as `window`).
 *
 * Direction: a reply (`is_reply: true`) counts toward its request's edge, i.e. source and
 * destination are swapped and the reply's source port is the edge's port. HTTP: requests are L7
 * REQUEST flows, errors are RESPONSE flows with code >= 500, latency quantiles come from
 * `l7.latency_ns` of RESPONSE flows (exact nearest-rank quantiles over the window, in ms).
 */
import type { EndpointSummary, FlowRecord } from './flowRecord';
import type { MapNode } from './endpoint';
import { formatTime, timeFromMs } from './time';

const VERDICT_NAMES = [
  'VERDICT_UNKNOWN',
  'FORWARDED',
  'DROPPED',
  'ERROR',
  'AUDIT',
  'REDIRECTED',
  'TRACED',
  'TRANSLATED',
];
const DROPPED = 2;
const REQUEST = 1;
const RESPONSE = 2;

type EdgeAgg = {
  source: MapNode;
  target: MapNode;
  flows: number;
  verdicts: Map<number, number>;
  ports: Map<string, number>; // "TCP/9080", or "ICMPv4" without a port
  protocols: Map<string, number>;
  httpRequests: number;
  httpResponses: number;
  httpErrors: number;
  latencies: number[]; // ns, in arrival order; evicted from the front
  latHead: number;
};

type Slot = { edges: Map<string, EdgeAgg>; flows: number };

/** One edge of the map as the API returns it. Latencies in milliseconds. */
export type EdgeView = {
  id: string;
  source: string;
  target: string;
  ports: Array<{ port: number; protocol: string }>;
  protocols: string[];
  flows: number;
  verdicts: Record<string, number>;
  http?: {
    requests: number;
    responses: number;
    errors: number;
    latency_ms: { p50: number; p95: number; p99: number } | null;
  };
};

/** One node of the map as the API returns it; flow counts over the edges in the answer. */
export type NodeView = MapNode & { flows: { in: number; out: number; dropped: number } };

/** `GET /api/v1/service-map` answer. `window` is the slot-aligned range covered (null if empty). */
export type ServiceMapView = {
  nodes: NodeView[];
  edges: EdgeView[];
  window: { since: string; until: string } | null;
};

/** Query of the map: namespace keeps edges with either end in it; times in ms since the epoch. */
export type ServiceMapQuery = { namespace?: string; sinceMs?: number; untilMs?: number };

function orient(r: FlowRecord): { client: EndpointSummary; server: EndpointSummary; port: number } {
  return r.isReply === 1
    ? { client: r.dst, server: r.src, port: r.sport }
    : { client: r.src, server: r.dst, port: r.dport };
}

const portKeys = new Map<string, string[]>();

/** "TCP/9080", cached so that a flow does not build a string. */
function portKey(l4: string, port: number): string {
  let byPort = portKeys.get(l4);
  if (!byPort) {
    portKeys.set(l4, (byPort = []));
  }
  return (byPort[port] ??= `${l4}/${port}`);
}

const edgeKeys = new WeakMap<MapNode, Map<MapNode, string>>();

/** The slot map key of an edge; cached per (client, server) node pair, as nodes are shared objects. */
function edgeKey(client: MapNode, server: MapNode): string {
  let inner = edgeKeys.get(client);
  if (!inner) {
    edgeKeys.set(client, (inner = new Map()));
  }
  let key = inner.get(server);
  if (key === undefined) {
    inner.set(server, (key = client.id + '\u0000' + server.id));
  }
  return key;
}

function bump(m: Map<string | number, number>, key: string | number, by: number): void {
  const n = (m.get(key) ?? 0) + by;
  if (n <= 0) {
    m.delete(key);
  } else {
    m.set(key, n);
  }
}

/**
 * Moves the k-th smallest value of a[from, to] (inclusive) to a[k], smaller ones before it and
 * larger ones after (Hoare's selection, expected linear time: the three quantiles of an edge cost
 * far less than sorting all its latencies).
 */
function select(a: Float64Array, k: number, from: number, to: number): void {
  while (from < to) {
    const pivot = a[(from + to) >>> 1];
    let i = from;
    let j = to;
    while (i <= j) {
      while (a[i] < pivot) {
        i++;
      }
      while (a[j] > pivot) {
        j--;
      }
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) {
      to = j;
    } else if (k >= i) {
      from = i;
    } else {
      return;
    }
  }
}

/** Exact nearest-rank quantile q of `values` (reordered in place), ns -> ms with 3 decimals. */
function quantile(values: Float64Array, q: number): number {
  const k = Math.max(0, Math.ceil(q * values.length) - 1);
  select(values, k, 0, values.length - 1);
  return Math.round(values[k] / 1e3) / 1e3;
}

/** Incrementally maintained service map over a changing set of flows (see module doc). */
export class ServiceMap {
  private readonly slots = new Map<number, Slot>();

  /** `slotMs`: time-slot width in milliseconds (> 0). */
  constructor(readonly slotMs = 10_000) {
    if (!(slotMs > 0)) {
      throw new RangeError('slotMs must be > 0');
    }
  }

  /** Number of flows currently aggregated. */
  get flowCount(): number {
    let n = 0;
    for (const s of this.slots.values()) {
      n += s.flows;
    }
    return n;
  }

  private slotOf(r: FlowRecord): number {
    return Math.floor(r.timeMs / this.slotMs);
  }

  /** Adds a flow's contribution. */
  add(r: FlowRecord): void {
    const k = this.slotOf(r);
    let slot = this.slots.get(k);
    if (!slot) {
      this.slots.set(k, (slot = { edges: new Map(), flows: 0 }));
    }
    const { client, server, port } = orient(r);
    const key = edgeKey(client.node, server.node);
    let e = slot.edges.get(key);
    if (!e) {
      e = {
        source: client.node,
        target: server.node,
        flows: 0,
        verdicts: new Map(),
        ports: new Map(),
        protocols: new Map(),
        httpRequests: 0,
        httpResponses: 0,
        httpErrors: 0,
        latencies: [],
        latHead: 0,
      };
      slot.edges.set(key, e);
    }
    this.apply(e, r, port, 1);
    if (r.l7 === 'http' && r.l7type === RESPONSE && r.latencyNs > 0) {
      e.latencies.push(r.latencyNs);
    }
    slot.flows++;
  }

  /** Removes a flow previously added (flows leave in the order they were added). */
  remove(r: FlowRecord): void {
    const k = this.slotOf(r);
    const slot = this.slots.get(k);
    if (!slot) {
      return;
    }
    const { client, server, port } = orient(r);
    const key = edgeKey(client.node, server.node);
    const e = slot.edges.get(key);
    if (!e) {
      return;
    }
    this.apply(e, r, port, -1);
    if (r.l7 === 'http' && r.l7type === RESPONSE && r.latencyNs > 0) {
      e.latHead++;
      if (e.latHead > 1024 && e.latHead * 2 > e.latencies.length) {
        e.latencies = e.latencies.slice(e.latHead);
        e.latHead = 0;
      }
    }
    if (e.flows <= 0) {
      slot.edges.delete(key);
    }
    if (--slot.flows <= 0) {
      this.slots.delete(k);
    }
  }

  private apply(e: EdgeAgg, r: FlowRecord, port: number, by: number): void {
    e.flows += by;
    bump(e.verdicts, r.verdict, by);
    if (r.l4) {
      bump(e.ports, port && r.l4 !== 'ICMPv4' && r.l4 !== 'ICMPv6' ? portKey(r.l4, port) : r.l4, by);
    }
    if (r.l4) {
      bump(e.protocols, r.l4, by);
    }
    if (r.l7) {
      bump(e.protocols, r.l7.toUpperCase(), by);
    }
    if (r.l7 === 'http') {
      if (r.l7type === REQUEST) {
        e.httpRequests += by;
      }
      if (r.l7type === RESPONSE) {
        e.httpResponses += by;
        if (r.httpCode >= 500) {
          e.httpErrors += by;
        }
      }
    }
  }

  /** Merges the slots overlapping the query's range into the API answer. */
  query(q: ServiceMapQuery = {}): ServiceMapView {
    const from = q.sinceMs === undefined ? -Infinity : Math.floor(q.sinceMs / this.slotMs);
    const to = q.untilMs === undefined ? Infinity : Math.floor(q.untilMs / this.slotMs);
    type Acc = {
      e: EdgeAgg;
      verdicts: Map<number, number>;
      ports: Map<string, number>;
      protocols: Map<string, number>;
      lat: number[][];
      flows: number;
      req: number;
      resp: number;
      err: number;
    };
    const merged = new Map<string, Acc>();
    let minSlot = Infinity;
    let maxSlot = -Infinity;
    for (const [k, slot] of this.slots) {
      if (k < from || k > to) {
        continue;
      }
      minSlot = Math.min(minSlot, k);
      maxSlot = Math.max(maxSlot, k);
      for (const [key, e] of slot.edges) {
        if (q.namespace !== undefined && e.source.namespace !== q.namespace && e.target.namespace !== q.namespace) {
          continue;
        }
        let a = merged.get(key);
        if (!a) {
          merged.set(
            key,
            (a = {
              e,
              verdicts: new Map(),
              ports: new Map(),
              protocols: new Map(),
              lat: [],
              flows: 0,
              req: 0,
              resp: 0,
              err: 0,
            })
          );
        }
        a.flows += e.flows;
        a.req += e.httpRequests;
        a.resp += e.httpResponses;
        a.err += e.httpErrors;
        for (const [v, n] of e.verdicts) {
          bump(a.verdicts, v, n);
        }
        for (const [p, n] of e.ports) {
          bump(a.ports, p, n);
        }
        for (const [p, n] of e.protocols) {
          bump(a.protocols, p, n);
        }
        if (e.latencies.length > e.latHead) {
          a.lat.push(e.latHead ? e.latencies.slice(e.latHead) : e.latencies);
        }
      }
    }
    const nodes = new Map<string, NodeView>();
    const node = (n: MapNode): NodeView => {
      let v = nodes.get(n.id);
      if (!v) {
        nodes.set(n.id, (v = { ...n, flows: { in: 0, out: 0, dropped: 0 } }));
      }
      return v;
    };
    const edges: EdgeView[] = [];
    for (const a of merged.values()) {
      const { source, target } = a.e;
      const dropped = a.verdicts.get(DROPPED) ?? 0;
      const s = node(source);
      const t = node(target);
      s.flows.out += a.flows;
      t.flows.in += a.flows;
      s.flows.dropped += dropped;
      if (t !== s) {
        t.flows.dropped += dropped;
      }
      const verdicts: Record<string, number> = {};
      for (const [v, n] of [...a.verdicts].sort((x, y) => x[0] - y[0])) {
        verdicts[VERDICT_NAMES[v] ?? String(v)] = n;
      }
      const ports = [...a.ports.keys()]
        .map((p) => {
          const [protocol, port] = p.split('/');
          return { port: port ? Number(port) : 0, protocol };
        })
        .sort((x, y) => x.port - y.port || x.protocol.localeCompare(y.protocol));
      const view: EdgeView = {
        id: `${source.id}->${target.id}`,
        source: source.id,
        target: target.id,
        ports,
        protocols: [...a.protocols.keys()].sort(),
        flows: a.flows,
        verdicts,
      };
      if (a.req + a.resp > 0) {
        let latency_ms: { p50: number; p95: number; p99: number } | null = null;
        const total = a.lat.reduce((n, l) => n + l.length, 0);
        if (total > 0) {
          const all = new Float64Array(total);
          let i = 0;
          for (const l of a.lat) {
            all.set(l, i);
            i += l.length;
          }
          latency_ms = { p50: quantile(all, 0.5), p95: quantile(all, 0.95), p99: quantile(all, 0.99) };
        }
        view.http = { requests: a.req, responses: a.resp, errors: a.err, latency_ms };
      }
      edges.push(view);
    }
    edges.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const window =
      minSlot === Infinity
        ? null
        : {
            since: formatTime(timeFromMs(minSlot * this.slotMs)),
            until: formatTime(timeFromMs((maxSlot + 1) * this.slotMs)),
          };
    return { nodes: [...nodes.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)), edges, window };
  }
}
