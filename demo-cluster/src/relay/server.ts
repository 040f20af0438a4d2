/**
 * The demo cluster's Hubble Relay: serves `observer.Observer` (GetFlows, ServerStatus, GetNodes,
 * GetNamespaces) over gRPC with the wire format of Cilium 1.19 (../../../proto), from a FlowHub.
 *
 * GetFlows: the buffered flows are selected per node as Hubble's observers do and merged in time
 * order as Relay does (backlog.ts: `number` counts per node; with `since` it takes the first
 * `number` flows from `since` on, without it the last `number`; `until` ends the answer); with
 * `follow` every new matching flow comes after them. A follower that does not read fast enough
 * loses flows; the loss is reported as a `lost_events` response (HUBBLE_RING_BUFFER), as Hubble
 * does, instead of buffering without bound. ServerStatus' `flows_rate` is, per node, the flows of
 * the last minute in its buffer per second (over the buffer's span when it holds less than a
 * minute), summed over the nodes, as Hubble reports it.
 *
 * Flows are sent with every field their JSON carries (flowToProto.ts); a key that cannot be carried
 * (the protos do not declare it) is logged once per path through `warn`.
 */
import * as grpc from '@grpc/grpc-js';
import type { FlowHub, FlowJson } from '../flows/types';
import { relayBacklog } from './backlog';
import { flowPasses, unsupportedFields, type FlowFilter } from './filters';
import { flowResponseBytes, nsToTime, nsToTimestamp, timeToNs } from './flowToProto';
import { observerProtos } from './protos';

/** The demo's nodes (kind cluster `kind`), as GetNodes reports them. */
export const DEMO_NODES = ['kind-control-plane', 'kind-worker', 'kind-worker2', 'kind-worker3'];

/** Options of `startRelay`. `listen` is host:port (port 0 picks a free one). */
export type RelayOptions = {
  hub: FlowHub;
  listen: string;
  /** Flows the Relay reports as its buffer capacity and reads from `hub.recent` (default 16383). */
  maxFlows?: number;
  nodes?: string[];
  version?: string;
  /** Where to say that a flow key could not be carried (once per JSON path); default console.warn. */
  warn?: (message: string) => void;
  /** Told of every GetFlows request as received (only the fields set; see `describeRequest`). */
  onGetFlows?: (request: Record<string, unknown>) => void;
};

/** A running Relay. `address` is the bound host:port. */
export type RelayHandle = { address: string; port: number; stop(): Promise<void> };

type Timestamp = { seconds: number; nanos: number } | null;
type GetFlowsRequest = {
  number: number;
  first: boolean;
  follow: boolean;
  whitelist: FlowFilter[];
  blacklist: FlowFilter[];
  since: Timestamp;
  until: Timestamp;
};

const tsToNs = (t: Timestamp): bigint | undefined =>
  t ? BigInt(t.seconds) * 1_000_000_000n + BigInt(t.nanos ?? 0) : undefined;

/** True for a value proto-loader fills in for an unset field (defaults: true). */
const isDefault = (v: unknown) =>
  v === null || v === undefined || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0);

/** The fields of a FlowFilter that are set. */
function setFields(filter: FlowFilter): FlowFilter {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => !isDefault(v)));
}

/**
 * A GetFlowsRequest as received, with only the fields that are set: `number`, `first`, `follow`,
 * `since`/`until` as RFC 3339 text, and the set fields of each whitelist and blacklist filter.
 */
export function describeRequest(req: GetFlowsRequest): Record<string, unknown> {
  const time = (t: Timestamp) => (t ? nsToTime(tsToNs(t)!) : undefined);
  const out: Record<string, unknown> = {
    number: Number(req.number ?? 0) || undefined,
    first: req.first || undefined,
    follow: req.follow || undefined,
    since: time(req.since),
    until: time(req.until),
    whitelist: req.whitelist.length ? req.whitelist.map(setFields) : undefined,
    blacklist: req.blacklist.length ? req.blacklist.map(setFields) : undefined,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/**
 * Per node, the flows of the last minute per second (over the span of its buffered flows when they
 * cover less than a minute), summed over the nodes: ServerStatus' `flows_rate`.
 */
export function flowsRate(buffered: FlowJson[], nowNs: bigint): number {
  const minuteAgo = nowNs - 60_000_000_000n;
  const perNode = new Map<string, { count: number; oldest: bigint; fullMinute: boolean }>();
  for (let i = buffered.length - 1; i >= 0; i--) {
    const t = timeToNs(buffered[i].time);
    const node = buffered[i].node_name ?? '';
    const n = perNode.get(node) ?? { count: 0, oldest: nowNs, fullMinute: false };
    if (t >= minuteAgo) {
      n.count++;
      n.oldest = t < n.oldest ? t : n.oldest;
    } else {
      n.fullMinute = true;
    }
    perNode.set(node, n);
  }
  let rate = 0;
  for (const { count, oldest, fullMinute } of perNode.values()) {
    const spanS = fullMinute ? 60 : Number(nowNs - oldest) / 1e9;
    rate += count === 0 ? 0 : count / Math.max(spanS, 1e-3);
  }
  return rate;
}

const MAX_PENDING_WRITES = 4096;

/** Starts the Relay. Rejects when the address cannot be bound. */
export async function startRelay(opts: RelayOptions): Promise<RelayHandle> {
  const base = observerProtos().service;
  // GetFlows responses are encoded here (every field of the flow's JSON); lost_events still as objects.
  const serializeResponse = base.GetFlows.responseSerialize;
  const service: grpc.ServiceDefinition = {
    ...base,
    GetFlows: { ...base.GetFlows, responseSerialize: (v: unknown) => (Buffer.isBuffer(v) ? v : serializeResponse(v)) },
  };
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const reported = new Set<string>();
  const uncarried = (path: string, reason: string) => {
    const key = path.replace(/\[\d+\]/g, '[]');
    if (!reported.has(key) && reported.size < 1000) {
      reported.add(key);
      warn(`demo relay: ${path} not sent: ${reason}`);
    }
  };
  const hub = opts.hub;
  const maxFlows = opts.maxFlows ?? 16383;
  const nodes = opts.nodes ?? DEMO_NODES;
  const version = opts.version ?? '1.19.0-demo';
  const started = process.hrtime.bigint();
  let seen = 0;
  const seenByNode = new Map<string, number>();
  const unsubscribeSeen = hub.subscribe((f) => {
    seen++;
    seenByNode.set(f.node_name, (seenByNode.get(f.node_name) ?? 0) + 1);
  });
  const uptimeNs = () => Number(process.hrtime.bigint() - started);
  const calls = new Set<grpc.ServerWritableStream<unknown, unknown>>();

  const response = (flow: FlowJson) => flowResponseBytes(flow, uncarried);

  const getFlows = (call: grpc.ServerWritableStream<GetFlowsRequest, unknown>) => {
    const req = call.request;
    opts.onGetFlows?.(describeRequest(req));
    const bad = unsupportedFields([...req.whitelist, ...req.blacklist]);
    if (bad.length > 0) {
      call.emit('error', {
        code: grpc.status.UNIMPLEMENTED,
        details: `the demo Relay does not filter on: ${bad.join(', ')}`,
      });
      return;
    }
    const since = tsToNs(req.since);
    const until = tsToNs(req.until);
    const inRange = (f: FlowJson) => {
      const t = timeToNs(f.time);
      return (since === undefined || t >= since) && (until === undefined || t <= until);
    };
    try {
      for (const f of [...req.whitelist, ...req.blacklist]) {
        for (const r of (f.dns_query as string[]) ?? []) {
          new RegExp(r);
        }
      }
    } catch (err) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: `invalid filter: ${(err as Error).message}` });
      return;
    }
    const passes = (f: FlowJson) => flowPasses(f, req.whitelist, req.blacklist);
    const pass = (f: FlowJson) => inRange(f) && passes(f);
    call.sendMetadata(new grpc.Metadata());
    const selected = relayBacklog(
      hub.recent(maxFlows),
      { number: Number(req.number ?? 0), first: Boolean(req.first), follow: Boolean(req.follow), since, until },
      passes
    );
    // The backlog is sent with flow control (at most MAX_PENDING_WRITES / 2 unacknowledged
    // writes, refilled as writes complete); live flows that arrive meanwhile queue behind it.
    const queue: FlowJson[] = selected.slice();
    let head = 0;
    let pending = 0;
    let lost = 0;
    const pump = () => {
      while (head < queue.length && pending < MAX_PENDING_WRITES / 2) {
        write(queue[head++]);
      }
      if (head >= queue.length) {
        queue.length = 0;
        head = 0;
        if (!req.follow) {
          call.end();
        }
      }
    };
    const write = (flow: FlowJson) => {
      if (pending >= MAX_PENDING_WRITES) {
        lost++;
        return;
      }
      let msg;
      try {
        msg = response(flow);
      } catch (err) {
        uncarried('flow', `skipped: ${(err as Error).message}`); // never sent half-converted
        return;
      }
      pending++;
      call.write(msg, () => {
        pending--;
        if (lost > 0 && pending < MAX_PENDING_WRITES / 2) {
          const count = lost;
          lost = 0;
          pending++;
          call.write(
            {
              lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: count },
              time: nsToTimestamp(BigInt(Date.now()) * 1_000_000n),
            },
            () => pending--
          );
        }
        if (head < queue.length) {
          pump();
        }
      });
    };
    pump();
    if (!req.follow) {
      return;
    }
    calls.add(call as grpc.ServerWritableStream<unknown, unknown>);
    const unsubscribe = hub.subscribe((f) => {
      if (until !== undefined && timeToNs(f.time) > until) {
        done();
        call.end();
        return;
      }
      if (!pass(f)) {
        return;
      }
      if (head < queue.length) {
        if (queue.length - head < maxFlows) {
          queue.push(f);
        } else {
          lost++;
        }
      } else {
        write(f);
      }
    });
    const done = () => {
      unsubscribe();
      calls.delete(call as grpc.ServerWritableStream<unknown, unknown>);
    };
    call.on('cancelled', done);
    call.on('close', done);
    call.on('error', done);
  };

  const namespaces = () => {
    const seen = new Map<string, { cluster: string; namespace: string }>();
    for (const f of hub.recent(maxFlows)) {
      for (const ep of [f.source, f.destination] as Array<{ namespace?: string; cluster_name?: string }>) {
        if (!ep?.namespace) {
          continue;
        }
        const cluster = ep.cluster_name || 'default'; // Cilium's cluster name when flows carry none
        seen.set(`${cluster}/${ep.namespace}`, { cluster, namespace: ep.namespace });
      }
    }
    return [...seen.values()].sort(
      (a, b) => a.namespace.localeCompare(b.namespace) || a.cluster.localeCompare(b.cluster)
    );
  };

  const impl: grpc.UntypedServiceImplementation = {
    GetFlows: getFlows as grpc.handleServerStreamingCall<unknown, unknown>,
    ServerStatus: (_call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const buffered = hub.recent(maxFlows).length;
      cb(null, {
        num_flows: buffered,
        max_flows: maxFlows,
        seen_flows: seen + buffered,
        uptime_ns: uptimeNs(),
        num_connected_nodes: { value: nodes.length },
        num_unavailable_nodes: { value: 0 },
        unavailable_nodes: [],
        version,
        flows_rate: flowsRate(hub.recent(maxFlows), BigInt(Date.now()) * 1_000_000n),
      });
    },
    GetNodes: (_call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      const buffered = new Map<string, number>();
      for (const f of hub.recent(maxFlows)) {
        buffered.set(f.node_name, (buffered.get(f.node_name) ?? 0) + 1);
      }
      cb(null, {
        nodes: nodes.map((name, i) => ({
          name,
          version,
          address: `172.18.0.${i + 2}:4244`,
          state: 'NODE_CONNECTED',
          uptime_ns: uptimeNs(),
          num_flows: buffered.get(name) ?? 0,
          max_flows: Math.floor(maxFlows / nodes.length),
          seen_flows: (seenByNode.get(name) ?? 0) + (buffered.get(name) ?? 0),
        })),
      });
    },
    GetNamespaces: (_call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) =>
      cb(null, { namespaces: namespaces() }),
  };

  const server = new grpc.Server();
  server.addService(service, impl);
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(opts.listen, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p)
      )
    );
  } catch (err) {
    unsubscribeSeen();
    server.forceShutdown();
    throw err;
  }
  const host = opts.listen.slice(0, opts.listen.lastIndexOf(':'));
  return {
    address: `${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        unsubscribeSeen();
        for (const c of calls) {
          c.end();
        }
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}
