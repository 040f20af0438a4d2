/**
 * Validation of query parameters. Every endpoint declares its parameters; anything else, a repeated
 * parameter or a value that does not parse is a `ParamError`, answered as HTTP 400
 * `{ "error": "...", "parameter": "...", "allowed": "..." }`.
 */
import { z } from 'zod';
import type { FlowQuery } from './filters';
import { parseDurationMs, parseTime, timeFromMs, type Time, compareTime } from './time';

/** A rejected parameter: which one and what it accepts. */
export class ParamError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
    readonly allowed: string
  ) {
    super(message);
  }
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/; // Kubernetes object names (DNS-1123)
const VERDICTS: Record<string, number> = {
  FORWARDED: 1,
  DROPPED: 2,
  ERROR: 3,
  AUDIT: 4,
  REDIRECTED: 5,
  TRACED: 6,
  TRANSLATED: 7,
};
const DIRECTIONS: Record<string, number> = { INGRESS: 1, EGRESS: 2 };
const PROTOCOLS = ['tcp', 'udp', 'sctp', 'icmp', 'icmpv4', 'icmpv6', 'http', 'dns'];
export const MAX_LIMIT = 10_000;

/** One parameter: its zod schema and the text of what it accepts (for 400 answers). */
export type Spec<T> = { schema: z.ZodType<T, z.ZodTypeDef, unknown>; allowed: string };

const list = <T>(item: (v: string) => T | undefined) =>
  z.string().transform((s, ctx) => {
    const out: T[] = [];
    for (const part of s.split(',')) {
      const v = item(part.trim());
      if (v === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid value ${JSON.stringify(part)}` });
        return z.NEVER;
      }
      out.push(v);
    }
    return out;
  });

const nameParam = z.string().regex(NAME);
const qualified = (allowedName: RegExp) =>
  z.string().transform((s, ctx) => {
    const i = s.indexOf('/');
    const ns = i >= 0 ? s.slice(0, i) : undefined;
    const rest = i >= 0 ? s.slice(i + 1) : s;
    if ((ns !== undefined && !NAME.test(ns)) || !allowedName.test(rest)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid value ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return { namespace: ns, rest };
  });

/** `since`/`until`: RFC 3339, or a duration meaning "that long before now". */
export function parseTimeParam(text: string, nowMs: number): Time | undefined {
  const t = parseTime(text);
  if (t) {
    return t;
  }
  const d = parseDurationMs(text);
  return d === undefined ? undefined : timeFromMs(nowMs - d);
}

/** `since` / `until`: RFC 3339 or a duration before `nowMs`. */
export const timeSpec = (nowMs: number): Spec<Time> => ({
  schema: z.string().transform((s, ctx) => {
    const t = parseTimeParam(s, nowMs);
    if (!t) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a time: ${JSON.stringify(s)}` });
      return z.NEVER;
    }
    return t;
  }),
  allowed: 'RFC 3339 time (2024-05-01T10:00:00Z) or a duration before now (30s, 15m, 1h30m, 2d)',
});

function flowSpecs(nowMs: number): Record<string, Spec<unknown>> {
  return {
    namespace: { schema: nameParam, allowed: 'a Kubernetes namespace name' },
    pod: { schema: qualified(/^[a-z0-9][-a-z0-9.]*$/), allowed: '[namespace/]pod-name-prefix' },
    workload: { schema: qualified(NAME), allowed: '[namespace/]workload-name' },
    verdict: {
      schema: list((v) => VERDICTS[v.toUpperCase()]),
      allowed: `comma-separated list of ${Object.keys(VERDICTS).join(', ')}`,
    },
    protocol: {
      schema: list((v) => (PROTOCOLS.includes(v.toLowerCase()) ? v.toLowerCase() : undefined)),
      allowed: `comma-separated list of ${PROTOCOLS.join(', ')}`,
    },
    http_status: {
      schema: list((v) => (/^(\d{3}|\d{1,2}\+)$/.test(v) ? v : undefined)),
      allowed: 'comma-separated HTTP status codes or prefixes as Hubble: 404, 5+, 40+',
    },
    dns_query: {
      schema: z
        .string()
        .max(256)
        .transform((s, ctx) => {
          try {
            return new RegExp(s);
          } catch {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not a regular expression' });
            return z.NEVER;
          }
        }),
      allowed: 'a regular expression over the DNS query name, at most 256 characters (e.g. "kube.*local")',
    },
    traffic_direction: { schema: list((v) => DIRECTIONS[v.toUpperCase()]), allowed: 'ingress or egress' },
    since: timeSpec(nowMs),
    until: timeSpec(nowMs),
    limit: {
      schema: z
        .string()
        .regex(/^\d+$/, 'not a whole number')
        .transform(Number)
        .pipe(z.number().int().min(1, 'must be at least 1').max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)),
      allowed: `an integer from 1 to ${MAX_LIMIT} (default 100)`,
    },
  };
}

/**
 * Validates `query` against `specs`: unknown, repeated and unparsable parameters, and since > until,
 * are ParamErrors. Returns the parsed values by parameter name.
 */
export function check(specs: Record<string, Spec<unknown>>, query: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const spec = specs[key];
    if (!spec) {
      throw new ParamError(
        key,
        `unknown parameter ${JSON.stringify(key)}`,
        `one of: ${Object.keys(specs).join(', ') || '(no parameters)'}`
      );
    }
    if (typeof value !== 'string') {
      throw new ParamError(
        key,
        `parameter ${JSON.stringify(key)} given more than once`,
        `${spec.allowed}; give it once`
      );
    }
    const r = spec.schema.safeParse(value);
    if (!r.success) {
      throw new ParamError(key, `invalid ${key}: ${r.error.issues[0]?.message ?? 'bad value'}`, spec.allowed);
    }
    out[key] = r.data;
  }
  if (out.since && out.until && compareTime(out.since as Time, out.until as Time) > 0) {
    throw new ParamError('since', 'since is after until', 'a time before until');
  }
  return out;
}

/** Validates `/api/v1/flows` parameters. Throws ParamError. */
export function parseFlowQuery(query: Record<string, unknown>, nowMs = Date.now()): FlowQuery {
  const p = check(flowSpecs(nowMs), query) as Record<string, any>;
  return {
    namespace: p.namespace,
    pod: p.pod && { namespace: p.pod.namespace, prefix: p.pod.rest },
    workload: p.workload && { namespace: p.workload.namespace, name: p.workload.rest },
    verdict: p.verdict,
    protocol: p.protocol,
    httpStatus: p.http_status,
    dnsQuery: p.dns_query,
    trafficDirection: p.traffic_direction,
    since: p.since,
    until: p.until,
    limit: p.limit ?? 100,
  };
}

/** Validated `/api/v1/service-map` parameters. */
export type MapParams = { namespace?: string; since?: Time; until?: Time };

/** Validates `/api/v1/service-map` parameters. Throws ParamError. */
export function parseMapQuery(query: Record<string, unknown>, nowMs = Date.now()): MapParams {
  const all = flowSpecs(nowMs);
  return check({ namespace: all.namespace, since: all.since, until: all.until }, query) as MapParams;
}

/** Validates that an endpoint without parameters got none. Throws ParamError. */
export function parseNoParams(query: Record<string, unknown>): void {
  check({}, query);
}
