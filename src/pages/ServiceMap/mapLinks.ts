import { ROUTES, TROUBLESHOOT_PARAMS, drilldownUrl, prefixRoute } from '../../constants';
import { FILTER_URL_KEYS } from '../Flows/filterState';
import { subjectOfNode } from '../Troubleshoot/pairOptions';
import { GraphEdge, GraphNode } from './graph';

/**
 * Where clicking a node or an edge of the map leads. The URLs end with `?` or `&` so the panel's
 * data link can append Grafana's `${__url_time_range}` (`from=...&to=...`).
 *
 * Query values are left unencoded: Grafana passes a data link's URL through `encodeURI` after
 * interpolating it, so an encoded value (`%2F`) would arrive double-encoded (`%252F`). The values
 * are Kubernetes names and node ids (`ns/name`, `reserved:world`, `dns:a.example.com`), which hold
 * no `&`, `#`, `+` or `%`.
 */

/** Workload kinds that have a workload page (kube-state-metrics owner kinds). */
const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicaSet',
  'ReplicationController',
]);

function open(url: string): string {
  return url + (url.includes('?') ? '&' : '?');
}

/** The Flows page with filters as a raw query (see the module comment), ending with `&` or `?`. */
function flowsLink(filters: { workload?: string; client?: string; server?: string }): string {
  const pairs = (['workload', 'client', 'server'] as const)
    .filter((k) => filters[k])
    .map((k) => `${FILTER_URL_KEYS[k]}=${filters[k]}`);
  return open(`${prefixRoute(ROUTES.Flows)}${pairs.length ? `?${pairs.join('&')}` : ''}`);
}

/** True for node ids the Flows page's pair filter understands (`ns/name`, `reserved:`, `dns:`, `identity:`). */
export function isFlowsPeer(id: string): boolean {
  return /^(reserved|dns|identity):./.test(id) || /^[a-z0-9][-a-z0-9.]*\/[^/]+$/.test(id);
}

/** The gateway `workload` parameter (`namespace/name`) of a workload node, else undefined. */
function workloadParam(node: GraphNode | undefined): string | undefined {
  return node?.kind === 'workload' && node.namespace ? `${node.namespace}/${node.name}` : undefined;
}

/**
 * A node's page: the workload page when its kind is known, the namespace page for a workload of
 * unknown kind, otherwise the Flows page showing the node's connections as a client.
 */
export function nodeUrl(node: GraphNode): string {
  if (node.kind === 'workload' && node.namespace) {
    return open(
      node.workloadKind && WORKLOAD_KINDS.has(node.workloadKind)
        ? drilldownUrl.workload(node.namespace, node.workloadKind, node.name)
        : drilldownUrl.namespace(node.namespace)
    );
  }
  return flowsLink(isFlowsPeer(node.id) ? { client: node.id } : {});
}

/** What `nodeUrl` opens, in words, for the node's details. */
export function nodeUrlLabel(node: GraphNode): string {
  if (node.kind === 'workload' && node.namespace) {
    return node.workloadKind && WORKLOAD_KINDS.has(node.workloadKind) ? 'workload page' : 'namespace page';
  }
  return 'flows from this node';
}

/**
 * The Flows page filtered to an edge: the gateway narrows by one workload end (`workload=ns/name`),
 * the page keeps the pair (`client`, `server`) in the browser.
 */
export function edgeUrl(edge: GraphEdge, nodes: Map<string, GraphNode>): string {
  const source = nodes.get(edge.source);
  const target = nodes.get(edge.target);
  return flowsLink({
    workload: workloadParam(source) ?? workloadParam(target),
    client: isFlowsPeer(edge.source) ? edge.source : undefined,
    server: isFlowsPeer(edge.target) ? edge.target : undefined,
  });
}

/**
 * The Troubleshoot page asking about an edge's connection ("Why?" on a red, dropping edge): its
 * client as the source, its server as the destination, where the node ids name something the
 * gateway can look up (a workload, a DNS name); a side it cannot name is left for the user to pick.
 */
export function edgeWhyUrl(edge: GraphEdge): string {
  const pairs = [
    [TROUBLESHOOT_PARAMS.source, subjectOfNode(edge.source)],
    [TROUBLESHOOT_PARAMS.destination, subjectOfNode(edge.target)],
  ]
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`);
  return open(`${prefixRoute(ROUTES.Troubleshoot)}${pairs.length ? `?${pairs.join('&')}` : ''}`);
}
