/**
 * Typed reads of the fields of a Hubble flow (`hubble observe -o json` `.flow` shape, see
 * ../flows/types.ts) that the logs and traces are derived from. Every reader tolerates missing
 * fields: flows from captures carry only what Hubble printed.
 */
import { FlowJson } from '../flows/types';

/** The Kubernetes identity of a flow endpoint that is a pod; undefined for world, host and other reserved identities. */
export type PodRef = {
  namespace: string;
  pod: string;
  /** `app.kubernetes.io/name` or `app` pod label, else the workload name, else the pod name. */
  app: string;
  /** The controlling workload, as Hubble reports it (`Deployment`, `StatefulSet`, `DaemonSet`, ...). */
  workload?: { name: string; kind: string };
};

type EndpointJson = {
  namespace?: string;
  pod_name?: string;
  labels?: string[];
  workloads?: Array<{ name?: string; kind?: string }>;
};

function label(labels: string[] | undefined, key: string): string | undefined {
  const prefix = `k8s:${key}=`;
  return labels?.find((l) => l.startsWith(prefix))?.slice(prefix.length);
}

/** The pod of the flow's `source` or `destination` endpoint, or undefined when that side is not a pod. */
export function podOf(flow: FlowJson, side: 'source' | 'destination'): PodRef | undefined {
  const ep = flow[side] as EndpointJson | undefined;
  if (!ep?.namespace || !ep.pod_name) {
    return undefined;
  }
  const w = ep.workloads?.[0];
  const workload = w?.name ? { name: w.name, kind: w.kind ?? 'Deployment' } : undefined;
  const app = label(ep.labels, 'app.kubernetes.io/name') ?? label(ep.labels, 'app') ?? workload?.name ?? ep.pod_name;
  return { namespace: ep.namespace, pod: ep.pod_name, app, workload };
}

/** Nanoseconds since the epoch of the flow's `time` (RFC 3339, up to nanosecond precision), as a bigint. */
export function flowTimeNs(flow: FlowJson): bigint {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(flow.time ?? '');
  if (!m) {
    return BigInt(Date.now()) * 1_000_000n;
  }
  const seconds = BigInt(Math.floor(Date.parse(`${m[1]}${m[3]}`) / 1000));
  return seconds * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** The L7 HTTP part of a flow. */
export type HttpView = {
  type: 'REQUEST' | 'RESPONSE';
  method: string;
  url: string;
  code?: number;
  latencyNs?: bigint;
  /** `traceparent` request header split into its trace id and parent (calling span) id. */
  traceparent?: { traceId: string; parentId: string };
};

/** The HTTP request or response of an L7 flow, or undefined for other flows. */
export function httpOf(flow: FlowJson): HttpView | undefined {
  const l7 = flow.l7 as { type?: string; latency_ns?: string | number; http?: Record<string, unknown> } | undefined;
  const http = l7?.http as
    { code?: number; method?: string; url?: string; headers?: Array<{ key: string; value: string }> } | undefined;
  if (!http || (l7?.type !== 'REQUEST' && l7?.type !== 'RESPONSE')) {
    return undefined;
  }
  const header = http.headers?.find((h) => h.key.toLowerCase() === 'traceparent')?.value;
  const tp = header ? /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(header) : null;
  return {
    type: l7.type,
    method: http.method ?? 'GET',
    url: http.url ?? '',
    code: http.code,
    latencyNs: l7.latency_ns !== undefined ? BigInt(l7.latency_ns) : undefined,
    traceparent: tp ? { traceId: tp[1], parentId: tp[2] } : undefined,
  };
}

/** The flow's W3C trace id (`trace_context.parent.trace_id`, 32 hex digits), or undefined. */
export function traceIdOf(flow: FlowJson): string | undefined {
  const id = (flow.trace_context as { parent?: { trace_id?: string } } | undefined)?.parent?.trace_id;
  return id && /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id) ? id : undefined;
}

/** `path` of an absolute or relative URL (`http://podinfo:9898/api/info?x=1` → `/api/info`). */
export function pathOf(url: string): string {
  const m = /^(?:[a-z]+:\/\/[^/]+)?([^?#]*)/i.exec(url);
  return m?.[1] || '/';
}
