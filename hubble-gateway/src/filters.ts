/**
 * Flow filters of `GET /api/v1/flows`: matching a buffered flow, and the Relay FlowFilters that ask
 * Hubble Relay for (a superset of) the same flows (query mode, ranges older than the buffer).
 *
 * Semantics (as `hubble observe`): namespace, pod and workload select an endpoint, and a flow matches
 * when its source OR its destination is such an endpoint (all three, when several are given, must
 * hold for the same endpoint). Every other filter must hold too (AND). A list parameter
 * (`verdict=DROPPED,FORWARDED`) matches any of its values (OR).
 * Facts: flow.FlowFilter in Cilium 1.19 (`source_pod` "namespace/prefix", `http_status_code` "5+",
 * `dns_query` regular expressions, `protocol` L4 or L7 names).
 */
import type { EndpointSummary, FlowRecord } from './flowRecord';
import { compareTime, type Time } from './time';

/** Parsed, validated flow query. Enum values are flow.proto numbers. */
export type FlowQuery = {
  namespace?: string;
  /** `[namespace/]pod-name-prefix` split into its parts. */
  pod?: { namespace?: string; prefix: string };
  /** `[namespace/]workload-name` split into its parts. */
  workload?: { namespace?: string; name: string };
  verdict?: number[];
  /** lower case: tcp, udp, sctp, icmp, icmpv4, icmpv6, http, dns, kafka */
  protocol?: string[];
  /** "404" (exact) or "5+" / "40+" (prefix) */
  httpStatus?: string[];
  dnsQuery?: RegExp;
  /** 1 INGRESS, 2 EGRESS */
  trafficDirection?: number[];
  since?: Time;
  until?: Time;
  limit: number;
};

function endpointMatches(ep: EndpointSummary, q: FlowQuery): boolean {
  if (q.namespace !== undefined && ep.namespace !== q.namespace) {
    return false;
  }
  if (q.pod) {
    if (q.pod.namespace !== undefined && ep.namespace !== q.pod.namespace) {
      return false;
    }
    if (!ep.pod || !ep.pod.startsWith(q.pod.prefix)) {
      return false;
    }
  }
  if (q.workload) {
    if (q.workload.namespace !== undefined && ep.namespace !== q.workload.namespace) {
      return false;
    }
    if (!ep.workloads.includes(q.workload.name)) {
      return false;
    }
  }
  return true;
}

function protocolMatches(r: FlowRecord, p: string): boolean {
  switch (p) {
    case 'http':
      return r.l7 === 'http';
    case 'dns':
      return r.l7 === 'dns';
    case 'kafka':
      return r.l7 === 'kafka';
    case 'icmp':
      return r.l4 === 'ICMPv4' || r.l4 === 'ICMPv6';
    default:
      return r.l4.toLowerCase() === p;
  }
}

function statusMatches(code: number, s: string): boolean {
  if (code === 0) {
    return false;
  }
  return s.endsWith('+') ? String(code).startsWith(s.slice(0, -1)) : String(code) === s;
}

/** True when the flow passes every filter of `q` and lies in [since, until]. */
export function matches(r: FlowRecord, q: FlowQuery): boolean {
  if (q.since && compareTime(r.time, q.since) < 0) {
    return false;
  }
  if (q.until && compareTime(r.time, q.until) > 0) {
    return false;
  }
  if (q.verdict && !q.verdict.includes(r.verdict)) {
    return false;
  }
  if (q.trafficDirection && !q.trafficDirection.includes(r.direction)) {
    return false;
  }
  if (q.protocol && !q.protocol.some((p) => protocolMatches(r, p))) {
    return false;
  }
  if (q.httpStatus && !(r.l7 === 'http' && q.httpStatus.some((s) => statusMatches(r.httpCode, s)))) {
    return false;
  }
  if (q.dnsQuery && !(r.l7 === 'dns' && q.dnsQuery.test(r.dnsQuery))) {
    return false;
  }
  if (q.namespace !== undefined || q.pod || q.workload) {
    if (!endpointMatches(r.src, q) && !endpointMatches(r.dst, q)) {
      return false;
    }
  }
  return true;
}

/** A flow.FlowFilter as a plain object for protobufjs `fromObject` (enums by number). */
export type RelayFlowFilter = Record<string, unknown>;

/** Relay FlowFilters for a query, and the parameters Relay cannot evaluate exactly. */
export type RelayFilters = {
  /** OR-ed filters (empty: every flow). Relay returns a superset of the flows `matches` accepts. */
  whitelist: RelayFlowFilter[];
  /**
   * Parameters Relay cannot evaluate exactly (the gateway applies every filter again to what Relay
   * returns). Empty: Relay's answer is exactly the query's flows, so `number` can be the limit.
   */
  appliedAfter: string[];
};

/**
 * Regular expressions that mean the same to JavaScript and to Go's RE2 (which Hubble uses for
 * `dns_query`): no lookaround, backreferences, named groups or escapes outside the common ones.
 */
const RE2_SAFE = /^(?:[A-Za-z0-9 .*+?^$|()[\]{},:_=!-]|\\[.\-dwsDWS*+?()[\]{}|^$\\/])*$/;

/** True when Relay (RE2) reads the pattern `source` as the gateway (JavaScript) does. */
export function re2Compatible(source: string): boolean {
  return RE2_SAFE.test(source) && !source.includes('(?');
}

/** The endpoint alternatives of one side: `pod` is `namespace/prefix`, `workload` a flow.Workload. */
type EndpointAlt = { pod: string; workload?: { name: string } };

/**
 * The Relay alternatives for the endpoint part of `q` (namespace, pod, workload: one endpoint must
 * satisfy all of them), or undefined when Relay cannot narrow it (no namespace known: a pod filter
 * without namespace means "default" to Hubble, so it is never sent).
 * - namespace and pod: `source_pod` "namespace/prefix", exact (Hubble's filterByNamespacedName).
 * - workload: either `workloads[]` holds the name (`source_workload` {name} AND `source_pod`
 *   "namespace/[pod prefix]"), or the name derived from the pod name is it, which implies the pod
 *   name starts with it (`source_pod` "namespace/<longer of workload name and pod prefix>"). A
 *   superset (e.g. `reviews-v10-...` starts with `reviews-v1`): applied again after.
 */
function endpointAlternatives(q: Omit<FlowQuery, 'limit'>): EndpointAlt[] | undefined {
  const namespaces = new Set([q.namespace, q.pod?.namespace, q.workload?.namespace].filter((n) => n !== undefined));
  if (namespaces.size !== 1) {
    return undefined;
  }
  const ns = [...namespaces][0]!;
  const prefix = q.pod?.prefix ?? '';
  if (!q.workload) {
    return [{ pod: `${ns}/${prefix}` }];
  }
  const name = q.workload.name;
  const alts: EndpointAlt[] = [{ pod: `${ns}/${prefix}`, workload: { name } }];
  if (name.startsWith(prefix) || prefix.startsWith(name)) {
    alts.push({ pod: `${ns}/${name.length >= prefix.length ? name : prefix}` });
  }
  return alts;
}

/**
 * Relay FlowFilters for `q` (see RelayFilters): verdict, traffic_direction, protocol,
 * http_status_code and dns_query (when RE2 reads it alike) go into every filter; the endpoint part
 * becomes `source_*` filters OR-ed with the same `destination_*` filters (source or destination, as
 * `hubble observe --namespace`). Facts: flow.FlowFilter of Cilium 1.19 and Hubble's filters
 * (pkg/hubble/filters): inside one filter every field must match, a list of filters matches when any does.
 */
export function toRelayFilters(q: Omit<FlowQuery, 'limit'>): RelayFilters {
  const base: RelayFlowFilter = {};
  const appliedAfter: string[] = [];
  if (q.verdict) {
    base.verdict = q.verdict;
  }
  if (q.trafficDirection) {
    base.traffic_direction = q.trafficDirection;
  }
  if (q.protocol) {
    base.protocol = q.protocol;
  }
  if (q.httpStatus) {
    base.http_status_code = q.httpStatus;
  }
  if (q.dnsQuery) {
    if (re2Compatible(q.dnsQuery.source)) {
      base.dns_query = [q.dnsQuery.source];
    } else {
      appliedAfter.push('dns_query');
    }
  }
  const endpointParams = [q.namespace !== undefined && 'namespace', q.pod && 'pod', q.workload && 'workload'].filter(
    (p): p is string => Boolean(p)
  );
  if (endpointParams.length === 0) {
    return { whitelist: Object.keys(base).length ? [base] : [], appliedAfter };
  }
  const alts = endpointAlternatives(q);
  if (!alts) {
    appliedAfter.push(...endpointParams);
    return { whitelist: Object.keys(base).length ? [base] : [], appliedAfter };
  }
  if (q.workload) {
    appliedAfter.push('workload');
  }
  const whitelist: RelayFlowFilter[] = [];
  for (const side of ['source', 'destination']) {
    for (const alt of alts) {
      const f: RelayFlowFilter = { ...base, [`${side}_pod`]: [alt.pod] };
      if (alt.workload) {
        f[`${side}_workload`] = [alt.workload];
      }
      whitelist.push(f);
    }
  }
  return { whitelist, appliedAfter };
}
