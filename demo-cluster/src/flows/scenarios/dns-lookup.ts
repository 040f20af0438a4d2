/**
 * A name lookup by a pod through CoreDNS, as seen by the DNS proxy of the pod's node (pods whose
 * egress policy has DNS rules). Follows the resolv.conf search path of a pod (ndots:5): names
 * with fewer than 5 dots are tried with `<ns>.svc.cluster.local`, `svc.cluster.local` and
 * `cluster.local` first, which yields NXDOMAIN answers for external names. glibc sends A and AAAA
 * in parallel; AAAA answers for cluster services are empty (NOERROR, no IPs).
 */
import { dns } from '../builders';
import { Party } from '../endpoint';
import { ScenarioCtx, ephemeralPort } from './context';

/** One name lookup: who asks, what, the answer (empty = NXDOMAIN) and whether AAAA is asked too. */
export type LookupSpec = {
  us: number;
  client: Party;
  /** Name as the application asks for it (`podinfo-frontend`, `grafana.com`, a full service name). */
  name: string;
  /** Answer of the name that finally resolves; [] answers NXDOMAIN for every candidate. */
  ips: string[];
  /**
   * With `ips` [], the rcode of the name as asked (search-path expansions inside cluster.local stay
   * NXDOMAIN): 3 NXDOMAIN (default), 2 SERVFAIL (CoreDNS could not reach the zone's servers).
   */
  failRcode?: number;
  aaaa: boolean;
};

/** Emits the lookup's flows; returns the time (µs) at which the answer is available. */
export function lookupName(ctx: ScenarioCtx, s: LookupSpec): number {
  const pod = s.client.pod;
  const observer = s.client.node;
  const dnsPods = ctx.lookup.pods('kube-system', 'coredns');
  if (!pod || !observer || dnsPods.length === 0) {
    return s.us;
  }
  const server = ctx.eps.podParty(ctx.rng.pick(dnsPods));
  const ns = pod.namespace;
  const fq = s.name.endsWith('.') ? s.name : `${s.name}.`;
  const isClusterName = /\.svc\.cluster\.local\.$/.test(fq);
  const dots = (fq.match(/\./g) ?? []).length - 1;
  const candidates: Array<{ q: string; ok: boolean }> = [];
  if (!isClusterName && dots < 5 && !s.name.endsWith('.')) {
    const short = fq.slice(0, -1);
    const okIndex = s.ips.length === 0 ? -1 : dots === 0 ? 0 : 3;
    [`${short}.${ns}.svc.cluster.local.`, `${short}.svc.cluster.local.`, `${short}.cluster.local.`, fq].forEach(
      (q, i) => candidates.push({ q, ok: i === okIndex })
    );
  } else {
    candidates.push({ q: fq, ok: s.ips.length > 0 });
  }
  let t = s.us;
  for (const c of candidates) {
    const port = ephemeralPort(ctx.rng);
    for (const qtype of s.aaaa ? (['A', 'AAAA'] as const) : (['A'] as const)) {
      const latencyNs = Math.round(ctx.rng.logNormal(400_000, 0.5));
      const base = { observer, client: s.client, server, clientPort: port, query: c.q, qtype };
      dns(ctx.sink, { ...base, us: t, type: 'REQUEST' });
      dns(ctx.sink, {
        ...base,
        us: t + latencyNs / 1000,
        type: 'RESPONSE',
        rcode: c.ok ? 0 : c.q === fq ? (s.failRcode ?? 3) : 3,
        ips: c.ok && qtype === 'A' ? s.ips : [],
        ttl: isClusterName || dots === 0 ? 30 : 300,
        latencyNs,
      });
      t += 40;
    }
    t += 800;
    if (c.ok) {
      break;
    }
  }
  return t;
}
