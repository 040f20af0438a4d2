/**
 * A TCP connection as Hubble sees it (monitor aggregation "medium": only packets with new TCP
 * flags are reported): on the client's node SYN, SYN-ACK (reply), ACK, FIN and FIN reply; on the
 * server's node the ingress policy verdict, SYN, SYN-ACK, FIN and FIN reply. A denied connection
 * is a SYN retransmitted up to three times, each one a policy verdict DROPPED plus a drop event:
 * at the server's ingress (on its node, after the client's egress forwarded it) or at the client's
 * egress (on its node; the SYN never leaves). As in Cilium, a drop for lack of an allow rule is
 * POLICY_DENIED without `*_denied_by`; one by an explicit deny rule is POLICY_DENY with the rule in
 * `ingress_denied_by` / `egress_denied_by`. Each side is observed only when it is a
 * Cilium-managed pod (not host-network, not world).
 */
import { FlowSink, PacketSpec, ServiceRef, TcpFlags, packet } from './builders';
import { Party } from './endpoint';
import { PolicyJson } from './policies';
import { NodeInfo } from '../topology/types';

/** The policy that allowed one side of a connection, and whether it has L7 rules (proxy redirect). */
export type PolicyHook = { policy: PolicyJson; l7: boolean };

/** One TCP connection; times in microseconds since the Unix epoch. */
export type TcpSessionSpec = {
  us: number;
  client: Party;
  server: Party;
  clientPort: number;
  serverPort: number;
  dstService?: ServiceRef;
  /** Round-trip time, microseconds. */
  rttUs: number;
  /** Time from SYN to the client's FIN, microseconds. */
  durationUs: number;
  egress?: PolicyHook;
  ingress?: PolicyHook;
  /** Set to deny the connection: where, and the deny rule that matched (none: no rule allows it). */
  denied?: { at: 'ingress' | 'egress'; rule?: PolicyJson };
  dstNames?: string[];
};

const VXLAN = { index: 6, name: 'cilium_vxlan' };

function observedNode(p: Party): NodeInfo | undefined {
  return p.pod && p.node && !p.pod.workload.hostNetwork ? p.node : undefined;
}

function lxc(p: Party): { index: number; name: string } | undefined {
  return p.pod ? { index: p.pod.lxcIndex, name: p.pod.lxcName } : undefined;
}

/** A packet of the connection, client -> server (fwd) or server -> client. */
function pkt(
  sink: FlowSink,
  s: TcpSessionSpec,
  fwd: boolean,
  us: number,
  observer: NodeInfo,
  flags: TcpFlags,
  extra: Partial<PacketSpec>
): void {
  packet(sink, {
    us,
    observer,
    src: fwd ? s.client : s.server,
    dst: fwd ? s.server : s.client,
    srcPort: fwd ? s.clientPort : s.serverPort,
    dstPort: fwd ? s.serverPort : s.clientPort,
    proto: 'TCP',
    flags,
    event: 'trace',
    verdict: 'FORWARDED',
    isReply: !fwd,
    dstService: fwd ? s.dstService : undefined,
    dstNames: fwd ? s.dstNames : undefined,
    ...extra,
  });
}

function clientSide(sink: FlowSink, s: TcpSessionSpec, c: NodeInfo, us: number, flags: TcpFlags, first: boolean): void {
  if (first && s.egress) {
    pkt(sink, s, true, us - 5, c, flags, {
      event: 'policy-verdict',
      verdict: s.egress.l7 ? 'REDIRECTED' : 'FORWARDED',
      direction: 'EGRESS',
      matchType: 2,
      egressAllowedBy: [s.egress.policy],
    });
  }
  const point = s.egress?.l7 ? 'TO_PROXY' : 'TO_OVERLAY';
  pkt(sink, s, true, us, c, flags, { point, direction: 'EGRESS', iface: point === 'TO_OVERLAY' ? VXLAN : undefined });
}

function serverSide(
  sink: FlowSink,
  s: TcpSessionSpec,
  srv: NodeInfo,
  us: number,
  flags: TcpFlags,
  first: boolean
): void {
  if (first && s.ingress) {
    pkt(sink, s, true, us - 3, srv, flags, {
      event: 'policy-verdict',
      verdict: s.ingress.l7 ? 'REDIRECTED' : 'FORWARDED',
      direction: 'INGRESS',
      matchType: 2,
      ingressAllowedBy: [s.ingress.policy],
    });
  }
  pkt(sink, s, true, us, srv, flags, {
    point: s.ingress?.l7 ? 'TO_PROXY' : 'TO_ENDPOINT',
    direction: 'INGRESS',
    iface: s.ingress?.l7 ? undefined : lxc(s.server),
  });
}

/** The three SYNs of a denied connection (see module doc). Returns the number of drop events. */
function deniedSession(
  sink: FlowSink,
  s: TcpSessionSpec,
  denied: NonNullable<TcpSessionSpec['denied']>,
  cObs: NodeInfo | undefined,
  srv: NodeInfo | undefined
): number {
  const half = s.rttUs / 2;
  const deny: Partial<PacketSpec> = {
    verdict: 'DROPPED',
    direction: denied.at === 'ingress' ? 'INGRESS' : 'EGRESS',
    dropReason: denied.rule ? 181 : 133,
    ...(denied.rule && denied.at === 'ingress' ? { ingressDeniedBy: [denied.rule] } : {}),
    ...(denied.rule && denied.at === 'egress' ? { egressDeniedBy: [denied.rule] } : {}),
  };
  const observer = denied.at === 'ingress' ? srv : observedNode(s.client);
  let drops = 0;
  [0, 1_000_000, 3_000_000].forEach((offset, attempt) => {
    const t = s.us + offset;
    if (denied.at === 'ingress' && cObs) {
      clientSide(sink, s, cObs, t, { SYN: true }, attempt === 0);
    }
    if (observer) {
      const at = denied.at === 'ingress' ? t + half : t;
      pkt(sink, s, true, at, observer, { SYN: true }, { ...deny, event: 'policy-verdict' });
      pkt(sink, s, true, at + 2, observer, { SYN: true }, { ...deny, event: 'drop' });
      drops++;
    }
  });
  return drops;
}

/** Emits the flows of one connection. Returns the number of drop events emitted. */
export function tcpSession(sink: FlowSink, s: TcpSessionSpec): number {
  const c = observedNode(s.client);
  const srv = observedNode(s.server);
  const same = !!c && !!srv && c.name === srv.name;
  // On a single node the client's packets are seen once, at the server's endpoint (unless proxied).
  const cObs = c && (!same || s.egress?.l7) ? c : undefined;
  const half = s.rttUs / 2;
  if (s.denied) {
    return deniedSession(sink, s, s.denied, cObs, srv);
  }
  const t0 = s.us;
  const tf = t0 + Math.max(s.durationUs, s.rttUs * 2);
  if (cObs) {
    clientSide(sink, s, cObs, t0, { SYN: true }, true);
    pkt(
      sink,
      s,
      false,
      t0 + s.rttUs,
      cObs,
      { SYN: true, ACK: true },
      { point: 'TO_ENDPOINT', direction: 'EGRESS', iface: lxc(s.client) }
    );
    clientSide(sink, s, cObs, t0 + s.rttUs + 15, { ACK: true }, false);
    clientSide(sink, s, cObs, tf, { ACK: true, FIN: true }, false);
    pkt(
      sink,
      s,
      false,
      tf + s.rttUs + 30,
      cObs,
      { ACK: true, FIN: true },
      { point: 'TO_ENDPOINT', direction: 'EGRESS', iface: lxc(s.client) }
    );
  }
  if (srv) {
    const replyPoint = same ? 'TO_ENDPOINT' : 'TO_OVERLAY';
    const replyIface = same ? lxc(s.client) : VXLAN;
    serverSide(sink, s, srv, t0 + half, { SYN: true }, true);
    pkt(
      sink,
      s,
      false,
      t0 + half + 20,
      srv,
      { SYN: true, ACK: true },
      { point: replyPoint, direction: 'INGRESS', iface: replyIface }
    );
    serverSide(sink, s, srv, tf + half, { ACK: true, FIN: true }, false);
    pkt(
      sink,
      s,
      false,
      tf + half + 30,
      srv,
      { ACK: true, FIN: true },
      { point: replyPoint, direction: 'INGRESS', iface: replyIface }
    );
  }
  return 0;
}
