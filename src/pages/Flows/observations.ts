import { HubbleFlow } from '../../gateway/types';

/**
 * Hubble reports one packet once per place it is seen: at the source pod's egress (on the client's
 * node), at the destination pod's ingress (on the server's node), and a denied packet as a policy
 * verdict event plus a drop event. This module folds those observations of one packet into one
 * group, as Hubble UI users expect to read a connection once.
 *
 * Two flows are observations of the same packet when they agree on the packet itself (IPs, L4
 * protocol and ports or ICMP type/code, TCP flags, reply flag, L7 record) and were seen within
 * FOLD_WINDOW_MS of each other at different observation points (node, traffic direction, event
 * type). A retransmitted SYN seen again at the same point starts a new group.
 * Fields per flow.proto (`IP`, `l4`, `is_reply`, `l7`, `node_name`, `traffic_direction`, `event_type`).
 */

/** Largest time between two observations of one packet that are folded, in milliseconds. */
export const FOLD_WINDOW_MS = 1000;

/** Verdicts in the order a folded row shows them: the first one present among its observations wins. */
const VERDICT_PRECEDENCE = ['DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRANSLATED', 'TRACED', 'FORWARDED'];

/** Cilium monitor event types (`event_type.type`, pkg/monitor/api/types.go) as words. */
const EVENT_KINDS: Record<number, string> = {
  1: 'drop',
  4: 'trace',
  5: 'policy verdict',
  9: 'debug capture',
  129: 'L7',
};

/** The observations of one packet, newest first as the gateway sent them; `shown` is the one the row shows. */
export interface FlowGroup {
  flows: HubbleFlow[];
  /** The observation whose verdict decides (a drop over a forward), else the earliest. */
  shown: HubbleFlow;
}

function packetKey(f: HubbleFlow): string {
  const l4 = f.l4 ?? {};
  const tcp = l4.TCP;
  const ports = tcp ?? l4.UDP ?? l4.SCTP;
  const icmp = l4.ICMPv4 ?? l4.ICMPv6;
  const flags = tcp?.flags
    ? Object.entries(tcp.flags)
        .filter(([, on]) => on)
        .map(([k]) => k)
        .sort()
        .join('')
    : '';
  const l7 = f.l7;
  return [
    f.IP?.source ?? '',
    f.IP?.destination ?? '',
    tcp ? 'TCP' : l4.UDP ? 'UDP' : l4.SCTP ? 'SCTP' : l4.ICMPv4 ? 'ICMPv4' : l4.ICMPv6 ? 'ICMPv6' : '',
    ports?.source_port ?? '',
    ports?.destination_port ?? '',
    icmp ? `${icmp.type ?? 0}/${icmp.code ?? 0}` : '',
    flags,
    f.is_reply ? 'r' : '',
    l7 ? JSON.stringify([l7.type, l7.http?.method, l7.http?.url, l7.http?.code, l7.dns?.query, l7.dns?.rcode]) : '',
  ].join('|');
}

/** Where and how a flow was observed: node, traffic direction and event type. */
function pointKey(f: HubbleFlow): string {
  return `${f.node_name ?? ''}|${f.traffic_direction ?? ''}|${f.event_type?.type ?? ''}|${f.trace_observation_point ?? ''}`;
}

function timeMs(f: HubbleFlow): number {
  const t = Date.parse(f.time ?? '');
  return Number.isFinite(t) ? t : NaN;
}

function decisive(flows: HubbleFlow[]): HubbleFlow {
  const rank = (f: HubbleFlow) => {
    const i = VERDICT_PRECEDENCE.indexOf(f.verdict ?? '');
    return i < 0 ? VERDICT_PRECEDENCE.length : i;
  };
  // flows are newest first: the last of equal rank is the earliest observation
  return flows.reduce((best, f) => (rank(f) <= rank(best) ? f : best));
}

/**
 * Groups the observations of each packet (see the module doc), keeping the order of `flows`
 * (a group sits where its first member was). O(n) over the flows; flows without a time stay alone.
 */
export function foldObservations(flows: HubbleFlow[]): FlowGroup[] {
  const groups: HubbleFlow[][] = [];
  // open groups by packet key: the group and the time of its first member
  const open = new Map<string, Array<{ members: HubbleFlow[]; t: number; points: Set<string> }>>();
  for (const f of flows) {
    const t = timeMs(f);
    const key = packetKey(f);
    const point = pointKey(f);
    const candidates = Number.isFinite(t) ? (open.get(key) ?? []) : [];
    // drop groups that are too far away in time (flows arrive ordered by time)
    const live = candidates.filter((g) => Math.abs(g.t - t) <= FOLD_WINDOW_MS);
    const target = live.find((g) => !g.points.has(point));
    if (target) {
      target.members.push(f);
      target.points.add(point);
    } else {
      const members = [f];
      groups.push(members);
      if (Number.isFinite(t)) {
        live.push({ members, t, points: new Set([point]) });
      }
    }
    if (Number.isFinite(t)) {
      open.set(key, live);
    }
  }
  return groups.map((members) => ({ flows: members, shown: decisive(members) }));
}

/** One observation as words: `egress on node-a (trace, TO_OVERLAY)`. */
export function observationText(f: HubbleFlow): string {
  const direction =
    f.traffic_direction && f.traffic_direction !== 'TRAFFIC_DIRECTION_UNKNOWN' ? f.traffic_direction.toLowerCase() : '';
  const event = EVENT_KINDS[f.event_type?.type ?? -1];
  const point =
    f.trace_observation_point && f.trace_observation_point !== 'UNKNOWN_POINT' ? f.trace_observation_point : '';
  const how = [event, point].filter(Boolean).join(', ');
  return [direction || 'seen', f.node_name ? `on ${f.node_name}` : '', how ? `(${how})` : ''].filter(Boolean).join(' ');
}

/**
 * The short "observed at" of a row: `egress`, `ingress`, `egress + ingress` when both
 * pods' nodes saw the packet, and `· N events` when one point reported it more than once (policy
 * verdict and drop).
 */
export function seenAt(group: FlowGroup): string {
  const directions = new Set(group.flows.map((f) => f.traffic_direction));
  const egress = directions.has('EGRESS');
  const ingress = directions.has('INGRESS');
  const where = egress && ingress ? 'egress + ingress' : egress ? 'egress' : ingress ? 'ingress' : '';
  const extra = group.flows.length > (egress && ingress ? 2 : 1) ? `${group.flows.length} events` : '';
  return [where, extra].filter(Boolean).join(' · ');
}
