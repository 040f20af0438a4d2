import {
  HOST_LABEL,
  KUBE_DNS_LABEL,
  REMOTE_NODE_LABEL,
  clientServer,
  hasLabel,
  sideIsNode,
} from '../../gateway/endpoints';
import { HubbleFlow } from '../../gateway/types';
import { FlowFilterValues, HideOption } from './filterState';

/** Identity label each hide toggle looks for on either side of a flow. */
export const HIDE_LABELS: Record<HideOption, string> = {
  'kube-dns': KUBE_DNS_LABEL,
  host: HOST_LABEL,
  'remote-node': REMOTE_NODE_LABEL,
};

/** True when either side of the flow carries the identity label of one of the hidden kinds of traffic. */
export function isHidden(flow: HubbleFlow, hide: readonly HideOption[]): boolean {
  return hide.some(
    (option) => hasLabel(flow.source, HIDE_LABELS[option]) || hasLabel(flow.destination, HIDE_LABELS[option])
  );
}

/**
 * True when the flow belongs to a connection from service-map node `client` to node `server`
 * (either may be unset); replies are oriented as their requests, as the service map counts them.
 */
export function isBetween(flow: HubbleFlow, client?: string, server?: string): boolean {
  if (!client && !server) {
    return true;
  }
  const sides = clientServer(flow);
  return (!client || sideIsNode(sides.client, client)) && (!server || sideIsNode(sides.server, server));
}

/** The flows the table shows: the gateway's answer without hidden traffic and outside the chosen pair. */
export function visibleFlows(
  flows: HubbleFlow[],
  filters: Pick<FlowFilterValues, 'hide' | 'client' | 'server'>
): HubbleFlow[] {
  return flows.filter((f) => !isHidden(f, filters.hide) && isBetween(f, filters.client, filters.server));
}
