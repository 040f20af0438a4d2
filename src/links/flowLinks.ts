import { around, rfc3339ToMs } from './time';
import { LinkDatasources, podLogsUrl, traceUrl } from './appUrls';

/**
 * The fields of a Hubble flow the links read, in the JSON shape `hubble observe -o json` prints for
 * its `flow` field (and the gateway and the demo's FlowHub use): `time` (RFC 3339, nanoseconds),
 * `source`/`destination` endpoints with `namespace` and `pod_name` (empty for world, host and other
 * reserved identities), and `trace_context.parent.trace_id` when Hubble saw a W3C `traceparent`
 * header on an L7 HTTP flow.
 */
export interface FlowForLinks {
  time?: string;
  source?: { namespace?: string; pod_name?: string };
  destination?: { namespace?: string; pod_name?: string };
  trace_context?: { parent?: { trace_id?: string } };
}

/** Which endpoint of the flow a logs link opens. */
export type FlowSide = 'source' | 'destination';

function flowTimeMs(flow: FlowForLinks): number {
  const ms = flow.time ? rfc3339ToMs(flow.time) : NaN;
  return Number.isFinite(ms) ? ms : Date.now();
}

/**
 * URL of the logs of the flow's source or destination pod, five minutes either side of the flow's
 * time: the pod's Logs tab, `from`/`to` in epoch milliseconds, `var-loki` when `ds.lokiUid` is given.
 *
 * @returns undefined when that side is not a pod (world, host, remote node, ...)
 */
export function flowLogsUrl(flow: FlowForLinks, side: FlowSide, ds: LinkDatasources = {}): string | undefined {
  const endpoint = flow[side];
  if (!endpoint?.namespace || !endpoint.pod_name) {
    return undefined;
  }
  return podLogsUrl(endpoint.namespace, endpoint.pod_name, around(flowTimeMs(flow)), ds);
}

/** The W3C trace id (32 lowercase hex digits) a flow carries, or undefined. All-zero ids are invalid in W3C and ignored. */
export function flowTraceId(flow: FlowForLinks): string | undefined {
  const id = flow.trace_context?.parent?.trace_id?.toLowerCase();
  return id && /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id) ? id : undefined;
}

/**
 * URL of the flow's trace on the Traces page (trace view of `trace_context.parent.trace_id`), five
 * minutes either side of the flow's time, `var-traces` when `ds.tracesUid` is given.
 *
 * @returns undefined when the flow carries no valid trace id
 */
export function flowTraceUrl(flow: FlowForLinks, ds: LinkDatasources = {}): string | undefined {
  const traceId = flowTraceId(flow);
  return traceId ? traceUrl(traceId, around(flowTimeMs(flow)), ds) : undefined;
}
