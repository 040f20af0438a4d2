/**
 * What traffic that was not dropped shows: HTTP error answers (L7 HTTP responses with a status
 * code, flow.HTTP.code) and TCP handshakes that were refused or never answered (flow.TCPFlags of
 * the SYN and of the reply: SYN-ACK, or RST).
 *
 * Flows are those of connections opened by `from` towards `to`: requests from → to and replies
 * to → from (`is_reply`).
 */
import { addPort, flowTimeMs, serverPort, type FlowJson, type PortJson } from './flowJson';
import { newestFlow, portsText, type Finding } from './report';

/** A SYN older than this before the newest flow without any answer counts as unanswered. */
const ANSWER_GRACE_MS = 2000;

/** HTTP 5xx and 4xx findings from the responses among `flows`. */
export function httpFindings(flows: FlowJson[], from: string, to: string): Finding[] {
  let responses = flows.filter((f) => f.l7?.type === 'RESPONSE' && (f.l7.http?.code ?? 0) > 0);
  // With L7 visibility on both sides each response is seen twice: count the server side's view.
  const atServer = responses.filter((f) => f.traffic_direction === 'INGRESS');
  if (atServer.length) {
    responses = atServer;
  }
  if (!responses.length) {
    return [];
  }
  const out: Finding[] = [];
  for (const [cls, min, max] of [
    ['5xx', 500, 599],
    ['4xx', 400, 499],
  ] as const) {
    const errors = responses.filter((f) => f.l7!.http!.code! >= min && f.l7!.http!.code! <= max);
    if (!errors.length) {
      continue;
    }
    const codes = new Map<number, number>();
    const requests = new Map<string, number>();
    const ports: PortJson[] = [];
    for (const f of errors) {
      const h = f.l7!.http!;
      codes.set(h.code!, (codes.get(h.code!) ?? 0) + 1);
      const path = (h.url ?? '').replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0];
      const req = `${h.method ?? ''} ${path}`.trim();
      requests.set(req, (requests.get(req) ?? 0) + 1);
      addPort(ports, serverPort(f));
    }
    const share = errors.length / responses.length;
    const top = (m: Map<string | number, number>) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ');
    const all = share === 1;
    out.push({
      severity: cls === '5xx' ? (all ? 'error' : 'warning') : share > 0.5 ? 'warning' : 'info',
      kind: 'http-errors',
      summary: `${to} answered ${errors.length} of ${responses.length} HTTP requests from ${from} with ${cls} (${Math.round(share * 100)} %).`,
      detail: `Status codes: ${top(codes)}. Requests: ${top(requests)}. The network delivered these requests; the answers come from ${to} (or a proxy in front of it).`,
      fix:
        cls === '5xx'
          ? `Look at ${to}'s logs and traces around these times (the workload's Logs and Traces tabs): 5xx are server errors. A 503 from a proxy often means it has no healthy upstream.`
          : `Check the requests ${from} sends (paths, authentication): 4xx are answers to requests the server rejects. A 403 from Cilium's proxy means an L7 rule denied it (see policy findings).`,
      direction: errors[0].traffic_direction === 'INGRESS' ? 'ingress' : 'egress',
      drop_reason: null,
      ports,
      policies: [],
      flows: errors.length,
      example_flow: newestFlow(errors),
    });
  }
  return out;
}

type Conn = { syn: FlowJson[]; synAck: boolean; rst: FlowJson[]; dropped: boolean; lastSynMs: number; port?: PortJson };

/** Refused (RST instead of SYN-ACK) and unanswered TCP connection attempts among `flows`. */
export function tcpFindings(flows: FlowJson[], newestMs: number, from: string, to: string): Finding[] {
  const conns = new Map<string, Conn>();
  for (const f of flows) {
    const tcp = f.l4?.TCP;
    if (!tcp) {
      continue;
    }
    const reply = !!f.is_reply;
    const key = reply
      ? `${f.IP?.destination}:${tcp.destination_port}>${f.IP?.source}:${tcp.source_port}`
      : `${f.IP?.source}:${tcp.source_port}>${f.IP?.destination}:${tcp.destination_port}`;
    let c = conns.get(key);
    if (!c) {
      c = { syn: [], synAck: false, rst: [], dropped: false, lastSynMs: -Infinity };
      conns.set(key, c);
    }
    if (f.verdict === 'DROPPED') {
      c.dropped = true;
    }
    const flags = tcp.flags ?? {};
    if (!reply && flags.SYN && !flags.ACK) {
      c.syn.push(f);
      c.lastSynMs = Math.max(c.lastSynMs, flowTimeMs(f));
      c.port = serverPort(f);
    } else if (reply && flags.SYN && flags.ACK) {
      c.synAck = true;
    } else if (reply && flags.RST) {
      c.rst.push(f);
    }
  }
  const attempts = [...conns.values()].filter((c) => c.syn.length && !c.dropped);
  const refused = attempts.filter((c) => !c.synAck && c.rst.length);
  const unanswered = attempts.filter((c) => !c.synAck && !c.rst.length && c.lastSynMs < newestMs - ANSWER_GRACE_MS);
  const out: Finding[] = [];
  const portsOf = (cs: Conn[]) => {
    const ports: PortJson[] = [];
    cs.forEach((c) => addPort(ports, c.port));
    return ports;
  };
  if (refused.length) {
    const ports = portsOf(refused);
    out.push({
      severity: refused.length === attempts.length ? 'error' : 'warning',
      kind: 'tcp-handshake',
      summary: `${to} refused ${refused.length} of ${attempts.length} TCP connections from ${from} (RST instead of SYN-ACK) on ${portsText(ports)}.`,
      detail:
        'The SYN reached the destination and was answered with a reset: nothing was listening on that port, typically because the process is down (crash loop, restart) or listens on another port.',
      fix: `Check that ${to}'s pods are running and ready (\`kubectl get pods\`, restarts, CrashLoopBackOff) and listen on ${portsText(ports)} (containerPort, the Service's targetPort).`,
      direction: null,
      drop_reason: null,
      ports,
      policies: [],
      flows: refused.reduce((n, c) => n + c.syn.length + c.rst.length, 0),
      example_flow: newestFlow(refused.flatMap((c) => c.rst)),
    });
  }
  if (unanswered.length) {
    const ports = portsOf(unanswered);
    out.push({
      severity: 'warning',
      kind: 'tcp-handshake',
      summary: `${unanswered.length} of ${attempts.length} TCP connections from ${from} to ${to} got no SYN-ACK on ${portsText(ports)}.`,
      detail:
        'The SYN was forwarded by Cilium but no answer was seen and no drop was reported: the packets were lost outside what Cilium observes (a firewall or cloud security group, routing between nodes) or the server did not answer (overloaded listen backlog).',
      fix: `Check the path between the nodes (node firewall, cloud security groups, MTU) and ${to}'s load; \`cilium-dbg monitor --type drop\` on both nodes shows drops Hubble missed.`,
      direction: null,
      drop_reason: null,
      ports,
      policies: [],
      flows: unanswered.reduce((n, c) => n + c.syn.length, 0),
      example_flow: newestFlow(unanswered.flatMap((c) => c.syn)),
    });
  }
  return out;
}
