/**
 * Hand-written flows of one podinfo request in `hubble observe -o json` `.flow` shape, as the demo
 * emits them (see ../flows/scenarios/podinfo.ts): podinfo-client → podinfo-frontend GET /api/echo,
 * inside which the frontend calls podinfo-backend POST /echo (500), plus a CoreDNS answer and a
 * SYN dropped by policy. Four L7 flows per exchange: REQUEST and RESPONSE on the client's node
 * (EGRESS) and on the server's node (INGRESS).
 */
import { FlowJson } from '../flows/types';

export const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
export const CLIENT_SPAN = '00f067aa0ba902b7';
export const FRONTEND_CALL_SPAN = 'a1b2c3d4e5f60718';

type Pod = { ns: string; pod: string; app: string; ip: string; node: string };
const client: Pod = {
  ns: 'podinfo',
  pod: 'podinfo-client-6c9d7b5f4-q2w3e',
  app: 'podinfo-client',
  ip: '10.0.1.10',
  node: 'node-1',
};
const frontend: Pod = {
  ns: 'podinfo',
  pod: 'podinfo-frontend-7d9c8b6f5-x7k2p',
  app: 'podinfo-frontend',
  ip: '10.0.2.20',
  node: 'node-2',
};
const backend: Pod = {
  ns: 'podinfo',
  pod: 'podinfo-backend-5f6b7c8d9-abcde',
  app: 'podinfo-backend',
  ip: '10.0.3.30',
  node: 'node-3',
};
const coredns: Pod = {
  ns: 'kube-system',
  pod: 'coredns-5d78c9869d-lm4np',
  app: 'kube-dns',
  ip: '10.0.0.53',
  node: 'node-1',
};

function ep(p: Pod) {
  return {
    ID: 100,
    identity: 20000,
    namespace: p.ns,
    labels: [`k8s:app=${p.app}`, `k8s:io.kubernetes.pod.namespace=${p.ns}`],
    pod_name: p.pod,
    workloads: [{ name: p.app, kind: 'Deployment' }],
  };
}

const BASE_S = 1795345200; // 2026-11-22T12:00:00Z
function time(us: number): string {
  const d = new Date((BASE_S * 1e6 + us) / 1000);
  return d.toISOString().replace(/\.\d{3}Z$/, `.${String(us % 1e6).padStart(6, '0')}123Z`);
}

function http(
  c: Pod,
  s: Pod,
  dir: 'EGRESS' | 'INGRESS',
  type: 'REQUEST' | 'RESPONSE',
  us: number,
  x: { method: string; url: string; code?: number; latencyUs?: number; parent: string }
): FlowJson {
  const req = type === 'REQUEST';
  const [src, dst] = req ? [c, s] : [s, c];
  return {
    time: time(us),
    uuid: `${dir}-${type}-${us}`,
    verdict: 'FORWARDED',
    IP: { source: src.ip, destination: dst.ip, ipVersion: 'IPv4' },
    l4: { TCP: { source_port: req ? 40000 : 9898, destination_port: req ? 9898 : 40000 } },
    source: ep(src),
    destination: ep(dst),
    Type: 'L7',
    node_name: dir === 'EGRESS' ? c.node : s.node,
    l7: {
      type,
      ...(req ? {} : { latency_ns: String((x.latencyUs ?? 0) * 1000) }),
      http: {
        ...(req ? {} : { code: x.code }),
        method: x.method,
        url: x.url,
        protocol: 'HTTP/1.1',
        headers: req
          ? [{ key: 'traceparent', value: `00-${TRACE}-${x.parent}-01` }]
          : [{ key: 'Content-Type', value: 'application/json' }],
      },
    },
    traffic_direction: dir,
    is_reply: !req,
    ...(req
      ? { destination_service: { name: s.app, namespace: s.ns } }
      : { source_service: { name: s.app, namespace: s.ns } }),
    trace_context: { parent: { trace_id: TRACE } },
  };
}

const outer = { method: 'POST', url: 'http://podinfo-frontend:9898/api/echo', code: 502, parent: CLIENT_SPAN };
const inner = { method: 'POST', url: 'http://podinfo-backend:9898/echo', code: 500, parent: FRONTEND_CALL_SPAN };

/** The flows in time order. */
export const FLOWS: FlowJson[] = [
  http(client, frontend, 'EGRESS', 'REQUEST', 0, outer),
  http(client, frontend, 'INGRESS', 'REQUEST', 300, outer),
  http(frontend, backend, 'EGRESS', 'REQUEST', 1_000, inner),
  http(frontend, backend, 'INGRESS', 'REQUEST', 1_300, inner),
  http(frontend, backend, 'INGRESS', 'RESPONSE', 31_300, { ...inner, latencyUs: 30_000 }),
  http(frontend, backend, 'EGRESS', 'RESPONSE', 31_600, { ...inner, latencyUs: 30_600 }),
  http(client, frontend, 'INGRESS', 'RESPONSE', 32_000, { ...outer, latencyUs: 31_700 }),
  http(client, frontend, 'EGRESS', 'RESPONSE', 32_300, { ...outer, latencyUs: 32_300 }),
  {
    time: time(40_000),
    verdict: 'FORWARDED',
    IP: { source: coredns.ip, destination: client.ip },
    l4: { UDP: { source_port: 53, destination_port: 51234 } },
    source: ep(coredns),
    destination: ep(client),
    Type: 'L7',
    node_name: 'node-1',
    l7: {
      type: 'RESPONSE',
      latency_ns: '120000',
      dns: { query: 'podinfo-frontend.podinfo.svc.cluster.local.', rcode: 0, qtypes: ['A'], rrtypes: ['A'] },
    },
    traffic_direction: 'EGRESS',
    is_reply: true,
  },
  {
    time: time(50_000),
    verdict: 'DROPPED',
    drop_reason_desc: 'POLICY_DENIED',
    IP: { source: client.ip, destination: backend.ip },
    l4: { TCP: { source_port: 40100, destination_port: 9898, flags: { SYN: true } } },
    source: ep(client),
    destination: ep(backend),
    Type: 'L3_L4',
    node_name: 'node-1',
    traffic_direction: 'EGRESS',
  },
];
