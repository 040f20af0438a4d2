/**
 * podinfo: podinfo-client -> podinfo-frontend -> podinfo-backend (HTTP on 9898), every hop with
 * L7 visibility on both sides and W3C trace context (one trace id per client request, shared by
 * the frontend's call to the backend). The backend answers 500 for a share of requests
 * (sim/faults.ts backendErrorRatio) and the frontend then answers 502. The frontend also talks to
 * podinfo-cache (redis, crash-looping: connection refused = RST while it is down) and sometimes
 * looks up a removed service name (NXDOMAIN). The client also probes the backend directly,
 * bypassing the frontend; the explicit deny rule `deny-client-to-backend` (egressDeny) drops that
 * at the client's egress (POLICY_DENY with `egress_denied_by`).
 */
import { Party } from '../endpoint';
import { packet } from '../builders';
import { tcpSession } from '../tcp';
import { backendErrorRatio, crashLoop } from '../../sim/faults';
import { Pod } from '../../topology/types';
import { Scenario, ScenarioCtx, ephemeralPort, eventsInSlot, startInSlot, pol } from './context';
import { lookupName } from './dns-lookup';
import { httpCall } from './http-call';

const NS = 'podinfo';

function backendCall(
  ctx: ScenarioCtx,
  frontend: Party,
  t: number,
  traceId: string,
  parentSpan: string
): { end: number; code: number } {
  const backends = ctx.lookup.pods(NS, 'podinfo-backend');
  const svc = ctx.lookup.service(NS, 'podinfo-backend');
  if (!svc || backends.length === 0) {
    return { end: t, code: 503 };
  }
  if (ctx.rng.chance(0.25)) {
    t = lookupName(ctx, { us: t, client: frontend, name: 'podinfo-backend', ips: [svc.clusterIp], aaaa: false });
  }
  const backend = ctx.eps.podParty(ctx.rng.pick(backends));
  const clientPort = ephemeralPort(ctx.rng);
  const rttUs = 300 + ctx.rng.int(0, 400);
  const code = ctx.rng.chance(backendErrorRatio(t / 1000)) ? 500 : 202;
  const serverUs = Math.round(ctx.rng.logNormal(code === 500 ? 30_000 : 8_000, 0.5));
  const end = httpCall(ctx, {
    us: t + rttUs * 1.5,
    client: frontend,
    server: backend,
    clientPort,
    serverPort: 9898,
    method: 'POST',
    url: 'http://podinfo-backend:9898/echo',
    code,
    serverUs,
    egressL7: true,
    ingressL7: true,
    traceId,
    parentSpanId: parentSpan,
    userAgent: 'podinfo/6.7.1',
    service: { name: 'podinfo-backend', namespace: NS },
  });
  tcpSession(ctx.sink, {
    us: t,
    client: frontend,
    server: backend,
    clientPort,
    serverPort: 9898,
    rttUs,
    durationUs: end - t + 200,
    dstService: { name: 'podinfo-backend', namespace: NS },
    egress: { policy: pol(ctx, NS, 'podinfo-frontend'), l7: true },
    ingress: { policy: pol(ctx, NS, 'podinfo-backend'), l7: true },
  });
  return { end, code };
}

function session(ctx: ScenarioCtx, client: Pod, frontends: Pod[]) {
  const svc = ctx.lookup.service(NS, 'podinfo-frontend');
  if (!svc) {
    return;
  }
  const c = ctx.eps.podParty(client);
  const f = ctx.eps.podParty(ctx.rng.pick(frontends));
  let t = startInSlot(ctx);
  t = lookupName(ctx, { us: t, client: c, name: 'podinfo-frontend', ips: [svc.clusterIp], aaaa: ctx.rng.chance(0.5) });
  const clientPort = ephemeralPort(ctx.rng);
  const rttUs = 300 + ctx.rng.int(0, 400);
  const start = t;
  t += rttUs * 1.5;
  const n = ctx.rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const traceId = ctx.rng.hex(32);
    const clientSpan = ctx.rng.hex(16);
    const r = ctx.rng.next();
    let method = 'GET';
    let path = '/api/info';
    let code = 200;
    let serverUs = Math.round(ctx.rng.logNormal(1_500, 0.4));
    if (r < 0.4) {
      method = 'POST';
      path = '/api/echo';
      const b = backendCall(ctx, f, t + 600, traceId, ctx.rng.hex(16));
      code = b.code === 500 ? 502 : 202;
      serverUs = b.end - t + 400;
    } else if (r < 0.5) {
      path = '/version';
    } else if (r < 0.53) {
      path = '/api/missing';
      code = 404;
    }
    t = httpCall(ctx, {
      us: t,
      client: c,
      server: f,
      clientPort,
      serverPort: 9898,
      method,
      url: `http://podinfo-frontend:9898${path}`,
      code,
      serverUs,
      egressL7: true,
      ingressL7: true,
      traceId,
      parentSpanId: clientSpan,
      userAgent: 'curl/8.11.1',
      service: { name: 'podinfo-frontend', namespace: NS },
    });
    t += ctx.rng.int(2_000, 50_000);
  }
  tcpSession(ctx.sink, {
    us: start,
    client: c,
    server: f,
    clientPort,
    serverPort: 9898,
    rttUs,
    durationUs: t - start,
    dstService: { name: 'podinfo-frontend', namespace: NS },
    egress: { policy: pol(ctx, NS, 'podinfo-client'), l7: true },
    ingress: { policy: pol(ctx, NS, 'podinfo-frontend'), l7: true },
  });
}

/** frontend -> podinfo-cache:6379: refused with RST while the cache container is down. */
function cacheProbe(ctx: ScenarioCtx, frontends: Pod[]) {
  const cache = ctx.lookup.pods(NS, 'podinfo-cache')[0];
  if (!cache) {
    return;
  }
  const f = ctx.eps.podParty(ctx.rng.pick(frontends));
  const cp = ctx.eps.podParty(cache);
  const t = startInSlot(ctx);
  const state = crashLoop(cache.createdMs, t / 1000);
  const clientPort = ephemeralPort(ctx.rng);
  if (!state.waiting) {
    tcpSession(ctx.sink, {
      us: t,
      client: f,
      server: cp,
      clientPort,
      serverPort: 6379,
      rttUs: 500,
      durationUs: 3_000,
      dstService: { name: 'podinfo-cache', namespace: NS },
    });
    return;
  }
  const fwd = {
    src: f,
    dst: cp,
    srcPort: clientPort,
    dstPort: 6379,
    proto: 'TCP' as const,
    verdict: 'FORWARDED' as const,
    event: 'trace' as const,
  };
  const rev = {
    src: cp,
    dst: f,
    srcPort: 6379,
    dstPort: clientPort,
    proto: 'TCP' as const,
    verdict: 'FORWARDED' as const,
    event: 'trace' as const,
  };
  if (f.node && cp.node && f.node.name !== cp.node.name) {
    packet(ctx.sink, {
      ...fwd,
      us: t,
      observer: f.node,
      flags: { SYN: true },
      point: 'TO_OVERLAY',
      direction: 'EGRESS',
      isReply: false,
      dstService: { name: 'podinfo-cache', namespace: NS },
    });
    packet(ctx.sink, {
      ...rev,
      us: t + 700,
      observer: f.node,
      flags: { ACK: true, RST: true },
      point: 'TO_ENDPOINT',
      direction: 'EGRESS',
      isReply: true,
    });
  }
  if (cp.node) {
    packet(ctx.sink, {
      ...fwd,
      us: t + 300,
      observer: cp.node,
      flags: { SYN: true },
      point: 'TO_ENDPOINT',
      direction: 'INGRESS',
      isReply: false,
    });
    packet(ctx.sink, {
      ...rev,
      us: t + 330,
      observer: cp.node,
      flags: { ACK: true, RST: true },
      point: 'TO_OVERLAY',
      direction: 'INGRESS',
      isReply: true,
    });
  }
}

/** podinfo-client -> podinfo-backend:9898 directly: resolved, then denied at the client's egress by the deny rule. */
function directBackendProbe(ctx: ScenarioCtx, client: Pod) {
  const backends = ctx.lookup.pods(NS, 'podinfo-backend');
  const svc = ctx.lookup.service(NS, 'podinfo-backend');
  if (!svc || backends.length === 0) {
    return;
  }
  const c = ctx.eps.podParty(client);
  const t = lookupName(ctx, {
    us: startInSlot(ctx),
    client: c,
    name: 'podinfo-backend',
    ips: [svc.clusterIp],
    aaaa: false,
  });
  tcpSession(ctx.sink, {
    us: t,
    client: c,
    server: ctx.eps.podParty(ctx.rng.pick(backends)),
    clientPort: ephemeralPort(ctx.rng),
    serverPort: 9898,
    rttUs: 500,
    durationUs: 0,
    dstService: { name: 'podinfo-backend', namespace: NS },
    denied: { at: 'egress', rule: pol(ctx, NS, 'deny-client-to-backend') },
  });
}

/** podinfo sessions (~0.5/s at scale 1), cache probes, stale-name lookups and denied direct backend probes. */
export const podinfoScenario: Scenario = {
  name: 'podinfo',
  tick(ctx) {
    const client = ctx.lookup.pods(NS, 'podinfo-client')[0];
    const frontends = ctx.lookup.pods(NS, 'podinfo-frontend');
    if (!client || frontends.length === 0) {
      return;
    }
    for (let i = eventsInSlot(ctx, 0.5); i > 0; i--) {
      session(ctx, client, frontends);
    }
    for (let i = eventsInSlot(ctx, 0.1); i > 0; i--) {
      cacheProbe(ctx, frontends);
    }
    for (let i = eventsInSlot(ctx, 0.03); i > 0; i--) {
      const f = ctx.eps.podParty(ctx.rng.pick(frontends));
      lookupName(ctx, { us: startInSlot(ctx), client: f, name: 'podinfo-backend-v1', ips: [], aaaa: false });
    }
    for (let i = eventsInSlot(ctx, 0.2); i > 0; i--) {
      directBackendProbe(ctx, client);
    }
  },
};
