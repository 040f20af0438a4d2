/**
 * flow.FlowFilter evaluation over flows in `hubble observe -o json` shape, as Hubble does it:
 * inside one filter every set field must match (AND), a list of filters matches when any of its
 * filters does (OR); a flow passes GetFlows when the whitelist is empty or matches and the
 * blacklist does not match.
 *
 * Supported fields (each a list; the flow matches a field when it matches any entry):
 * source_/destination_ pod ("namespace/pod-prefix", "namespace/" for a whole namespace), ip (address
 * or IPv4 CIDR), label (selectors `key=value`, `key!=value`, `key`, `!key`, comma = AND; a key
 * without source prefix matches any source, as `app=x` matches `k8s:app=x`), workload ({name, kind},
 * empty parts match anything), verdict, protocol (tcp, udp, sctp, icmp, icmpv4, icmpv6, http, dns),
 * http_status_code ("404", "5+"), dns_query (regular expressions), traffic_direction, event_type,
 * uuid, node_name (exact). Any other field set in a request is rejected with UNIMPLEMENTED rather
 * than ignored (see `unsupportedFields`).
 * Facts: flow.FlowFilter of Cilium 1.19 (shared/reference/cilium-hubble.md).
 */
import type { FlowJson } from '../flows/types';

/** A decoded flow.FlowFilter (proto-loader object: enums as names, lists default to []). */
export type FlowFilter = Record<string, unknown>;

type Ep = {
  namespace?: string;
  pod_name?: string;
  labels?: string[];
  workloads?: Array<{ name?: string; kind?: string }>;
};

const SUPPORTED = new Set([
  'source_pod',
  'destination_pod',
  'source_ip',
  'destination_ip',
  'source_label',
  'destination_label',
  'source_workload',
  'destination_workload',
  'verdict',
  'protocol',
  'http_status_code',
  'dns_query',
  'traffic_direction',
  'event_type',
  'uuid',
  'node_name',
]);

/** Names of fields set in `filters` that this Relay does not evaluate (empty when all are supported). */
export function unsupportedFields(filters: FlowFilter[]): string[] {
  const out = new Set<string>();
  for (const f of filters) {
    for (const [k, v] of Object.entries(f)) {
      if (SUPPORTED.has(k)) {
        continue;
      }
      if (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null && v !== false && v !== 0 && v !== '') {
        out.add(k);
      }
    }
  }
  return [...out];
}

function podMatches(ep: Ep | undefined, pattern: string): boolean {
  const i = pattern.indexOf('/');
  const ns = i >= 0 ? pattern.slice(0, i) : undefined;
  const prefix = i >= 0 ? pattern.slice(i + 1) : pattern;
  if (ns !== undefined && (ep?.namespace ?? '') !== ns) {
    return false;
  }
  if (prefix === '') {
    return ns !== undefined;
  }
  return (ep?.pod_name ?? '').startsWith(prefix);
}

function ipv4ToInt(ip: string): number | undefined {
  const p = ip.split('.');
  if (p.length !== 4) {
    return undefined;
  }
  let n = 0;
  for (const x of p) {
    const v = Number(x);
    if (!/^\d+$/.test(x) || v > 255) {
      return undefined;
    }
    n = n * 256 + v;
  }
  return n;
}

function ipMatches(ip: string | undefined, pattern: string): boolean {
  if (!ip) {
    return false;
  }
  const slash = pattern.indexOf('/');
  if (slash < 0) {
    return ip === pattern;
  }
  const base = ipv4ToInt(pattern.slice(0, slash));
  const bits = Number(pattern.slice(slash + 1));
  const addr = ipv4ToInt(ip);
  if (base === undefined || addr === undefined || !(bits >= 0 && bits <= 32)) {
    return false;
  }
  const size = 2 ** (32 - bits);
  return Math.floor(addr / size) === Math.floor(base / size);
}

function labelMatches(labels: string[] | undefined, selector: string): boolean {
  const parsed = (labels ?? []).map((l) => {
    const eq = l.indexOf('=');
    const key = eq >= 0 ? l.slice(0, eq) : l;
    const colon = key.indexOf(':');
    return { full: key, bare: colon >= 0 ? key.slice(colon + 1) : key, value: eq >= 0 ? l.slice(eq + 1) : '' };
  });
  const find = (key: string) => parsed.filter((p) => (key.includes(':') ? p.full === key : p.bare === key));
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((req) => {
      let m: RegExpExecArray | null;
      if ((m = /^([^!=]+?)\s*!=\s*(.*)$/.exec(req))) {
        return find(m[1]).every((p) => p.value !== m![2]);
      }
      if ((m = /^([^!=]+?)\s*==?\s*(.*)$/.exec(req))) {
        return find(m[1]).some((p) => p.value === m![2]);
      }
      if (req.startsWith('!')) {
        return find(req.slice(1)).length === 0;
      }
      return find(req).length > 0;
    });
}

function protocolMatches(flow: FlowJson, p: string): boolean {
  const l4 = Object.keys((flow.l4 as object) ?? {}).map((k) => k.toLowerCase());
  const l7 = (flow.l7 ?? {}) as Record<string, unknown>;
  switch (p.toLowerCase()) {
    case 'http':
      return l7.http !== undefined;
    case 'dns':
      return l7.dns !== undefined;
    case 'kafka':
      return l7.kafka !== undefined;
    case 'icmp':
      return l4.includes('icmpv4') || l4.includes('icmpv6');
    default:
      return l4.includes(p.toLowerCase());
  }
}

function statusMatches(code: number | undefined, s: string): boolean {
  if (!code) {
    return false;
  }
  return s.endsWith('+') ? String(code).startsWith(s.slice(0, -1)) : String(code) === s;
}

const regexCache = new Map<string, RegExp>();
function regex(src: string): RegExp {
  let r = regexCache.get(src);
  if (!r) {
    r = new RegExp(src);
    if (regexCache.size > 1000) {
      regexCache.clear();
    }
    regexCache.set(src, r);
  }
  return r;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** True when `flow` matches every field set in `filter`. Throws SyntaxError on an invalid dns_query regex. */
export function filterMatches(flow: FlowJson, filter: FlowFilter): boolean {
  const src = flow.source as Ep | undefined;
  const dst = flow.destination as Ep | undefined;
  const ip = (flow.IP ?? {}) as { source?: string; destination?: string };
  const l7 = (flow.l7 ?? {}) as { http?: { code?: number }; dns?: { query?: string } };
  const ev = (flow.event_type ?? {}) as { type?: number; sub_type?: number };
  const checks: Array<[string, (v: any) => boolean]> = [
    ['source_pod', (p: string) => podMatches(src, p)],
    ['destination_pod', (p: string) => podMatches(dst, p)],
    ['source_ip', (p: string) => ipMatches(ip.source, p)],
    ['destination_ip', (p: string) => ipMatches(ip.destination, p)],
    ['source_label', (s: string) => labelMatches(src?.labels, s)],
    ['destination_label', (s: string) => labelMatches(dst?.labels, s)],
    [
      'source_workload',
      (w: { name?: string; kind?: string }) =>
        (src?.workloads ?? []).some((x) => (!w.name || x.name === w.name) && (!w.kind || x.kind === w.kind)),
    ],
    [
      'destination_workload',
      (w: { name?: string; kind?: string }) =>
        (dst?.workloads ?? []).some((x) => (!w.name || x.name === w.name) && (!w.kind || x.kind === w.kind)),
    ],
    ['verdict', (v: string) => flow.verdict === v],
    ['protocol', (p: string) => protocolMatches(flow, p)],
    ['http_status_code', (s: string) => statusMatches(l7.http?.code, s)],
    ['dns_query', (r: string) => l7.dns !== undefined && regex(r).test(l7.dns.query ?? '')],
    ['traffic_direction', (d: string) => (flow.traffic_direction ?? 'TRAFFIC_DIRECTION_UNKNOWN') === d],
    [
      'event_type',
      (e: { type?: number; match_sub_type?: boolean; sub_type?: number }) =>
        (ev.type ?? 0) === (e.type ?? 0) && (!e.match_sub_type || (ev.sub_type ?? 0) === (e.sub_type ?? 0)),
    ],
    ['uuid', (u: string) => flow.uuid === u],
    ['node_name', (n: string) => flow.node_name === n],
  ];
  for (const [field, test] of checks) {
    const values = list(filter[field]);
    if (values.length > 0 && !values.some(test)) {
      return false;
    }
  }
  return true;
}

/** Whitelist/blacklist decision for GetFlows (see module doc). */
export function flowPasses(flow: FlowJson, whitelist: FlowFilter[], blacklist: FlowFilter[]): boolean {
  if (whitelist.length > 0 && !whitelist.some((f) => filterMatches(flow, f))) {
    return false;
  }
  return !blacklist.some((f) => filterMatches(flow, f));
}
