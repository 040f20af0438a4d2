/**
 * While the conntrack map of kind-worker2 is more than 95% full (sim/faults.ts), new connections
 * of its pods fail to get a CT entry: drop events CT_MAP_INSERTION_FAILED ("CT: Map insertion
 * failed" in cilium_drop_count_total) on that node.
 */
import { MAP_PRESSURE_NODE, ctInsertionsFail } from '../../sim/faults';
import { packet } from '../builders';
import { Scenario, ephemeralPort, eventsInSlot, startInSlot } from './context';

/** CT map insertion failures on kind-worker2 while its CT map is > 95% full. */
export const ctDropScenario: Scenario = {
  name: 'ct-drops',
  tick(ctx) {
    if (!ctInsertionsFail(ctx.slotStartUs / 1000)) {
      return;
    }
    const local = ctx.cluster.pods.filter((p) => p.node === MAP_PRESSURE_NODE && !p.workload.hostNetwork);
    const remote = ctx.cluster.pods.filter((p) => p.node && p.node !== MAP_PRESSURE_NODE && !p.workload.hostNetwork);
    if (local.length === 0 || remote.length === 0) {
      return;
    }
    const observer = ctx.lookup.node(MAP_PRESSURE_NODE);
    for (let i = eventsInSlot(ctx, 2); i > 0; i--) {
      const src = ctx.eps.podParty(ctx.rng.pick(local));
      const dst = ctx.eps.podParty(ctx.rng.pick(remote));
      packet(ctx.sink, {
        us: startInSlot(ctx),
        observer,
        src,
        dst,
        proto: 'TCP',
        srcPort: ephemeralPort(ctx.rng),
        dstPort: ctx.rng.pick([9898, 9090, 80]),
        flags: { SYN: true },
        event: 'drop',
        verdict: 'DROPPED',
        dropReason: 155,
        direction: 'EGRESS',
        isReply: false,
      });
    }
  },
};
