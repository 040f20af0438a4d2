/**
 * The demo cluster's Hubble Relay: serves `observer.Observer` (GetFlows, ServerStatus, GetNodes,
 * GetNamespaces) over gRPC with the wire format of Cilium 1.19 (../../../proto), from a FlowHub.
 *
 * GetFlows: `since`/`until` bound flow time (inclusive); without `follow`, `number` selects the
 * last N matching buffered flows (the first N with `first`; all when 0); with `follow`, the last
 * `number` (or all since `since`) are sent and then every new matching flow. A follower that does
 * not read fast enough loses flows; the loss is reported as a `lost_events` response
 * (HUBBLE_RING_BUFFER), as Hubble does, instead of buffering without bound.
 *
 * Flows are sent with every field their JSON carries (flowToProto.ts); a key that cannot be carried
 * (the protos do not declare it) is logged once per path through `warn`.
 */
import * as grpc from '@grpc/grpc-js';
import type { FlowHub, FlowJson } from '../flows/types';
import { flowPasses, unsupportedFields, type FlowFilter } from './filters';
import { flowResponseBytes, nsToTimestamp, timeToNs } from './flowToProto';
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
  const startedMs = Date.now();
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
    let pass: (f: FlowJson) => boolean;
    try {
      for (const f of [...req.whitelist, ...req.blacklist]) {
        for (const r of (f.dns_query as string[]) ?? []) {
          new RegExp(r);
        }
      }
      pass = (f) => inRange(f) && flowPasses(f, req.whitelist, req.blacklist);
    } catch (err) {
      call.emit('error', { code: grpc.status.INVALID_ARGUMENT, details: `invalid filter: ${(err as Error).message}` });
      return;
    }
    call.sendMetadata(new grpc.Metadata());
    const history = hub.recent(maxFlows).filter(pass);
    let selected = history;
    const n = Number(req.number ?? 0);
    if (n > 0) {
      selected = req.first ? history.slice(0, n) : history.slice(-n);
    } else if (req.follow && since === undefined) {
      selected = [];
    }
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
      const minutes = Math.max(1 / 60, (Date.now() - startedMs) / 60_000);
      cb(null, {
        num_flows: buffered,
        max_flows: maxFlows,
        seen_flows: seen + buffered,
        uptime_ns: uptimeNs(),
        num_connected_nodes: { value: nodes.length },
        num_unavailable_nodes: { value: 0 },
        unavailable_nodes: [],
        version,
        flows_rate: seen / (minutes * 60),
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
