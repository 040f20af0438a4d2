/**
 * cilium-health probes: every 60 s each node's health checker pings the health endpoint of every
 * other node (ICMP EchoRequest/EchoReply, as in the kind capture: seen TO_OVERLAY on the prober's
 * node and TO_ENDPOINT on the target's node). While a node is unreachable (sim/faults.ts) its
 * probes and the probes to it get no reply, and nothing reaches its endpoint.
 */
import { hash32 } from '../../rng';
import { nodeUnreachable, UNREACHABLE_NODE } from '../../sim/faults';
import { packet } from '../builders';
import { Scenario } from './context';

const PERIOD_US = 60_000_000;

/** cilium-health ICMP probes between all nodes every 60 s. */
export const healthScenario: Scenario = {
  name: 'health',
  tick(ctx) {
    const nodes = ctx.cluster.nodes;
    for (const a of nodes) {
      for (const b of nodes) {
        if (a === b) {
          continue;
        }
        const offset = (hash32(ctx.cluster.seed, 'health', a.name, b.name) % 60_000) * 1000;
        const k = Math.ceil((ctx.slotStartUs - offset) / PERIOD_US);
        const t = k * PERIOD_US + offset;
        if (t < ctx.slotStartUs || t >= ctx.slotStartUs + ctx.slotUs) {
          continue;
        }
        const down = nodeUnreachable(t / 1000) && (a.name === UNREACHABLE_NODE || b.name === UNREACHABLE_NODE);
        const host = {
          ip: a.ciliumHostIp,
          node: a,
          ep: (o: typeof a) => (o.name === a.name ? ctx.eps.host() : ctx.eps.remoteNode()),
        };
        const health = { ip: b.healthIp, node: b, ep: (o: typeof a) => ctx.eps.health(b, o) };
        const base = { proto: 'ICMPv4' as const, event: 'trace' as const, verdict: 'FORWARDED' as const };
        packet(ctx.sink, {
          ...base,
          us: t,
          observer: a,
          src: host,
          dst: health,
          icmpType: 8,
          point: 'TO_OVERLAY',
          isReply: false,
          iface: { index: 6, name: 'cilium_vxlan' },
        });
        if (down) {
          continue;
        }
        const rtt = 400 + ctx.rng.int(0, 600);
        packet(ctx.sink, {
          ...base,
          us: t + rtt / 2,
          observer: b,
          src: host,
          dst: health,
          icmpType: 8,
          point: 'TO_ENDPOINT',
          direction: 'INGRESS',
          isReply: false,
          iface: { index: 10, name: 'lxc_health' },
        });
        packet(ctx.sink, {
          ...base,
          us: t + rtt / 2 + 40,
          observer: b,
          src: health,
          dst: host,
          icmpType: 0,
          point: 'TO_OVERLAY',
          direction: 'INGRESS',
          isReply: true,
          iface: { index: 6, name: 'cilium_vxlan' },
        });
        packet(ctx.sink, {
          ...base,
          us: t + rtt,
          observer: a,
          src: health,
          dst: host,
          icmpType: 0,
          point: 'TO_STACK',
          direction: 'INGRESS',
          isReply: true,
        });
      }
    }
  },
};
