import { ROUTES, prefixRoute } from '../../constants';
import {
  DEFAULT_LIMIT,
  DIRECTIONS,
  Direction,
  FlowQuery,
  PROTOCOLS,
  Protocol,
  VERDICTS,
  Verdict,
} from '../../gateway/params';

/** Traffic the table can hide on the client (Hubble UI's toggles): kube-dns pods, the host, remote nodes. */
export const HIDE_OPTIONS = ['kube-dns', 'host', 'remote-node'] as const;
export type HideOption = (typeof HIDE_OPTIONS)[number];

/**
 * The Flows page's filters. Those named after gateway parameters are sent to `GET /api/v1/flows`;
 * `client`/`server` (a service-map pair, node ids such as `default/xwing` or `reserved:world`),
 * `hide`, `follow` and `fold` act in the browser.
 */
export interface FlowFilterValues {
  namespace?: string;
  /** `[namespace/]pod-name-prefix`. */
  pod?: string;
  /** `[namespace/]workload-name`. */
  workload?: string;
  verdict: Verdict[];
  protocol: Protocol[];
  /** HTTP status codes or prefixes (`404`, `5+`). */
  httpStatus: string[];
  /** Regular expression over DNS query names. */
  dnsQuery?: string;
  trafficDirection?: Direction;
  limit: number;
  /** Only flows of connections from this service-map node... */
  client?: string;
  /** ...to this one (replies count toward their request, as in the service map). */
  server?: string;
  hide: HideOption[];
  /** Poll for new flows (since the newest shown) instead of showing the time range once. */
  follow: boolean;
  /** Show the observations of one packet (source egress, destination ingress, policy verdict + drop) as one row. */
  fold: boolean;
}

/** Filters of a fresh Flows page: nothing filtered, 100 flows, nothing hidden, not following, observations folded. */
export const DEFAULT_FILTERS: FlowFilterValues = {
  verdict: [],
  protocol: [],
  httpStatus: [],
  limit: DEFAULT_LIMIT,
  hide: [],
  follow: false,
  fold: true,
};

/** Values `limit` can take in the filter bar. */
export const LIMIT_OPTIONS = [100, 250, 500, 1000, 5000, 10000];

/** URL parameter of each filter: the gateway's own parameter names, so a page URL reads like an API call. */
export const FILTER_URL_KEYS = {
  namespace: 'namespace',
  pod: 'pod',
  workload: 'workload',
  verdict: 'verdict',
  protocol: 'protocol',
  httpStatus: 'http_status',
  dnsQuery: 'dns_query',
  trafficDirection: 'traffic_direction',
  limit: 'limit',
  client: 'client',
  server: 'server',
  hide: 'hide',
  follow: 'follow',
  fold: 'fold',
} as const satisfies Record<keyof FlowFilterValues, string>;

export type FilterName = keyof FlowFilterValues;
type UrlValues = Record<string, string | string[] | null | undefined>;

function list(value: readonly string[]): string | undefined {
  return value.length ? value.join(',') : undefined;
}

function items(value: string | string[] | null | undefined): string[] {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function one(value: string | string[] | null | undefined): string | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  return text ? text : undefined;
}

function known<T extends string>(values: readonly T[], candidates: string[], normalize: (s: string) => string): T[] {
  return [...new Set(candidates.map(normalize).filter((c): c is T => (values as readonly string[]).includes(c)))];
}

/** The URL values of `filters` for the given names (unset filters are `undefined`, i.e. absent from the URL). */
export function filtersToUrl(filters: FlowFilterValues, names: FilterName[]): UrlValues {
  const all: Record<FilterName, string | undefined> = {
    namespace: filters.namespace,
    pod: filters.pod,
    workload: filters.workload,
    verdict: list(filters.verdict),
    protocol: list(filters.protocol),
    httpStatus: list(filters.httpStatus),
    dnsQuery: filters.dnsQuery,
    trafficDirection: filters.trafficDirection,
    limit: filters.limit === DEFAULT_LIMIT ? undefined : String(filters.limit),
    client: filters.client,
    server: filters.server,
    hide: list(filters.hide),
    follow: filters.follow ? 'true' : undefined,
    fold: filters.fold ? undefined : 'false',
  };
  const out: UrlValues = {};
  for (const name of names) {
    out[FILTER_URL_KEYS[name]] = all[name];
  }
  return out;
}

/**
 * Filters from URL values, for the given names only. A name whose key is absent resets to its
 * default; unknown verdicts, protocols, directions and hide options are dropped.
 */
export function filtersFromUrl(values: UrlValues, names: FilterName[]): Partial<FlowFilterValues> {
  const limit = Number(one(values[FILTER_URL_KEYS.limit]));
  const direction = one(values[FILTER_URL_KEYS.trafficDirection])?.toLowerCase();
  const all: FlowFilterValues = {
    namespace: one(values[FILTER_URL_KEYS.namespace]),
    pod: one(values[FILTER_URL_KEYS.pod]),
    workload: one(values[FILTER_URL_KEYS.workload]),
    verdict: known(VERDICTS, items(values[FILTER_URL_KEYS.verdict]), (s) => s.toUpperCase()),
    protocol: known(PROTOCOLS, items(values[FILTER_URL_KEYS.protocol]), (s) => s.toLowerCase()),
    httpStatus: items(values[FILTER_URL_KEYS.httpStatus]),
    dnsQuery: one(values[FILTER_URL_KEYS.dnsQuery]),
    trafficDirection: (DIRECTIONS as readonly string[]).includes(direction ?? '')
      ? (direction as Direction)
      : undefined,
    limit: Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_LIMIT,
    client: one(values[FILTER_URL_KEYS.client]),
    server: one(values[FILTER_URL_KEYS.server]),
    hide: known(HIDE_OPTIONS, items(values[FILTER_URL_KEYS.hide]), (s) => s.toLowerCase()),
    follow: one(values[FILTER_URL_KEYS.follow]) === 'true',
    fold: one(values[FILTER_URL_KEYS.fold]) !== 'false',
  };
  const out: Partial<FlowFilterValues> = {};
  for (const name of names) {
    (out as Record<string, unknown>)[name] = all[name];
  }
  return out;
}

/** The gateway query of `filters` over the time range (`since`/`until`); client-side filters are not part of it. */
export function toFlowQuery(filters: FlowFilterValues, range?: { from: Date; to: Date }): FlowQuery {
  return {
    namespace: filters.namespace,
    pod: filters.pod,
    workload: filters.workload,
    verdict: filters.verdict,
    protocol: filters.protocol,
    httpStatus: filters.httpStatus,
    dnsQuery: filters.dnsQuery,
    trafficDirection: filters.trafficDirection ? [filters.trafficDirection] : undefined,
    since: range?.from,
    until: range?.to,
    limit: filters.limit,
  };
}

/**
 * URL of the Flows page opened with `filters` (and optionally a time range in epoch ms or Grafana's
 * relative form, `now-1h`). Used by the service map's edge links and workload links.
 */
export function flowsPageUrl(
  filters: Partial<FlowFilterValues>,
  time?: { from: string | number; to: string | number }
): string {
  const url = filtersToUrl({ ...DEFAULT_FILTERS, ...filters }, Object.keys(FILTER_URL_KEYS) as FilterName[]);
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(url)) {
    if (typeof value === 'string') {
      search.set(key, value);
    }
  }
  if (time) {
    search.set('from', String(time.from));
    search.set('to', String(time.to));
  }
  const q = search.toString();
  return `${prefixRoute(ROUTES.Flows)}${q ? `?${q}` : ''}`;
}
