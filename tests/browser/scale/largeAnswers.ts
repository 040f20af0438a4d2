/**
 * Large gateway answers for the scale benchmark and test: the Flows page at 10,000 flows and the
 * service map at 500 nodes and 2,000 edges. The flows are real ones (the demo cluster's, through
 * the real gateway) copied with their times, uuids and source ports shifted, so each copy stays the
 * same kind of traffic (and its observation pairs still fold) but is a connection of its own; the
 * service map is synthetic in the gateway's answer shape (`GET /api/v1/service-map`).
 */
import type { Page } from 'playwright-core';
import { HUBBLE_PROXY_PATH } from '../../../src/constants';
import type { GatewayMapEdge, GatewayMapNode, HubbleFlow, ServiceMapResponse } from '../../../src/gateway/types';

/** Copies `flows` until there are `count`: copy k is k × `stepMs` older, with uuid and source port of its own. */
export function replicateFlows(flows: HubbleFlow[], count: number, stepMs = 60_000): HubbleFlow[] {
  if (!flows.length) {
    throw new Error('no flows to copy: the gateway answered none (is the demo Relay up?)');
  }
  const out: HubbleFlow[] = [];
  for (let k = 0; out.length < count; k++) {
    for (const f of flows) {
      if (out.length >= count) {
        break;
      }
      const t = Date.parse(f.time ?? '') - k * stepMs;
      const l4 = JSON.parse(JSON.stringify(f.l4 ?? {}));
      for (const p of [l4.TCP, l4.UDP, l4.SCTP]) {
        if (p?.source_port) {
          p.source_port = ((p.source_port + k * 7) % 28000) + 32768;
        }
      }
      out.push({ ...f, time: new Date(t).toISOString(), uuid: `${f.uuid ?? 'flow'}-${k}`, l4 });
    }
  }
  return out;
}

/** A synthetic service map: `nodes` workloads in 20 namespaces, `edges` distinct client → server pairs, a tenth with drops, half HTTP. */
export function syntheticServiceMap(nodeCount: number, edgeCount: number): ServiceMapResponse {
  const id = (i: number) => `ns-${i % 20}/svc-${i}`;
  const nodes: GatewayMapNode[] = Array.from({ length: nodeCount }, (_, i) => ({
    id: id(i),
    type: 'workload',
    namespace: `ns-${i % 20}`,
    name: `svc-${i}`,
    workload_kind: 'Deployment',
    flows: { in: 0, out: 0, dropped: 0 },
  }));
  const edges: GatewayMapEdge[] = [];
  const seen = new Set<string>();
  for (let i = 0; edges.length < edgeCount; i++) {
    const s = i % nodeCount;
    const t = (s * 7 + Math.floor(i / nodeCount) * 13 + 1) % nodeCount;
    const key = `${id(s)}->${id(t)}`;
    if (s === t || seen.has(key)) {
      continue;
    }
    seen.add(key);
    const dropped = i % 10 === 0 ? 5 : 0;
    edges.push({
      id: key,
      source: id(s),
      target: id(t),
      ports: [{ port: 8080, protocol: 'TCP' }],
      protocols: i % 2 ? ['HTTP', 'TCP'] : ['TCP'],
      flows: 100 + (i % 50),
      verdicts: { FORWARDED: 100 + (i % 50) - dropped, ...(dropped ? { DROPPED: dropped } : {}) },
      ...(i % 2
        ? { http: { requests: 40, responses: 40, errors: i % 7, latency_ms: { p50: 3, p95: 12, p99: 30 } } }
        : {}),
    });
  }
  const until = new Date();
  return {
    nodes,
    edges,
    window: { since: new Date(until.getTime() - 15 * 60_000).toISOString(), until: until.toISOString() },
  };
}

/** Answers the page's calls to one gateway endpoint (through the plugin proxy) with `body`. */
export async function answerGateway(page: Page, endpoint: string, body: unknown): Promise<void> {
  const json = JSON.stringify(body);
  await page.route(
    (url) => url.pathname.endsWith(`/${HUBBLE_PROXY_PATH}${endpoint}`),
    (route) => route.fulfill({ status: 200, contentType: 'application/json', body: json })
  );
}

/** Real flows of the demo cluster through the host's plugin proxy (the host adds the token), newest first. */
export async function demoFlows(hostUrl: string, limit = 1000): Promise<HubbleFlow[]> {
  const since = new Date(Date.now() - 60 * 60_000).toISOString();
  const res = await fetch(`${hostUrl}/${HUBBLE_PROXY_PATH}/api/v1/flows?limit=${limit}&since=${since}`);
  if (!res.ok) {
    throw new Error(`gateway answered ${res.status} to GET /api/v1/flows through the plugin proxy`);
  }
  return ((await res.json()) as { flows: HubbleFlow[] }).flows;
}

/**
 * Starts recording the page's frame intervals (requestAnimationFrame deltas, ms); `stop` returns
 * them. A long task shows as one long interval.
 */
export async function recordFrames(page: Page): Promise<{ stop: () => Promise<number[]> }> {
  // as source text: tsx would wrap a function passed here in helpers the page does not have
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__framesOn = true;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  return {
    stop: () => page.evaluate(`(() => { window.__framesOn = false; return window.__frames.slice(1); })()`),
  };
}
