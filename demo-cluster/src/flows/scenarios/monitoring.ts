/**
 * The monitoring stack's own traffic: Grafana querying Prometheus, Loki and Tempo (DNS-visible
 * through the grafana-egress policy, TCP otherwise), Grafana reaching grafana.com (search-path
 * NXDOMAIN answers before the external name resolves, then TCP 443 to reserved:world), Grafana's
 * webhook contact point `hooks.ops.internal` failing to resolve (SERVFAIL: CoreDNS has no server
 * for that private zone, so no connection follows),
 * Prometheus opening scrape connections to node ports (host network) and to kube-state-metrics,
 * and kubelet health probes of the podinfo pods.
 */
import { tcpSession } from '../tcp';
import { Scenario, ScenarioCtx, ephemeralPort, eventsInSlot, startInSlot, pol } from './context';
import { lookupName } from './dns-lookup';

const GRAFANA_COM = '34.120.177.193';

function grafanaQuery(ctx: ScenarioCtx, target: 'prometheus' | 'loki' | 'tempo') {
  const g = ctx.lookup.pods('monitoring', 'grafana')[0];
  const dst = ctx.lookup.pods('monitoring', target)[0];
  const svc = ctx.lookup.service('monitoring', target);
  if (!g || !dst || !svc) {
    return;
  }
  const c = ctx.eps.podParty(g);
  const t = lookupName(ctx, {
    us: startInSlot(ctx),
    client: c,
    name: `${target}.monitoring.svc.cluster.local`,
    ips: [svc.clusterIp],
    aaaa: true,
  });
  tcpSession(ctx.sink, {
    us: t,
    client: c,
    server: ctx.eps.podParty(dst),
    clientPort: ephemeralPort(ctx.rng),
    serverPort: svc.port,
    rttUs: 400,
    durationUs: ctx.rng.int(5_000, 400_000),
    dstService: { name: target, namespace: 'monitoring' },
    egress: { policy: pol(ctx, 'monitoring', 'grafana-egress'), l7: false },
  });
}

function grafanaCom(ctx: ScenarioCtx) {
  const g = ctx.lookup.pods('monitoring', 'grafana')[0];
  if (!g) {
    return;
  }
  const c = ctx.eps.podParty(g);
  const t = lookupName(ctx, { us: startInSlot(ctx), client: c, name: 'grafana.com', ips: [GRAFANA_COM], aaaa: true });
  tcpSession(ctx.sink, {
    us: t,
    client: c,
    server: ctx.eps.worldParty(GRAFANA_COM),
    clientPort: ephemeralPort(ctx.rng),
    serverPort: 443,
    rttUs: 18_000,
    durationUs: 350_000,
    dstNames: ['grafana.com'],
    egress: { policy: pol(ctx, 'monitoring', 'grafana-egress'), l7: false },
  });
}

/** The alert webhook's lookup of a private name CoreDNS cannot resolve (SERVFAIL); no connection follows. */
function webhookLookup(ctx: ScenarioCtx) {
  const g = ctx.lookup.pods('monitoring', 'grafana')[0];
  if (g) {
    const c = ctx.eps.podParty(g);
    lookupName(ctx, {
      us: startInSlot(ctx),
      client: c,
      name: 'hooks.ops.internal',
      ips: [],
      failRcode: 2,
      aaaa: false,
    });
  }
}

function scrapeConnection(ctx: ScenarioCtx) {
  const p = ctx.lookup.pods('monitoring', 'prometheus')[0];
  if (!p) {
    return;
  }
  const c = ctx.eps.podParty(p);
  const t = startInSlot(ctx);
  if (ctx.rng.chance(0.3)) {
    const ksm = ctx.lookup.pods('monitoring', 'kube-state-metrics')[0];
    if (ksm) {
      tcpSession(ctx.sink, {
        us: t,
        client: c,
        server: ctx.eps.podParty(ksm),
        clientPort: ephemeralPort(ctx.rng),
        serverPort: 8080,
        rttUs: 350,
        durationUs: 60_000,
      });
    }
    return;
  }
  const node = ctx.rng.pick(ctx.cluster.nodes);
  tcpSession(ctx.sink, {
    us: t,
    client: c,
    server: ctx.eps.nodeParty(node),
    clientPort: ephemeralPort(ctx.rng),
    serverPort: ctx.rng.pick([9962, 9965, 9100, 10250]),
    rttUs: 300,
    durationUs: 40_000,
  });
}

function kubeletProbe(ctx: ScenarioCtx) {
  const pods = [...ctx.lookup.pods('podinfo', 'podinfo-frontend'), ...ctx.lookup.pods('podinfo', 'podinfo-backend')];
  if (pods.length === 0) {
    return;
  }
  const pod = ctx.rng.pick(pods);
  const node = ctx.lookup.node(pod.node);
  tcpSession(ctx.sink, {
    us: startInSlot(ctx),
    client: ctx.eps.nodeParty(node),
    server: ctx.eps.podParty(pod),
    clientPort: ephemeralPort(ctx.rng),
    serverPort: 9898,
    rttUs: 80,
    durationUs: 1_500,
  });
}

/** Grafana (with its failing webhook lookups), Prometheus and kubelet traffic. */
export const monitoringScenario: Scenario = {
  name: 'monitoring',
  tick(ctx) {
    for (let i = eventsInSlot(ctx, 0.15); i > 0; i--) {
      grafanaQuery(ctx, 'prometheus');
    }
    for (let i = eventsInSlot(ctx, 0.04); i > 0; i--) {
      grafanaQuery(ctx, ctx.rng.chance(0.6) ? 'loki' : 'tempo');
    }
    for (let i = eventsInSlot(ctx, 1 / 120); i > 0; i--) {
      grafanaCom(ctx);
    }
    for (let i = eventsInSlot(ctx, 0.1); i > 0; i--) {
      webhookLookup(ctx);
    }
    for (let i = eventsInSlot(ctx, 0.08); i > 0; i--) {
      scrapeConnection(ctx);
    }
    for (let i = eventsInSlot(ctx, 0.2); i > 0; i--) {
      kubeletProbe(ctx);
    }
  },
};
