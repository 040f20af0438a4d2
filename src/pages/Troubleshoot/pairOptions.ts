import type { ComboboxOption } from '@grafana/ui';
import { ServiceMapResponse } from '../../gateway/types';

/**
 * What the source and destination pickers offer, from the gateway's service map over the page's
 * time range (workloads and DNS names that had flows) and the namespaces Relay knows, and the
 * dropped connections the page suggests before a pair is picked.
 */

/** Group of the DNS names among the options. */
export const DNS_GROUP = 'DNS names (world)';

/**
 * The side a service-map node id stands for in a connectivity question: `namespace/workload` as it
 * is, `dns:<name>` as the name; undefined for reserved identities and bare identities, which have
 * no name the gateway can look up (type their IP instead).
 */
export function subjectOfNode(id: string): string | undefined {
  if (id.startsWith('dns:')) {
    return id.slice(4).replace(/\.$/, '');
  }
  return /^[a-z0-9][-a-z0-9.]*\/[^/]+$/.test(id) ? id : undefined;
}

/**
 * Picker options: every workload of the map grouped by namespace (namespaces in the gateway's order,
 * then any other), then the DNS names, each with its flow count over the range as description.
 */
export function pairOptions(map: ServiceMapResponse, namespaces: string[]): Array<ComboboxOption<string>> {
  const order = new Map(namespaces.map((n, i) => [n, i]));
  const rank = (ns: string) => order.get(ns) ?? order.size;
  const flowsOf = (n: ServiceMapResponse['nodes'][number]) => (n.flows?.in ?? 0) + (n.flows?.out ?? 0);
  const workloads = map.nodes
    .filter((n) => n.type === 'workload' && n.namespace)
    .sort((a, b) => rank(a.namespace) - rank(b.namespace) || a.id.localeCompare(b.id));
  const dns = map.nodes.filter((n) => n.type === 'dns').sort((a, b) => a.name.localeCompare(b.name));
  return [
    ...workloads.map((n) => ({
      value: n.id,
      label: n.id,
      group: n.namespace,
      description: [n.workload_kind, `${flowsOf(n)} flows`].filter(Boolean).join(' · '),
    })),
    ...dns.map((n) => ({
      value: n.name.replace(/\.$/, ''),
      label: n.name.replace(/\.$/, ''),
      group: DNS_GROUP,
      description: `${flowsOf(n)} flows`,
    })),
  ];
}

/** A connection with drops on the service map, as the Troubleshoot page offers it. */
export interface DroppedPair {
  source: string;
  destination: string;
  dropped: number;
  flows: number;
}

/** The map's edges with DROPPED flows whose two ends can be asked about, most drops first. */
export function droppedPairs(map: ServiceMapResponse): DroppedPair[] {
  const out: DroppedPair[] = [];
  for (const e of map.edges) {
    const dropped = e.verdicts?.DROPPED ?? 0;
    const source = subjectOfNode(e.source);
    const destination = subjectOfNode(e.target);
    if (dropped > 0 && source && destination) {
      out.push({ source, destination, dropped, flows: e.flows });
    }
  }
  return out.sort((a, b) => b.dropped - a.dropped || a.source.localeCompare(b.source));
}
