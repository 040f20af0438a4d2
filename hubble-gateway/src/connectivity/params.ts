/**
 * Parameters of `/api/v1/connectivity` (`from`, `to`, `since`, `until`) and
 * `/api/v1/policy-suggestion` (`workload`, `since`, `until`). Bad, unknown, repeated or missing
 * parameters are ParamErrors (HTTP 400 naming the parameter and what it accepts), as for the other
 * endpoints.
 */
import { z } from 'zod';
import { check, ParamError, timeSpec, type Spec } from '../params';
import type { Time } from '../time';
import { parseSubject, SUBJECT_ALLOWED, type Subject } from './subject';

/** Validated `/api/v1/connectivity` parameters. */
export type ConnectivityParams = { from: Subject; to: Subject; since?: Time; until?: Time };

/** Validated `/api/v1/policy-suggestion` parameters. */
export type SuggestionParams = { workload: Extract<Subject, { kind: 'workload' }>; since?: Time; until?: Time };

const subjectSpec: Spec<Subject> = {
  schema: z.string().transform((s, ctx) => {
    const r = parseSubject(s);
    if ('error' in r) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error });
      return z.NEVER;
    }
    return r;
  }),
  allowed: SUBJECT_ALLOWED,
};

const WORKLOAD_ALLOWED = 'namespace/workload, e.g. star-wars/deathstar';

const workloadSpec: Spec<Subject> = {
  schema: subjectSpec.schema.refine((s) => s.kind === 'workload', { message: 'not namespace/workload' }),
  allowed: WORKLOAD_ALLOWED,
};

function required(p: Record<string, unknown>, specs: Record<string, Spec<unknown>>, names: string[]): void {
  for (const name of names) {
    if (p[name] === undefined) {
      throw new ParamError(name, `missing parameter ${JSON.stringify(name)}`, specs[name].allowed);
    }
  }
}

/** Validates `/api/v1/connectivity` parameters. Throws ParamError. */
export function parseConnectivityQuery(query: Record<string, unknown>, nowMs = Date.now()): ConnectivityParams {
  const specs: Record<string, Spec<unknown>> = {
    from: subjectSpec,
    to: subjectSpec,
    since: timeSpec('since'),
    until: timeSpec('until'),
  };
  const p = check(specs, query, nowMs);
  required(p, specs, ['from', 'to']);
  return p as ConnectivityParams;
}

/** Validates `/api/v1/policy-suggestion` parameters. Throws ParamError. */
export function parseSuggestionQuery(query: Record<string, unknown>, nowMs = Date.now()): SuggestionParams {
  const specs: Record<string, Spec<unknown>> = {
    workload: workloadSpec,
    since: timeSpec('since'),
    until: timeSpec('until'),
  };
  const p = check(specs, query, nowMs);
  required(p, specs, ['workload']);
  return p as SuggestionParams;
}
