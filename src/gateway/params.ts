import { SUBJECT_ALLOWED, WORKLOAD_ALLOWED, parseSubject } from './subject';

/**
 * Query parameters of the gateway's `GET /api/v1/flows`, `GET /api/v1/service-map`,
 * `GET /api/v1/connectivity` and `GET /api/v1/policy-suggestion`, validated with the same rules the
 * gateway applies (hubble-gateway/src/params.ts, src/connectivity/params.ts), so the app never sends
 * a request the gateway answers with HTTP 400: an invalid or empty value is left out and reported.
 */

/** Flow verdicts the gateway accepts (flow.Verdict names). */
export const VERDICTS = ['FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED'] as const;
/** Protocols the gateway accepts: L4 names, `icmp` for both ICMP versions, L7 `http` and `dns`. */
export const PROTOCOLS = ['tcp', 'udp', 'sctp', 'icmp', 'icmpv4', 'icmpv6', 'http', 'dns'] as const;
/** Traffic directions the gateway accepts. */
export const DIRECTIONS = ['ingress', 'egress'] as const;
/** Largest `limit` the gateway serves; it answers 100 flows without one. */
export const MAX_LIMIT = 10000;
export const DEFAULT_LIMIT = 100;

export type Verdict = (typeof VERDICTS)[number];
export type Protocol = (typeof PROTOCOLS)[number];
export type Direction = (typeof DIRECTIONS)[number];

/** Parameters of `GET /api/v1/flows`, as the app holds them. Every field is optional. */
export interface FlowQuery {
  /** Flows with either side in this namespace. */
  namespace?: string;
  /** `[namespace/]pod-name-prefix`: flows with either side such a pod. */
  pod?: string;
  /** `[namespace/]workload-name`: flows with either side a pod of this workload. */
  workload?: string;
  verdict?: Verdict[];
  protocol?: Protocol[];
  /** HTTP status codes or prefixes as Hubble takes them: `404`, `5+`, `40+`. */
  httpStatus?: string[];
  /** Regular expression over the DNS query name (at most 256 characters). */
  dnsQuery?: string;
  trafficDirection?: Direction[];
  /** Start of the range: a Date, an RFC 3339 time or a duration before now (`15m`). */
  since?: Date | string;
  /** End of the range, same forms as `since`. */
  until?: Date | string;
  /** Number of flows, 1..10000 (gateway default 100). */
  limit?: number;
}

/** Parameters of `GET /api/v1/service-map`. */
export interface ServiceMapQuery {
  /** Edges with either end in this namespace. */
  namespace?: string;
  since?: Date | string;
  until?: Date | string;
}

/** Parameters of `GET /api/v1/connectivity`: `from` and `to` are required (see subject.ts for their forms). */
export interface ConnectivityQuery {
  from?: string;
  to?: string;
  since?: Date | string;
  until?: Date | string;
}

/** Parameters of `GET /api/v1/policy-suggestion`: `workload` (`namespace/name`) is required. */
export interface PolicySuggestionQuery {
  workload?: string;
  since?: Date | string;
  until?: Date | string;
}

/** A value the builder left out because the gateway would reject it. */
export interface ParamProblem {
  /** The API parameter name (`http_status`, `since`, ...). */
  parameter: string;
  /** The value as given ("" for a required parameter that is missing). */
  value: string;
  /** What the gateway accepts, in its words. */
  allowed: string;
  /** Why the value was refused, when more can be said than "not allowed" (a missing value, a bare name). */
  reason?: string;
}

/** Query string parameters ready for `getBackendSrv().fetch({ params })`, plus what was left out. */
export interface BuiltParams {
  params: Record<string, string>;
  problems: ParamProblem[];
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const POD_PREFIX = /^[a-z0-9][-a-z0-9.]*$/;
const HTTP_STATUS = /^(\d{3}|\d{1,2}\+)$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d))+$/;

function qualified(value: string, name: RegExp): boolean {
  const i = value.indexOf('/');
  const ns = i >= 0 ? value.slice(0, i) : undefined;
  const rest = i >= 0 ? value.slice(i + 1) : value;
  return (ns === undefined || NAME.test(ns)) && name.test(rest);
}

function isRegExp(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

/** Rules of every flow parameter: what the gateway allows, and the check. */
export const PARAM_RULES: Record<string, { allowed: string; valid: (value: string) => boolean }> = {
  namespace: { allowed: 'a Kubernetes namespace name', valid: (v) => NAME.test(v) },
  pod: { allowed: '[namespace/]pod-name-prefix', valid: (v) => qualified(v, POD_PREFIX) },
  workload: { allowed: '[namespace/]workload-name', valid: (v) => qualified(v, NAME) },
  verdict: { allowed: `one of ${VERDICTS.join(', ')}`, valid: (v) => (VERDICTS as readonly string[]).includes(v) },
  protocol: { allowed: `one of ${PROTOCOLS.join(', ')}`, valid: (v) => (PROTOCOLS as readonly string[]).includes(v) },
  http_status: { allowed: 'HTTP status codes or prefixes as Hubble: 404, 5+, 40+', valid: (v) => HTTP_STATUS.test(v) },
  dns_query: {
    allowed: 'a regular expression over the DNS query name, at most 256 characters',
    valid: (v) => v.length <= 256 && isRegExp(v),
  },
  traffic_direction: { allowed: 'ingress or egress', valid: (v) => (DIRECTIONS as readonly string[]).includes(v) },
  since: { allowed: 'RFC 3339 time or a duration before now (30s, 15m, 1h30m, 2d)', valid: (v) => isTime(v) },
  until: { allowed: 'RFC 3339 time or a duration before now (30s, 15m, 1h30m, 2d)', valid: (v) => isTime(v) },
  limit: {
    allowed: `an integer from 1 to ${MAX_LIMIT}`,
    valid: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_LIMIT,
  },
};

function isTime(value: string): boolean {
  return (
    (RFC3339.test(value) && !Number.isNaN(Date.parse(value.replace(/(\.\d{3})\d+/, '$1')))) || DURATION.test(value)
  );
}

/** True when `value` is a valid value of the API parameter `parameter` (one item for list parameters). */
export function isValidParam(parameter: string, value: string): boolean {
  return PARAM_RULES[parameter]?.valid(value) ?? false;
}

function timeText(t: Date | string | undefined): string | undefined {
  if (t === undefined) {
    return undefined;
  }
  return t instanceof Date ? t.toISOString() : t.trim();
}

function absoluteMs(t: string): number | undefined {
  return RFC3339.test(t) ? Date.parse(t.replace(/(\.\d{3})\d+/, '$1')) : undefined;
}

class Builder {
  readonly params: Record<string, string> = {};
  readonly problems: ParamProblem[] = [];

  single(parameter: string, value: string | undefined): void {
    const v = value?.trim();
    if (!v) {
      return;
    }
    if (isValidParam(parameter, v)) {
      this.params[parameter] = v;
    } else {
      this.problems.push({ parameter, value: v, allowed: PARAM_RULES[parameter].allowed });
    }
  }

  list(parameter: string, values: readonly string[] | undefined): void {
    const items = (values ?? []).map((v) => v.trim()).filter(Boolean);
    const ok = [...new Set(items.filter((v) => isValidParam(parameter, v)))];
    for (const bad of items.filter((v) => !isValidParam(parameter, v))) {
      this.problems.push({ parameter, value: bad, allowed: PARAM_RULES[parameter].allowed });
    }
    if (ok.length) {
      this.params[parameter] = ok.join(',');
    }
  }

  /** A required value checked by `check` (which returns why it is refused, or undefined). */
  required(parameter: string, value: string | undefined, allowed: string, check: (v: string) => string | undefined) {
    const v = value?.trim();
    const reason = v ? check(v) : `missing parameter "${parameter}"`;
    if (reason) {
      this.problems.push({ parameter, value: v ?? '', allowed, reason });
    } else {
      this.params[parameter] = v!;
    }
  }

  range(since: Date | string | undefined, until: Date | string | undefined): void {
    this.single('since', timeText(since));
    this.single('until', timeText(until));
    const s = this.params.since && absoluteMs(this.params.since);
    const u = this.params.until && absoluteMs(this.params.until);
    if (typeof s === 'number' && typeof u === 'number' && s > u) {
      this.problems.push({ parameter: 'since', value: this.params.since, allowed: 'a time before until' });
      delete this.params.since;
    }
  }
}

/** Builds the query string of `GET /api/v1/flows`: valid values only, lists comma-joined. */
export function flowQueryParams(q: FlowQuery): BuiltParams {
  const b = new Builder();
  b.single('namespace', q.namespace);
  b.single('pod', q.pod);
  b.single('workload', q.workload);
  b.list('verdict', q.verdict);
  b.list('protocol', q.protocol);
  b.list('http_status', q.httpStatus);
  b.single('dns_query', q.dnsQuery);
  b.list('traffic_direction', q.trafficDirection);
  b.range(q.since, q.until);
  b.single('limit', q.limit === undefined ? undefined : String(q.limit));
  return { params: b.params, problems: b.problems };
}

/** Builds the query string of `GET /api/v1/service-map` (namespace, since, until). */
export function serviceMapQueryParams(q: ServiceMapQuery): BuiltParams {
  const b = new Builder();
  b.single('namespace', q.namespace);
  b.range(q.since, q.until);
  return { params: b.params, problems: b.problems };
}

function subjectError(value: string): string | undefined {
  const parsed = parseSubject(value);
  return 'error' in parsed ? parsed.error : undefined;
}

/** Builds the query string of `GET /api/v1/connectivity`; a missing or invalid `from` / `to` is a problem. */
export function connectivityQueryParams(q: ConnectivityQuery): BuiltParams {
  const b = new Builder();
  b.required('from', q.from, SUBJECT_ALLOWED, subjectError);
  b.required('to', q.to, SUBJECT_ALLOWED, subjectError);
  b.range(q.since, q.until);
  return { params: b.params, problems: b.problems };
}

/** Builds the query string of `GET /api/v1/policy-suggestion`; `workload` must be `namespace/name`. */
export function policySuggestionQueryParams(q: PolicySuggestionQuery): BuiltParams {
  const b = new Builder();
  b.required('workload', q.workload, WORKLOAD_ALLOWED, (v) => {
    const parsed = parseSubject(v);
    if ('error' in parsed) {
      return parsed.error;
    }
    return parsed.kind === 'workload' ? undefined : `not namespace/workload: ${JSON.stringify(v)}`;
  });
  b.range(q.since, q.until);
  return { params: b.params, problems: b.problems };
}
