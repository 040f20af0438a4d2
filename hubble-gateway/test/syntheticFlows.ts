/**
 * Test helper: small hand-made flows in the `/api/v1/flows` JSON shape for the pure analysis tests,
 * with endpoints as Hubble prints them (labels `k8s:...`, `ID` only on the observing node's side).
 */
import type { EndpointJson, FlowJson } from '../src/connectivity/flowJson';

/** A pod endpoint of workload `name` in `ns` with extra labels; `local` adds the endpoint ID. */
export function pod(ns: string, name: string, labels: Record<string, string> = {}, local = false): EndpointJson {
  return {
    ...(local ? { ID: 1000 + name.length } : {}),
    identity: 20000 + name.length,
    namespace: ns,
    labels: [
      `k8s:app=${name}`,
      ...Object.entries(labels).map(([k, v]) => `k8s:${k}=${v}`),
      `k8s:io.cilium.k8s.policy.serviceaccount=${name}`,
      `k8s:io.kubernetes.pod.namespace=${ns}`,
      'k8s:pod-template-hash=7d9f8b6c5',
    ].sort(),
    pod_name: `${name}-7d9f8b6c5-x2x4z`,
    workloads: [{ name, kind: 'Deployment' }],
  };
}

/** The world (identity 2). */
export const WORLD: EndpointJson = { identity: 2, labels: ['reserved:world'] };

/** The same endpoint with the local endpoint ID (as seen on its own node). */
export function local(ep: EndpointJson): EndpointJson {
  return { ...ep, ID: 4242 };
}

let seq = 0;

/** A TCP flow; `t` seconds after 2025-05-01T10:00:00Z. */
export function tcp(
  src: EndpointJson,
  dst: EndpointJson,
  port: number,
  t: number,
  extra: Partial<FlowJson> & { flags?: Record<string, boolean> } = {}
): FlowJson {
  const { flags, ...rest } = extra;
  const reply = !!rest.is_reply;
  seq++;
  return {
    time: new Date(Date.UTC(2025, 4, 1, 10, 0, 0) + t * 1000).toISOString(),
    uuid: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    verdict: 'FORWARDED',
    IP: { source: `10.0.0.${src.identity! % 250}`, destination: `10.0.1.${dst.identity! % 250}`, ipVersion: 'IPv4' },
    l4: {
      TCP: {
        source_port: reply ? port : 40000 + (seq % 1000),
        destination_port: reply ? 40000 + (seq % 1000) : port,
        flags: flags ?? { SYN: true },
      },
    },
    source: src,
    destination: dst,
    Type: 'L3_L4',
    node_name: 'node-a',
    is_reply: reply,
    ...rest,
  };
}

/** A DNS response from CoreDNS to `client` for `query` with `rcode` and answers. */
export function dnsResponse(client: EndpointJson, query: string, rcode: number, ips: string[], t: number): FlowJson {
  const coredns = pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' });
  return {
    ...tcp(coredns, client, 53, t, { is_reply: true }),
    l4: { UDP: { source_port: 53, destination_port: 40001 } },
    Type: 'L7',
    l7: { type: 'RESPONSE', dns: { query, rcode: rcode || undefined, ips: ips.length ? ips : undefined } },
    traffic_direction: 'EGRESS',
  };
}

/** A DNS request from `client` to CoreDNS. */
export function dnsRequest(client: EndpointJson, query: string, t: number): FlowJson {
  const coredns = pod('kube-system', 'coredns', { 'k8s-app': 'kube-dns' });
  return {
    ...tcp(client, coredns, 53, t),
    l4: { UDP: { source_port: 40001, destination_port: 53 } },
    Type: 'L7',
    l7: { type: 'REQUEST', dns: { query } },
    traffic_direction: 'EGRESS',
  };
}
