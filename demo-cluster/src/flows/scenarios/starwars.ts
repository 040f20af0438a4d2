/**
 * Cilium's Star Wars demo: tiefighter (org=empire) lands on the deathstar (POST
 * /v1/request-landing on port 80, allowed by CiliumNetworkPolicy `rule1`, L7-visible), xwing
 * (org=alliance) tries the same and every SYN is dropped at the deathstar's ingress with
 * POLICY_DENIED (three attempts: the SYN and two retransmissions): rule1 selects the deathstar and
 * allows only org=empire, so the xwing's SYNs match no allow rule (no `ingress_denied_by`).
 */
import { tcpSession } from '../tcp';
import { Scenario, ScenarioCtx, ephemeralPort, eventsInSlot, startInSlot, pol } from './context';
import { lookupName } from './dns-lookup';
import { httpCall } from './http-call';

const NS = 'star-wars';

function flight(ctx: ScenarioCtx, ship: 'tiefighter' | 'xwing') {
  const shipPod = ctx.lookup.pods(NS, ship)[0];
  const stars = ctx.lookup.pods(NS, 'deathstar');
  const svc = ctx.lookup.service(NS, 'deathstar');
  if (!shipPod || stars.length === 0 || !svc) {
    return;
  }
  const c = ctx.eps.podParty(shipPod);
  const d = ctx.eps.podParty(ctx.rng.pick(stars));
  let t = lookupName(ctx, { us: startInSlot(ctx), client: c, name: 'deathstar', ips: [svc.clusterIp], aaaa: false });
  const clientPort = ephemeralPort(ctx.rng);
  const rttUs = 300 + ctx.rng.int(0, 300);
  const service = { name: 'deathstar', namespace: NS };
  const egress = { policy: pol(ctx, NS, 'ships-egress'), l7: false };
  if (ship === 'xwing') {
    tcpSession(ctx.sink, {
      us: t,
      client: c,
      server: d,
      clientPort,
      serverPort: 80,
      rttUs,
      durationUs: 0,
      dstService: service,
      egress,
      denied: { at: 'ingress' },
    });
    return;
  }
  const start = t;
  t = httpCall(ctx, {
    us: t + rttUs * 1.5,
    client: c,
    server: d,
    clientPort,
    serverPort: 80,
    method: 'POST',
    url: 'http://deathstar.star-wars.svc.cluster.local/v1/request-landing',
    code: 200,
    serverUs: Math.round(ctx.rng.logNormal(900, 0.3)),
    egressL7: false,
    ingressL7: true,
    userAgent: 'curl/7.88.1',
    service,
  });
  tcpSession(ctx.sink, {
    us: start,
    client: c,
    server: d,
    clientPort,
    serverPort: 80,
    rttUs,
    durationUs: t - start + 300,
    dstService: service,
    egress,
    ingress: { policy: pol(ctx, NS, 'rule1'), l7: true },
  });
}

/**
 * tiefighter landings (~0.25/s) and xwing attempts (~1.4/s, three SYNs each) at scale 1: the xwing
 * retries like a misconfigured client, so its policy drops (~4/s over the two deathstar nodes) trip the policy-drop alert.
 */
export const starWarsScenario: Scenario = {
  name: 'star-wars',
  tick(ctx) {
    for (let i = eventsInSlot(ctx, 0.25); i > 0; i--) {
      flight(ctx, 'tiefighter');
    }
    for (let i = eventsInSlot(ctx, 1.4); i > 0; i--) {
      flight(ctx, 'xwing');
    }
  },
};
