import { clientServer, nodeIdOf, workloadOf } from '../../gateway/endpoints';
import { VERDICTS, Verdict } from '../../gateway/params';
import { HubbleFlow } from '../../gateway/types';
import { flowsPageUrl } from '../Flows/filterState';

/** Characters with a meaning in a regular expression, escaped for the Flows page's DNS query filter. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The Flows page showing the flows like a finding's example flow: the connection's client and
 * server (service-map node ids, the page's pair filter; a workload end also narrows the gateway
 * query), the flow's verdict and, for DNS, its query name, over the Troubleshoot page's time range
 * (`from` / `to` as Grafana writes them in the URL).
 */
export function exampleFlowsUrl(flow: HubbleFlow, time: { from: string; to: string }): string {
  const { client, server } = clientServer(flow);
  const peer = (id: string) => (id === 'unknown' ? undefined : id);
  const workload = [client, server]
    .map((side) => {
      const w = workloadOf(side.endpoint);
      return w && side.endpoint.namespace ? `${side.endpoint.namespace}/${w.name}` : undefined;
    })
    .find(Boolean);
  const dnsQuery = flow.l7?.dns?.query;
  const verdict = (VERDICTS as readonly string[]).includes(flow.verdict ?? '') ? [flow.verdict as Verdict] : [];
  return flowsPageUrl(
    {
      workload,
      client: peer(nodeIdOf(client)),
      server: peer(nodeIdOf(server)),
      verdict,
      dnsQuery: dnsQuery ? `^${escapeRegExp(dnsQuery)}$` : undefined,
    },
    time
  );
}
