/**
 * Validation of query parameters. Every endpoint declares its parameters; anything else, a repeated
 * parameter or a value that does not parse is a `ParamError`, answered as HTTP 400
 * `{ "error": "...", "parameter": "...", "allowed": "..." }`: the error says what is wrong with the
 * value as received, `allowed` what the parameter accepts.
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
const POD_PREFIX = /^[a-z0-9][-a-z0-9.]*$/;
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
const PROTOCOLS = ['tcp', 'udp', 'sctp', 'icmp', 'icmpv4', 'icmpv6', 'http', 'dns', 'kafka'];
export const MAX_LIMIT = 10_000;
const MAX_DNS_QUERY = 256;

/** One parameter: its zod schema and the text of what it accepts (for 400 answers). */
export type Spec<T> = { schema: z.ZodType<T, z.ZodTypeDef, unknown>; allowed: string };

const show = (s: string) => JSON.stringify(s);

/** "+" arrives as a space when a URL does not encode it; say so when a space is in the value. */
function plusHint(value: string): string {
  return value.includes(' ') ? ' (a "+" in a URL means a space: encode "+" as %2B, e.g. http_status=5%2B)' : '';
}

/** A refinement that rejects the empty value with a message saying how to leave the filter out. */
const nonEmpty = (name: string) =>
  z.string().superRefine((s, ctx) => {
    if (s === '') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `empty value: give a value or leave "${name}" out of the query`,
        fatal: true,
      });
    }
  });

/** A comma-separated list whose items `item` maps to values (undefined = invalid item). */
const list = <T>(name: string, what: string, item: (v: string) => T | undefined) =>
  nonEmpty(name).transform((s, ctx) => {
    const out: T[] = [];
    for (const raw of s.split(',')) {
      const part = raw.trim();
      if (part === '') {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `empty item in the list ${show(s)}` });
        return z.NEVER;
      }
      const v = item(part);
      if (v === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a ${what}: ${show(raw)}${plusHint(raw)}` });
        return z.NEVER;
      }
      out.push(v);
    }
    return out;
  });

const nameParam = (name: string) =>
  nonEmpty(name).refine((s) => NAME.test(s), {
    message:
      'not a Kubernetes name (lower-case letters, digits, "-" and ".", starting and ending with a letter or digit)',
  });

const qualified = (name: string, allowedName: RegExp, what: string) =>
  nonEmpty(name).transform((s, ctx) => {
    const i = s.indexOf('/');
    const ns = i >= 0 ? s.slice(0, i) : undefined;
    const rest = i >= 0 ? s.slice(i + 1) : s;
    if (ns !== undefined && !NAME.test(ns)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a namespace name before "/": ${show(ns)}` });
      return z.NEVER;
    }
    if (!allowedName.test(rest)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a ${what}: ${show(rest)}` });
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

/** "Now" for durations in the parameters being checked (checking is synchronous). */
let checkingAt = 0;

/** `since` / `until` (named `name`): RFC 3339 or a duration before the `nowMs` given to `check`. */
export const timeSpec = (name: string): Spec<Time> => ({
  schema: nonEmpty(name).transform((s, ctx) => {
    const t = parseTimeParam(s, checkingAt);
    if (!t) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not a time or duration: ${show(s)}${plusHint(s)}` });
      return z.NEVER;
    }
    return t;
  }),
  allowed:
    'RFC 3339 time (2024-05-01T10:00:00Z, 2024-05-01T12:00:00%2B02:00 with "+" encoded) or a duration before now (30s, 15m, 1h30m, 2d)',
});

/** Every flow parameter; built once (building zod schemas per request cost ~70 µs). */
const FLOW_SPECS: Record<string, Spec<unknown>> = flowSpecs();
const MAP_SPECS: Record<string, Spec<unknown>> = {
  namespace: FLOW_SPECS.namespace,
  since: FLOW_SPECS.since,
  until: FLOW_SPECS.until,
};

function flowSpecs(): Record<string, Spec<unknown>> {
  return {
    namespace: { schema: nameParam('namespace'), allowed: 'a Kubernetes namespace name, e.g. kube-system' },
    pod: {
      schema: qualified('pod', POD_PREFIX, 'pod name prefix'),
      allowed: '[namespace/]pod-name-prefix, e.g. kube-system/coredns-',
    },
    workload: {
      schema: qualified('workload', NAME, 'workload name'),
      allowed: '[namespace/]workload-name, e.g. bookinfo/reviews-v1',
    },
    verdict: {
      schema: list('verdict', 'verdict', (v) => VERDICTS[v.toUpperCase()]),
      allowed: `comma-separated list of ${Object.keys(VERDICTS).join(', ')} (any case)`,
    },
    protocol: {
      schema: list('protocol', 'protocol', (v) => (PROTOCOLS.includes(v.toLowerCase()) ? v.toLowerCase() : undefined)),
      allowed: `comma-separated list of ${PROTOCOLS.join(', ')}`,
    },
    http_status: {
      schema: list('http_status', 'status code or prefix', (v) => (/^(\d{3}|\d{1,2}\+)$/.test(v) ? v : undefined)),
      allowed: 'comma-separated HTTP status codes or prefixes as Hubble: 404, 5+, 40+ (encode "+" as %2B: 5%2B)',
    },
    dns_query: {
      schema: nonEmpty('dns_query')
        .refine((s) => s.length <= MAX_DNS_QUERY, { message: `longer than ${MAX_DNS_QUERY} characters` })
        .transform((s, ctx) => {
          try {
            return new RegExp(s);
          } catch (err) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              message: `not a regular expression: ${(err as Error).message}`,
            });
            return z.NEVER;
          }
        }),
      allowed: `a regular expression over the DNS query name, at most ${MAX_DNS_QUERY} characters (e.g. "kube.*local")`,
    },
    traffic_direction: {
      schema: list('traffic_direction', 'direction', (v) => DIRECTIONS[v.toUpperCase()]),
      allowed: 'ingress or egress (any case)',
    },
    since: timeSpec('since'),
    until: timeSpec('until'),
    limit: {
      schema: nonEmpty('limit')
        .refine((s) => /^-?\d+$/.test(s), { message: 'not a whole number' })
        .transform(Number)
        .pipe(z.number().int().min(1, 'must be at least 1').max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)),
      allowed: `an integer from 1 to ${MAX_LIMIT} (default 100)`,
    },
  };
}

/** Edit distance of two short strings (for "did you mean"). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function unknownParameter(key: string, known: string[]): ParamError {
  const close = known.find((k) => distance(key.toLowerCase(), k) <= 2);
  return new ParamError(
    key,
    `unknown parameter ${show(key)}${close ? ` (did you mean "${close}"?)` : ''}`,
    known.length ? `one of: ${known.join(', ')}` : 'no parameters'
  );
}

/**
 * Validates `query` against `specs`, durations counted back from `nowMs`: unknown, repeated and
 * unparsable parameters, and since > until, are ParamErrors. Returns the parsed values by name.
 */
export function check(
  specs: Record<string, Spec<unknown>>,
  query: Record<string, unknown>,
  nowMs: number
): Record<string, unknown> {
  checkingAt = nowMs;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    const spec = Object.hasOwn(specs, key) ? specs[key] : undefined;
    if (!spec) {
      throw unknownParameter(key, Object.keys(specs));
    }
    if (typeof value !== 'string') {
      throw new ParamError(key, `parameter ${show(key)} given more than once`, `${spec.allowed}; give it once`);
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
  const p = check(FLOW_SPECS, query, nowMs) as Record<string, any>;
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
  return check(MAP_SPECS, query, nowMs) as MapParams;
}

/** Validates that an endpoint without parameters got none. Throws ParamError. */
export function parseNoParams(query: Record<string, unknown>): void {
  check({}, query, 0);
}
