/**
 * Hubble metric handlers, one per `--hubble-metrics` item, deriving the same counters from a flow
 * as pkg/hubble/metrics/<name>/handler.go: which flows count, label names and exact label values.
 */
import { FlowJson } from '../flows/types';
import { Family, HistogramVec, ValueVec } from '../metrics/model';
import { ContextOptions } from './context';
import { MetricSpec } from './options';

type Flow = FlowJson & {
  event_type?: { type?: number; sub_type?: number };
  l4?: {
    TCP?: { destination_port?: number; flags?: Record<string, boolean> };
    UDP?: { destination_port?: number };
    ICMPv4?: { type?: number; code?: number };
    ICMPv6?: { type?: number; code?: number };
    SCTP?: { destination_port?: number };
  };
  l7?: {
    type?: string;
    latency_ns?: string | number;
    dns?: DnsL7;
    http?: { code?: number; method?: string; protocol?: string };
    kafka?: unknown;
  };
  IP?: { ipVersion?: string };
  is_reply?: boolean;
  drop_reason_desc?: string;
  traffic_direction?: string;
  policy_match_type?: number;
  trace_context?: { parent?: { trace_id?: string } };
};
type DnsL7 = { query?: string; ips?: string[]; rcode?: number; qtypes?: string[]; rrtypes?: string[] };

/** Monitor message types (pkg/monitor/api). */
const ACCESS_LOG = 129;
const DROP = 1;
const CAPTURE = 3;
const TRACE = 4;
const POLICY_VERDICT = 5;

/** Trace observation points by monitor sub-type (pkg/monitor/api TraceObservationPoints). */
const TRACE_POINTS: Record<number, string> = {
  0: 'to-endpoint',
  1: 'to-proxy',
  2: 'to-host',
  3: 'to-stack',
  4: 'to-overlay',
  5: 'from-endpoint',
  6: 'from-proxy',
  7: 'from-host',
  8: 'from-stack',
  9: 'from-overlay',
  10: 'from-network',
  11: 'to-network',
  12: 'to-crypto',
  13: 'from-crypto',
};

/** DNS rcode names (pkg/hubble/metrics/dns/rcode.go). */
export const RCODE_NAMES: Record<number, string> = {
  0: 'No Error',
  1: 'Format Error',
  2: 'Server Failure',
  3: 'Non-Existent Domain',
  4: 'Not Implemented',
  5: 'Query Refused',
  6: 'Name Exists when it should not',
  7: 'RR Set Exists when it should not',
  8: 'RR Set that should exist does not',
  9: 'Not Authorized',
  10: 'Name not contained in zone',
  11: 'DSO-TYPE Not Implemented',
  16: 'Bad OPT Version',
  17: 'Key not recognized',
  18: 'Signature out of time window',
  19: 'Bad TKEY Mode',
  20: 'Duplicate key name',
  21: 'Algorithm not supported',
  22: 'Bad Truncation',
  23: 'Bad/missing Server Cookie',
};

/** Policy match types (pkg/monitor/api PolicyMatchType.String()), lower-cased by the policy handler. */
const MATCH_NAMES: Record<number, string> = {
  0: 'none',
  1: 'L3-Only',
  2: 'L3-L4',
  3: 'L4-Only',
  4: 'all',
  5: 'L3-Proto',
  6: 'Proto-Only',
};

/** ICMPv4 type names and code names as gopacket's ICMPv4TypeCode.String() prints them. */
const ICMP4_TYPES: Record<number, [string, Record<number, string>?]> = {
  0: ['EchoReply'],
  3: [
    'DestinationUnreachable',
    {
      0: 'Net',
      1: 'Host',
      2: 'Protocol',
      3: 'Port',
      4: 'FragmentationNeeded',
      5: 'SourceRoutingFailed',
      6: 'NetUnknown',
      7: 'HostUnknown',
      8: 'SourceIsolated',
      9: 'NetAdminProhibited',
      10: 'HostAdminProhibited',
      11: 'NetTOS',
      12: 'HostTOS',
      13: 'CommAdminProhibited',
      14: 'HostPrecedence',
      15: 'PrecedenceCutoff',
    },
  ],
  4: ['SourceQuench'],
  5: ['Redirect', { 0: 'Network', 1: 'Host', 2: 'TOS+Network', 3: 'TOS+Host' }],
  8: ['EchoRequest'],
  9: ['RouterAdvertisement'],
  10: ['RouterSolicitation'],
  11: ['TimeExceeded', { 0: 'TTLExceeded', 1: 'FragmentReassemblyTimeExceeded' }],
  12: ['ParameterProblem', { 0: 'PointerIndicatesError', 1: 'MissingOption', 2: 'BadLength' }],
  13: ['TimestampRequest'],
  14: ['TimestampReply'],
};

/** gopacket's ICMPv4TypeCode.String(): `EchoRequest`, `DestinationUnreachable(Port)`, ... */
export function icmpv4TypeName(type: number, code: number): string {
  const t = ICMP4_TYPES[type];
  if (!t) {
    return `${type}(${code})`;
  }
  const [name, codes] = t;
  if (!codes) {
    return name;
  }
  return codes[code] ? `${name}(${codes[code]})` : `${name}(Code: ${code})`;
}

/** v1.FlowProtocol: the L7 protocol of access-log events, else the L4 protocol. */
export function flowProtocol(f: Flow): string {
  const t = f.event_type?.type;
  if (t === ACCESS_LOG) {
    const l7 = f.l7;
    if (l7?.dns) {
      return 'DNS';
    }
    if (l7?.http) {
      return 'HTTP';
    }
    if (l7?.kafka) {
      return 'Kafka';
    }
    return 'Unknown L7';
  }
  if (t === DROP || t === TRACE || t === POLICY_VERDICT || t === CAPTURE) {
    const l4 = f.l4;
    if (l4?.TCP) {
      return 'TCP';
    }
    if (l4?.UDP) {
      return 'UDP';
    }
    if (l4?.ICMPv4) {
      return 'ICMPv4';
    }
    if (l4?.ICMPv6) {
      return 'ICMPv6';
    }
    if (l4?.SCTP) {
      return 'SCTP';
    }
    return 'Unknown L4';
  }
  return 'Unknown flow';
}

/** A metric handler: processes flows, exposes its families. */
export interface Handler {
  process(flow: Flow): void;
  families(): Family[];
}

const isReply = (f: Flow) => f.is_reply === true;
const forwardedOrRedirected = (f: Flow) => f.verdict === 'FORWARDED' || f.verdict === 'REDIRECTED';

function flowHandler(ctx: ContextOptions): Handler {
  const v = new ValueVec('hubble_flows_processed_total', 'Total number of flows processed', 'counter', [
    'protocol',
    'type',
    'subtype',
    'verdict',
    ...ctx.labelNames(),
  ]);
  return {
    process(f) {
      const t = f.event_type?.type ?? 0;
      let type = 'Unknown';
      let sub = String(t);
      switch (t) {
        case ACCESS_LOG:
          type = 'L7';
          sub = f.l7?.dns ? 'DNS' : f.l7?.http ? 'HTTP' : '';
          break;
        case DROP:
          type = 'Drop';
          sub = '';
          break;
        case CAPTURE:
          type = 'Capture';
          sub = '';
          break;
        case TRACE:
          type = 'Trace';
          sub = TRACE_POINTS[f.event_type?.sub_type ?? 0] ?? '';
          break;
        case POLICY_VERDICT:
          type = 'PolicyVerdict';
          sub = '';
          break;
      }
      v.add([flowProtocol(f), type, sub, f.verdict, ...ctx.labelValues(f)]);
    },
    families: () => [v.family()],
  };
}

function dropHandler(ctx: ContextOptions): Handler {
  const v = new ValueVec('hubble_drop_total', 'Number of drops', 'counter', [
    ...ctx.labelNames(),
    'reason',
    'protocol',
  ]);
  return {
    process(f) {
      if (f.verdict === 'DROPPED') {
        v.add([...ctx.labelValues(f), f.drop_reason_desc ?? 'DROP_REASON_UNKNOWN', flowProtocol(f)]);
      }
    },
    families: () => [v.family()],
  };
}

function dnsHandler(ctx: ContextOptions, options: Record<string, string>): Handler {
  const query = 'query' in options;
  const ignoreAAAA = 'ignoreAAAA' in options;
  const names = ctx.labelNames();
  const qr = [...names, 'rcode', 'qtypes', 'ips_returned', ...(query ? ['query'] : [])];
  const queries = new ValueVec('hubble_dns_queries_total', 'Number of DNS queries observed', 'counter', qr);
  const responses = new ValueVec('hubble_dns_responses_total', 'Number of DNS queries observed', 'counter', qr);
  const types = new ValueVec('hubble_dns_response_types_total', 'Number of DNS queries observed', 'counter', [
    ...names,
    'type',
    'qtypes',
    ...(query ? ['query'] : []),
  ]);
  return {
    process(f) {
      const d = f.l7?.dns;
      if (!d) {
        return;
      }
      const qtypes = d.qtypes ?? [];
      if (ignoreAAAA && qtypes.length === 1 && qtypes[0] === 'AAAA') {
        return;
      }
      const c = ctx.labelValues(f);
      const q = query ? [d.query ?? ''] : [];
      const ips = String((d.ips ?? []).length);
      if (f.verdict === 'DROPPED') {
        queries.add([...c, 'Policy denied', qtypes.join(','), ips, ...q]);
      } else if (!isReply(f)) {
        queries.add([...c, '', qtypes.join(','), ips, ...q]);
      } else {
        responses.add([...c, RCODE_NAMES[d.rcode ?? 0] ?? '', qtypes.join(','), ips, ...q]);
        for (const rr of d.rrtypes ?? []) {
          types.add([...c, rr, qtypes.join(','), ...q]);
        }
      }
    },
    families: () => [queries.family(), responses.family(), types.family()],
  };
}

function tcpHandler(ctx: ContextOptions): Handler {
  const v = new ValueVec('hubble_tcp_flags_total', 'TCP flag occurrences', 'counter', [
    'flag',
    'family',
    ...ctx.labelNames(),
  ]);
  return {
    process(f) {
      const tcp = f.l4?.TCP;
      if (!forwardedOrRedirected(f) || !f.IP || !tcp?.flags) {
        return;
      }
      const fam = f.IP.ipVersion ?? 'IP_NOT_USED';
      const c = ctx.labelValues(f);
      const fl = tcp.flags;
      if (fl.FIN) {
        v.add(['FIN', fam, ...c]);
      }
      if (fl.SYN) {
        v.add([fl.ACK ? 'SYN-ACK' : 'SYN', fam, ...c]);
      }
      if (fl.RST) {
        v.add(['RST', fam, ...c]);
      }
    },
    families: () => [v.family()],
  };
}

function icmpHandler(ctx: ContextOptions): Handler {
  const v = new ValueVec('hubble_icmp_total', 'Number of ICMP messages', 'counter', [
    'family',
    'type',
    ...ctx.labelNames(),
  ]);
  return {
    process(f) {
      const l4 = f.l4;
      if (l4?.ICMPv4) {
        v.add(['IPv4', icmpv4TypeName(l4.ICMPv4.type ?? 0, l4.ICMPv4.code ?? 0), ...ctx.labelValues(f)]);
      }
      if (l4?.ICMPv6) {
        // Hubble labels ICMPv6 with family "IPv4" (sic, pkg/hubble/metrics/icmp/handler.go).
        v.add(['IPv4', `${l4.ICMPv6.type ?? 0}(${l4.ICMPv6.code ?? 0})`, ...ctx.labelValues(f)]);
      }
    },
    families: () => [v.family()],
  };
}

function portDistributionHandler(ctx: ContextOptions): Handler {
  const v = new ValueVec(
    'hubble_port_distribution_total',
    'Numbers of packets distributed by destination port',
    'counter',
    ['protocol', 'port', ...ctx.labelNames()]
  );
  return {
    process(f) {
      // Flows whose reply status is unknown (no is_reply) are skipped, like replies.
      if (f.is_reply === undefined || f.is_reply || !forwardedOrRedirected(f) || !f.l4) {
        return;
      }
      const c = ctx.labelValues(f);
      const l4 = f.l4;
      if (l4.TCP) {
        v.add(['TCP', String(l4.TCP.destination_port ?? 0), ...c]);
      }
      if (l4.UDP) {
        v.add(['UDP', String(l4.UDP.destination_port ?? 0), ...c]);
      }
      if (l4.SCTP) {
        v.add(['SCTP', String(l4.SCTP.destination_port ?? 0), ...c]);
      }
      if (l4.ICMPv4) {
        v.add(['ICMPv4', '0', ...c]);
      }
      if (l4.ICMPv6) {
        v.add(['ICMPv6', '0', ...c]);
      }
    },
    families: () => [v.family()],
  };
}

function policyHandler(ctx: ContextOptions): Handler {
  const v = new ValueVec('hubble_policy_verdicts_total', 'Total number of Cilium network policy verdicts', 'counter', [
    'direction',
    'match',
    'action',
    ...ctx.labelNames(),
  ]);
  const direction = (f: Flow) => (f.traffic_direction ?? 'TRAFFIC_DIRECTION_UNKNOWN').toLowerCase();
  return {
    process(f) {
      const t = f.event_type?.type;
      if (t === POLICY_VERDICT) {
        if ((f.source as { identity?: number } | undefined)?.identity === 1) {
          return;
        }
        const match = (MATCH_NAMES[f.policy_match_type ?? 0] ?? 'unknown').toLowerCase();
        v.add([direction(f), match, f.verdict.toLowerCase(), ...ctx.labelValues(f)]);
      } else if (t === ACCESS_LOG) {
        const sub = f.l7?.dns ? 'dns' : f.l7?.http ? 'http' : f.l7?.kafka ? 'kafka' : '';
        v.add([direction(f), `l7/${sub}`, f.verdict.toLowerCase(), ...ctx.labelValues(f)]);
      }
    },
    families: () => [v.family()],
  };
}

function httpV2Handler(ctx: ContextOptions, options: Record<string, string>): Handler {
  const exemplars = options.exemplars === 'true';
  const names = ctx.labelNames();
  const requests = new ValueVec('hubble_http_requests_total', 'Count of HTTP requests', 'counter', [
    ...names,
    'method',
    'protocol',
    'status',
    'reporter',
  ]);
  const duration = new HistogramVec(
    'hubble_http_request_duration_seconds',
    'Quantiles of HTTP request duration in seconds',
    [...names, 'method', 'reporter']
  );
  return {
    process(f) {
      const h = f.l7?.http;
      if (!h || f.l7?.type !== 'RESPONSE') {
        return;
      }
      const reporter =
        f.traffic_direction === 'EGRESS' ? 'client' : f.traffic_direction === 'INGRESS' ? 'server' : 'unknown';
      const traceId = exemplars ? (f.trace_context?.parent?.trace_id ?? '') : '';
      const c = ctx.labelValues(f, true);
      const seconds = Number(f.l7?.latency_ns ?? 0) / 1e9;
      const ts = Date.parse(f.time);
      const ex = (value: number) =>
        traceId ? { labels: [['traceID', traceId]] as Array<[string, string]>, value, timestampMs: ts } : undefined;
      requests.add([...c, h.method ?? '', h.protocol ?? '', String(h.code ?? 0), reporter], 1, ex(1));
      duration.observe([...c, h.method ?? '', reporter], seconds, ex(seconds));
    },
    families: () => [requests.family(), duration.family()],
  };
}

/** Creates the handler of one metric spec; unknown names throw (as the agent refuses them). */
export function createHandler(spec: MetricSpec): Handler {
  const ctx = new ContextOptions(spec.options);
  switch (spec.name) {
    case 'flow':
      return flowHandler(ctx);
    case 'drop':
      return dropHandler(ctx);
    case 'dns':
      return dnsHandler(ctx, spec.options);
    case 'tcp':
      return tcpHandler(ctx);
    case 'icmp':
      return icmpHandler(ctx);
    case 'port-distribution':
      return portDistributionHandler(ctx);
    case 'policy':
      return policyHandler(ctx);
    case 'httpV2':
      return httpV2Handler(ctx, spec.options);
  }
  throw new Error(`unsupported hubble metric: ${spec.name}`);
}
