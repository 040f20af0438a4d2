import type { BadgeColor } from '@grafana/ui';
import { drilldownUrl } from '../../constants';
import {
  FlowSide,
  clientServer,
  flowSide,
  identityLabel,
  identityTitle,
  reservedIdentity,
  subjectOf,
  workloadOf,
} from '../../gateway/endpoints';
import { flowTimeMs } from '../../gateway/flowTime';
import { HubbleFlow, TCPFlags } from '../../gateway/types';
import { troubleshootUrl } from '../../links';
import { FlowGroup, observationText, seenAt } from './observations';

/** How one side of a flow is shown: a pod (linked to its workload or pod page), an identity or a DNS name. */
export interface EndpointCell {
  /** Pod name, DNS name, reserved identity (`world`), `identity 1234 (bookinfo app=x)`, or the IP. */
  title: string;
  /** The title as the table shows it on one line: a pod's name with its ReplicaSet hash elided (`podinfo-client-…-sqst4`). */
  short: string;
  /** Namespace for pods, the IP otherwise (when the title is not the IP). */
  subtitle?: string;
  /** Workload page (from `workloads[0]`), else the pod page; none outside pods. */
  url?: string;
  /** Identity labels, for the tooltip. */
  labels: string[];
}

/** One row of the flows table, the columns of Hubble UI's table. */
export interface FlowRow {
  /** Unique within one answer: the flow's uuid, else its time and position. */
  id: string;
  /** RFC 3339 as sent, and epoch ms for formatting. */
  time: string;
  timeMs: number;
  source: EndpointCell;
  destination: EndpointCell;
  /** `8080/TCP`, `53/UDP`, `ICMPv4 8/0`, or "". */
  destinationPort: string;
  /** `GET http://x/y`, `200 GET http://x/y (12 ms)`, `DNS A? example.com.`, `DNS example.com. NXDOMAIN`, or "". */
  l7: string;
  verdict: string;
  /** `POLICY_DENIED` and the like, "" unless dropped. */
  dropReason: string;
  /** `ingress`, `egress` or "". */
  direction: string;
  /** TCP flags set, in packet order: `SYN, ACK`. */
  tcpFlags: string;
  isReply: boolean;
  /** Where the row's packet was observed: `egress`, `ingress`, `egress + ingress`, plus `· 3 events` (see observations.ts). */
  observed: string;
  /** Each observation folded into the row, in words (`ingress on node-b (trace, TO_ENDPOINT)`). */
  observations: string[];
  /** The observation the row shows (a drop over a forward). */
  flow: HubbleFlow;
  /** Every observation of the row's packet (one unless folded), newest first. */
  group: HubbleFlow[];
}

/** Badge colour of each verdict: forwarded green, dropped and error red, audit orange, the rest blue/purple. */
export const VERDICT_COLORS: Record<string, BadgeColor> = {
  FORWARDED: 'green',
  DROPPED: 'red',
  ERROR: 'red',
  AUDIT: 'orange',
  REDIRECTED: 'blue',
  TRACED: 'purple',
  TRANSLATED: 'purple',
};

/** DNS response codes (RFC 1035 and 6895) by number. */
const RCODES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
};
const FLAG_ORDER: Array<keyof TCPFlags> = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG', 'ECE', 'CWR', 'NS'];

/** Name of a DNS rcode (`NXDOMAIN`), `rcode N` for others. */
export function rcodeName(rcode: number | undefined): string {
  return RCODES[rcode ?? 0] ?? `rcode ${rcode}`;
}

/** The page a pod endpoint links to: its workload page when Cilium named the workload and its kind, else the pod page. */
export function endpointUrl(side: FlowSide): string | undefined {
  const ep = side.endpoint;
  if (!ep.namespace) {
    return undefined;
  }
  const w = ep.workloads?.[0];
  if (w?.name && w.kind) {
    return drilldownUrl.workload(ep.namespace, w.kind, w.name);
  }
  return ep.pod_name ? drilldownUrl.pod(ep.namespace, ep.pod_name) : undefined;
}

/**
 * The Troubleshoot page asking why the flow's connection was dropped: its client as the source and
 * its server as the destination (a reply is turned round, as the service map counts it), over
 * `time` (the Flows page's range as its URL holds it). Undefined unless the flow was DROPPED.
 */
export function whyUrl(flow: HubbleFlow, time?: { from: string; to: string }): string | undefined {
  if (flow.verdict !== 'DROPPED') {
    return undefined;
  }
  const { client, server } = clientServer(flow);
  return troubleshootUrl({ source: subjectOf(client), destination: subjectOf(server) }, time);
}

/**
 * A pod name shortened by what its workload already says: `<workload>-…-<pod suffix>` when the
 * pod's name is the workload's name, a hash and a suffix (Deployment pods:
 * `podinfo-client-9lqcjq92x-sqst4` → `podinfo-client-…-sqst4`); other names unchanged.
 */
export function shortPodName(pod: string, workload: string | undefined): string {
  if (!workload || !pod.startsWith(`${workload}-`)) {
    return pod;
  }
  const rest = pod.slice(workload.length + 1).split('-');
  return rest.length >= 2 ? `${workload}-…-${rest[rest.length - 1]}` : pod;
}

/** The cell of one side of a flow (see EndpointCell). */
export function endpointCell(side: FlowSide): EndpointCell {
  const ep = side.endpoint;
  const labels = ep.labels ?? [];
  if (ep.pod_name) {
    const short = shortPodName(ep.pod_name, workloadOf(ep)?.name);
    return { title: ep.pod_name, short, subtitle: ep.namespace, url: endpointUrl(side), labels };
  }
  const reserved = reservedIdentity(ep);
  const label = ep.identity ? identityLabel(ep.labels) : undefined;
  const title =
    side.names[0] ??
    reserved ??
    label ??
    (ep.identity ? identityTitle(ep.identity, undefined) : (side.ip ?? 'unknown'));
  // an identity named by its labels keeps its number in the subtitle
  const subtitle = [
    label && title === label ? `identity ${ep.identity}` : '',
    side.ip && side.ip !== title ? side.ip : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return { title, short: title, subtitle: subtitle || undefined, labels };
}

/** Destination port with protocol, or ICMP type/code. */
export function destinationPort(flow: HubbleFlow): string {
  const l4 = flow.l4 ?? {};
  for (const proto of ['TCP', 'UDP', 'SCTP'] as const) {
    const p = l4[proto];
    if (p) {
      return p.destination_port ? `${p.destination_port}/${proto}` : proto;
    }
  }
  for (const proto of ['ICMPv4', 'ICMPv6'] as const) {
    const icmp = l4[proto];
    if (icmp) {
      return `${proto} ${icmp.type ?? 0}/${icmp.code ?? 0}`;
    }
  }
  return '';
}

/** Milliseconds of `latency_ns` (a uint64 string), rounded to 0.1 ms; undefined when absent. */
export function latencyMs(flow: HubbleFlow): number | undefined {
  const ns = Number(flow.l7?.latency_ns);
  return Number.isFinite(ns) && ns > 0 ? Math.round(ns / 1e5) / 10 : undefined;
}

/** One-line summary of the L7 part: HTTP method/url/code and latency, DNS query/rcode/answers. */
export function l7Summary(flow: HubbleFlow): string {
  const l7 = flow.l7;
  if (!l7) {
    return '';
  }
  const latency = latencyMs(flow);
  const after = latency !== undefined ? ` (${latency} ms)` : '';
  if (l7.http) {
    const { method = '', url = '', code } = l7.http;
    return `${code ? `${code} ` : ''}${method} ${url}`.trim() + after;
  }
  if (l7.dns) {
    const { query = '', qtypes = [], rcode, ips = [] } = l7.dns;
    const q = `${qtypes.join(',')}${qtypes.length ? '? ' : ''}${query}`;
    if (l7.type === 'REQUEST') {
      return `DNS ${q}`;
    }
    const answer = rcode ? rcodeName(rcode) : ips.length ? ips.join(', ') : 'NOERROR';
    return `DNS ${q} → ${answer}${after}`;
  }
  if (l7.kafka) {
    return 'Kafka';
  }
  return l7.type ?? '';
}

/** TCP flags set on the packet, `SYN, ACK`. */
export function tcpFlags(flow: HubbleFlow): string {
  const flags = flow.l4?.TCP?.flags;
  return flags ? FLAG_ORDER.filter((f) => flags[f]).join(', ') : '';
}

/** Abbreviations kept in capitals when a drop reason is written as words. */
const DROP_REASON_ACRONYMS = new Set([
  'CT',
  'IP',
  'IPV4',
  'IPV6',
  'ICMP',
  'ICMPV6',
  'L2',
  'L3',
  'L4',
  'L7',
  'TCP',
  'UDP',
  'SCTP',
  'MTU',
  'LB',
  'NAT',
  'SNAT',
  'DNAT',
  'NAT46',
  'NAT64',
  'BPF',
  'VLAN',
  'ARP',
  'FIB',
  'IPSEC',
  'SRV6',
  'DSR',
  'TTL',
  'MAC',
  'CIDR',
]);

/**
 * A Hubble drop reason (`flow.drop_reason_desc`, the `DropReason` enum name of flow.proto, e.g.
 * `POLICY_DENIED`, `CT_MAP_INSERTION_FAILED`) as words: `Policy denied`, `CT map insertion failed`.
 * Empty stays empty; the enum name itself stays in the flow's details.
 */
export function dropReasonText(reason: string | undefined): string {
  if (!reason) {
    return '';
  }
  const words = reason.split('_').filter(Boolean);
  return words
    .map((w, i) =>
      DROP_REASON_ACRONYMS.has(w)
        ? w.replace('V4', 'v4').replace('V6', 'v6')
        : i === 0
          ? w[0] + w.slice(1).toLowerCase()
          : w.toLowerCase()
    )
    .join(' ');
}

/** The table row of a group of observations of one packet (see observations.ts); a lone flow is a group of one. */
export function toGroupRow(group: FlowGroup, index: number): FlowRow {
  return {
    ...toFlowRow(group.shown, index),
    observed: seenAt(group),
    observations: group.flows.map(observationText),
    group: group.flows,
  };
}

/** The table row of one flow. */
export function toFlowRow(flow: HubbleFlow, index: number): FlowRow {
  const direction =
    flow.traffic_direction && flow.traffic_direction !== 'TRAFFIC_DIRECTION_UNKNOWN'
      ? flow.traffic_direction.toLowerCase()
      : '';
  return {
    id: flow.uuid ?? `${flow.time ?? 'no-time'}#${index}`,
    time: flow.time ?? '',
    timeMs: flowTimeMs(flow.time),
    source: endpointCell(flowSide(flow, 'source')),
    destination: endpointCell(flowSide(flow, 'destination')),
    destinationPort: destinationPort(flow),
    l7: l7Summary(flow),
    verdict: flow.verdict ?? 'VERDICT_UNKNOWN',
    dropReason: flow.verdict === 'DROPPED' ? dropReasonText(flow.drop_reason_desc) : '',
    direction,
    tcpFlags: tcpFlags(flow),
    isReply: Boolean(flow.is_reply),
    observed: seenAt({ flows: [flow], shown: flow }),
    observations: [observationText(flow)],
    flow,
    group: [flow],
  };
}
