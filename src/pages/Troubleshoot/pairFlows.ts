import { FlowSide, clientServer, workloadOf } from '../../gateway/endpoints';
import { parseSubject } from '../../gateway/subject';
import { HubbleFlow } from '../../gateway/types';

/**
 * Flows between the two sides of the Troubleshoot page's question, matched as the gateway matches
 * them (hubble-gateway/src/connectivity/subject.ts) for the cases the page needs: a workload or pod
 * by namespace and name, an IP by address, a DNS name by the side's DNS names.
 */

/** True when the flow side is `subject` (`namespace/workload`, `namespace/pod`, an IP or a DNS name). */
export function sideIs(side: FlowSide, subject: string): boolean {
  const parsed = parseSubject(subject);
  if ('error' in parsed) {
    return false;
  }
  const ep = side.endpoint;
  switch (parsed.kind) {
    case 'workload': {
      const [namespace, name] = subject.trim().split('/');
      return (
        ep.namespace === namespace &&
        (ep.pod_name === name || workloadOf(ep)?.name === name || (ep.workloads ?? []).some((w) => w.name === name))
      );
    }
    case 'ip':
      return side.ip === subject.trim();
    case 'dns': {
      const name = subject.trim().toLowerCase().replace(/\.$/, '');
      return side.names.some((n) => n.toLowerCase().replace(/\.$/, '') === name);
    }
  }
}

/**
 * The HTTP responses with a 4xx or 5xx status (flow.HTTP.code) of connections `from` opened to
 * `to` (replies oriented as their requests), newest first as given. With L7 visibility on both
 * sides each answer is seen twice; then only the server side's view (INGRESS) is kept, as the
 * gateway counts its `http-errors` findings.
 */
export function pairHttpErrors(flows: HubbleFlow[], from: string, to: string): HubbleFlow[] {
  const errors = flows.filter((f) => {
    if (f.l7?.type !== 'RESPONSE' || (f.l7.http?.code ?? 0) < 400) {
      return false;
    }
    const { client, server } = clientServer(f);
    return sideIs(client, from) && sideIs(server, to);
  });
  const atServer = errors.filter((f) => f.traffic_direction === 'INGRESS');
  return atServer.length ? atServer : errors;
}
