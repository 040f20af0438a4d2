/**
 * `GET /api/v1/connectivity` and `GET /api/v1/policy-suggestion`: read the flows touching the
 * sides asked about (from the buffer; from Relay with the same filters when the range starts before
 * the buffer, and always in query mode), convert them to the `/api/v1/flows` JSON shape, and hand them to the pure analysis.
 * Shapes: README.md "HTTP API".
 */
import type { FastifyInstance } from 'fastify';
import type { FlowQuery } from '../filters';
import type { EndpointSummary, FlowRecord } from '../flowRecord';
import { MAX_LIMIT } from '../params';
import type { FlowStore } from '../flowStore';
import { planRelayRequest } from '../relayRead';
import { olderThanBuffer, type RouteDeps } from '../routes';
import { formatTime, type Time } from '../time';
import { analyzeConnectivity } from './analyze';
import { suggestBaseline } from './baseline';
import type { FlowJson } from './flowJson';
import { parseConnectivityQuery, parseSuggestionQuery } from './params';
import type { Subject } from './subject';

/** The flow queries that together return every flow touching one of `subjects` (at most MAX_LIMIT each). */
export function queriesFor(subjects: Subject[], since?: Time, until?: Time): FlowQuery[] {
  const base = { since, until, limit: MAX_LIMIT };
  const out: FlowQuery[] = [];
  for (const s of subjects) {
    if (s.kind === 'workload') {
      out.push({ ...base, workload: { namespace: s.namespace, name: s.name } });
      out.push({ ...base, pod: { namespace: s.namespace, prefix: s.name } });
    }
  }
  // Neither side is in the cluster's pods: the newest flows of the range, filtered by the analysis.
  return out.length ? out : [base];
}

/** True when a buffered endpoint is workload or pod `s`. */
function isSubject(ep: EndpointSummary, s: Extract<Subject, { kind: 'workload' }>): boolean {
  return ep.namespace === s.namespace && (ep.pod === s.name || ep.workloads.includes(s.name));
}

const POLICY_VERDICT = 5; // monitor message type of policy verdict events (event_type.type)
const ALLOWED = new Set([1, 4, 5]); // FORWARDED, AUDIT, REDIRECTED

/**
 * The records the connectivity analysis can use, when both sides are workloads: flows between
 * them, DNS flows of `from`, and policy verdicts (which name the policies selecting an endpoint).
 * Converting only these to JSON keeps the answer fast on busy workloads.
 */
function pairRelevant(from: Subject, to: Subject): ((r: FlowRecord) => boolean) | undefined {
  if (from.kind !== 'workload' || to.kind !== 'workload') {
    return undefined;
  }
  return (r) =>
    (isSubject(r.src, from) && isSubject(r.dst, to)) ||
    (isSubject(r.src, to) && isSubject(r.dst, from)) ||
    (r.l7 === 'dns' && (isSubject(r.src, from) || isSubject(r.dst, from))) ||
    r.eventType === POLICY_VERDICT;
}

/** Allowed requests of a workload: what a baseline policy is made of. */
const allowedRequest = (r: FlowRecord) => ALLOWED.has(r.verdict) && r.isReply !== 1;

/** Flows read: as JSON those passing `keep` (all without it), and how many touched each query. */
type Read = { flows: FlowJson[]; perQuery: number[] };

/** Reads the flows of `queries` (buffer, else Relay; Relay alone in query mode), each once, as `/api/v1/flows` JSON. */
async function readFlows(deps: RouteDeps, queries: FlowQuery[], keep?: (r: FlowRecord) => boolean): Promise<Read> {
  const seen = new Set<string>(); // a flow's JSON text identifies it (same bytes, same text)
  const flows: FlowJson[] = [];
  const perQuery: number[] = [];
  const queryMode = deps.mode.current === 'query';
  for (const q of queries) {
    let source: FlowStore = deps.store;
    let refs = queryMode ? [] : source.select(q);
    if (queryMode || (refs.length < q.limit && olderThanBuffer(deps.store, q.since))) {
      source = await deps.reader.read(planRelayRequest(q, MAX_LIMIT).request);
      refs = source.select(q);
    }
    perQuery.push(refs.length);
    for (const ref of refs) {
      const text = source.json(ref);
      if (text === undefined || seen.has(text)) {
        continue;
      }
      seen.add(text);
      if (!keep || keep(source.record(ref)!)) {
        flows.push(JSON.parse(text) as FlowJson);
      }
    }
  }
  return { flows, perQuery };
}

const rfc = (t: Time | undefined) => (t ? formatTime(t) : null);

/** Registers the two routes on `app`. */
export function registerConnectivityRoutes(app: FastifyInstance, deps: RouteDeps): void {
  app.get('/api/v1/connectivity', async (req) => {
    const p = parseConnectivityQuery(req.query as Record<string, unknown>);
    const keep = pairRelevant(p.from, p.to);
    const read = await readFlows(deps, queriesFor([p.from, p.to], p.since, p.until), keep);
    // With both sides workloads, queries are [from workload, from pod, to workload, to pod].
    const seen = keep && {
      from: Math.max(read.perQuery[0], read.perQuery[1]),
      to: Math.max(read.perQuery[2], read.perQuery[3]),
    };
    return analyzeConnectivity(read.flows, p.from, p.to, { since: rfc(p.since), until: rfc(p.until) }, seen);
  });

  app.get('/api/v1/policy-suggestion', async (req) => {
    const p = parseSuggestionQuery(req.query as Record<string, unknown>);
    const read = await readFlows(deps, queriesFor([p.workload], p.since, p.until), allowedRequest);
    return suggestBaseline(read.flows, p.workload, { since: rfc(p.since), until: rfc(p.until) });
  });
}
