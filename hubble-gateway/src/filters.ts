/**
 * Flow filters of `GET /api/v1/flows`: matching a buffered flow, and the Relay FlowFilters that ask
 * Hubble Relay for (a superset of) the same flows when the range is older than the buffer.
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

/**
 * Relay whitelist for `q`: flows it returns are a superset of the flows `matches` accepts (the
 * gateway filters them again). Workload names derived from pod names have no Relay equivalent, so a
 * workload narrows only by its namespace on the Relay side.
 */
export function toRelayWhitelist(q: Omit<FlowQuery, 'limit'>): RelayFlowFilter[] {
  const base: RelayFlowFilter = {};
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
    base.dns_query = [q.dnsQuery.source];
  }
  let podPattern: string | undefined;
  const ns = q.pod?.namespace ?? q.workload?.namespace ?? q.namespace;
  if (q.pod && ns !== undefined) {
    podPattern = `${ns}/${q.pod.prefix}`;
  } else if (ns !== undefined) {
    podPattern = `${ns}/`;
  }
  if (podPattern === undefined) {
    return Object.keys(base).length ? [base] : [];
  }
  return [
    { ...base, source_pod: [podPattern] },
    { ...base, destination_pod: [podPattern] },
  ];
}
