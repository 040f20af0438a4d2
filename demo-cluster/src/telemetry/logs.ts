/**
 * The pod and container logs of the demo cluster, derived from its flows so that they agree with
 * them: the server of every HTTP exchange logs the request as JSON (with the trace id), the client
 * logs "Dispatch successful"/"Dispatch failed" in logfmt (with the trace id), CoreDNS logs each
 * answer as plain text, and pods whose connections are dropped or refused log the error.
 */
import { FlowJson } from '../flows/types';
import { flowTimeNs, httpOf, pathOf, podOf, PodRef, traceIdOf } from './flowView';

/** Stream labels as Promtail's and Alloy's Kubernetes pod discovery set them. */
export type LogLabels = { namespace: string; pod: string; container: string; app: string; job: string };

/** One log line: its stream labels, its time in nanoseconds since the epoch (decimal string) and the text. */
export type LogRecord = { labels: LogLabels; tsNs: string; line: string };

/** Loki push API body (`POST /loki/api/v1/push`, JSON): streams of `[ns timestamp string, line]` values. */
export type LokiPushBody = { streams: Array<{ stream: LogLabels; values: Array<[string, string]> }> };

function labelsOf(pod: PodRef): LogLabels {
  return {
    namespace: pod.namespace,
    pod: pod.pod,
    container: pod.app,
    app: pod.app,
    job: `${pod.namespace}/${pod.app}`,
  };
}

function isoOf(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const micros = String(ns % 1_000_000_000n)
    .padStart(9, '0')
    .slice(0, 6);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${micros}Z`);
}

function ms(ns: bigint | undefined): string {
  return ns === undefined ? '0' : (Number(ns) / 1e6).toFixed(3);
}

type EndpointIp = {
  IP?: { source?: string; destination?: string };
  l4?: Record<string, { source_port?: number; destination_port?: number; flags?: Record<string, boolean> }>;
};

function l4Of(flow: FlowJson) {
  const f = flow as EndpointIp & FlowJson;
  const l4 = f.l4?.TCP ?? f.l4?.UDP;
  return {
    src: f.IP?.source ?? '',
    dst: f.IP?.destination ?? '',
    sport: l4?.source_port ?? 0,
    dport: l4?.destination_port ?? 0,
    flags: f.l4?.TCP?.flags ?? {},
  };
}

const DNS_RCODES: Record<number, string> = { 0: 'NOERROR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 5: 'REFUSED' };

/**
 * Decides which log lines a flow causes. Stateful only to rate-limit connection errors (one line per
 * client pod and destination per `errorEveryMs`, as clients back off between retries).
 */
export class FlowLogger {
  private readonly lastError = new Map<string, number>();

  constructor(private readonly errorEveryMs = 10_000) {}

  /** The log records the flow causes (often none). */
  recordsFor(flow: FlowJson): LogRecord[] {
    const http = httpOf(flow);
    if (http?.type === 'RESPONSE') {
      return this.httpRecords(flow, http);
    }
    const dns = flow.l7 as
      | {
          type?: string;
          dns?: { query?: string; rcode?: number; qtypes?: string[]; rrtypes?: string[] };
          latency_ns?: string;
        }
      | undefined;
    if (dns?.type === 'RESPONSE' && dns.dns) {
      return this.dnsRecords(flow, dns.dns, dns.latency_ns);
    }
    return this.connectionErrors(flow);
  }

  private httpRecords(flow: FlowJson, http: NonNullable<ReturnType<typeof httpOf>>): LogRecord[] {
    const ns = flowTimeNs(flow);
    const traceId = traceIdOf(flow);
    const code = http.code ?? 0;
    const path = pathOf(http.url);
    const direction = flow.traffic_direction;
    if (direction === 'INGRESS') {
      // A response leaving the server: source is the server pod.
      const server = podOf(flow, 'source');
      if (!server) {
        return [];
      }
      const level = code >= 500 ? 'error' : code >= 400 ? 'warn' : 'info';
      const entry = {
        level,
        ts: isoOf(ns),
        caller: 'http/logging.go:35',
        msg: code >= 500 ? 'request failed' : 'request completed',
        method: http.method,
        path,
        status: code,
        duration_ms: Number(ms(http.latencyNs)),
        remote: `${l4Of(flow).dst}:${l4Of(flow).dport}`,
        ...(traceId ? { trace_id: traceId } : {}),
      };
      return [{ labels: labelsOf(server), tsNs: String(ns), line: JSON.stringify(entry) }];
    }
    if (direction === 'EGRESS') {
      // A response arriving at the client: destination is the client pod.
      const client = podOf(flow, 'destination');
      if (!client) {
        return [];
      }
      const ok = code > 0 && code < 500;
      const service =
        (flow.source_service as { name?: string } | undefined)?.name ?? podOf(flow, 'source')?.app ?? l4Of(flow).src;
      const fields = [
        `ts=${isoOf(ns)}`,
        `level=${ok ? (code >= 400 ? 'warn' : 'info') : 'error'}`,
        `msg="${ok ? 'Dispatch successful' : 'Dispatch failed'}"`,
        `service=${service}`,
        `method=${http.method}`,
        `url="${http.url}"`,
        `status=${code}`,
        `duration=${ms(http.latencyNs)}ms`,
        ...(traceId ? [`trace_id=${traceId}`] : []),
      ];
      return [{ labels: labelsOf(client), tsNs: String(ns), line: fields.join(' ') }];
    }
    return [];
  }

  private dnsRecords(
    flow: FlowJson,
    dns: { query?: string; rcode?: number; qtypes?: string[]; rrtypes?: string[] },
    latency?: string
  ): LogRecord[] {
    // An answer leaving the DNS server: source is the CoreDNS pod, destination the asking pod.
    const server = podOf(flow, 'source');
    if (!server) {
      return [];
    }
    const ns = flowTimeNs(flow);
    const { dst, dport } = l4Of(flow);
    const qtype = dns.qtypes?.[0] ?? 'A';
    const rcode = DNS_RCODES[dns.rcode ?? 0] ?? String(dns.rcode);
    const seconds = (Number(latency ?? 0) / 1e9).toFixed(6);
    const id = Number(ns % 65536n);
    const line = `[INFO] ${dst}:${dport} - ${id} "${qtype} IN ${dns.query ?? ''} udp 52 false 512" ${rcode} qr,aa,rd 108 ${seconds}s`;
    return [{ labels: labelsOf(server), tsNs: String(ns), line }];
  }

  private connectionErrors(flow: FlowJson): LogRecord[] {
    const { src, dst, dport, sport, flags } = l4Of(flow);
    const ns = flowTimeNs(flow);
    if (flow.verdict === 'DROPPED' && flags.SYN && !flags.ACK) {
      const client = podOf(flow, 'source');
      return client && this.allow(`${client.pod}>${dst}:${dport}`, ns)
        ? [
            {
              labels: labelsOf(client),
              tsNs: String(ns),
              line: `${isoOf(ns)} WARN dial tcp ${dst}:${dport}: connect: connection timed out, retrying`,
            },
          ]
        : [];
    }
    if (flow.verdict === 'FORWARDED' && flags.RST && flow.is_reply === true) {
      const client = podOf(flow, 'destination');
      return client && this.allow(`${client.pod}>${src}:${sport}`, ns)
        ? [
            {
              labels: labelsOf(client),
              tsNs: String(ns),
              line: `ts=${isoOf(ns)} level=error msg="dial failed" error="dial tcp ${src}:${sport}: connect: connection refused"`,
            },
          ]
        : [];
    }
    return [];
  }

  private allow(key: string, ns: bigint): boolean {
    const nowMs = Number(ns / 1_000_000n);
    const last = this.lastError.get(key);
    if (last !== undefined && nowMs - last < this.errorEveryMs) {
      return false;
    }
    if (this.lastError.size > 10_000) {
      this.lastError.clear();
    }
    this.lastError.set(key, nowMs);
    return true;
  }
}

/** Groups records by their labels into a Loki push body; values keep their order. */
export function lokiPushBody(records: LogRecord[]): LokiPushBody {
  const streams = new Map<string, { stream: LogLabels; values: Array<[string, string]> }>();
  for (const r of records) {
    const key = JSON.stringify(r.labels);
    const s = streams.get(key) ?? streams.set(key, { stream: r.labels, values: [] }).get(key)!;
    s.values.push([r.tsNs, r.line]);
  }
  return { streams: [...streams.values()] };
}
