/**
 * DNS: the lookups the `from` side made for the name of `to`, as Cilium's DNS proxy reports them
 * (L7 DNS flows; `l7.dns.rcode` is the DNS response code, RFC 1035 / RFC 6895).
 *
 * A pod resolver tries the search path first (`name.<ns>.svc.cluster.local`, ...), so NXDOMAIN
 * answers for expansions are normal when one candidate then resolves; a failure is a name for
 * which no candidate got addresses, or an error answer for the name exactly as asked. When the
 * name as asked was answered, only its own answers are reported.
 */
import { portsText, newestFlow, type DnsAnswer, type Finding } from './report';
import type { FlowJson } from './flowJson';
import { normalizeDnsName } from './subject';

/** DNS response codes by number (IANA DNS RCODEs 0-5). */
export const RCODES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
};

const rcodeName = (r: number | undefined) => RCODES[r ?? 0] ?? `RCODE ${r}`;

/** What the lookups were for: a DNS name, or the first labels a workload's names start with. */
export type DnsTarget = { name?: string; firstLabels?: string[] };

/** True when `query` is a lookup for the target (the name itself or a search-path expansion of it). */
export function queryIsFor(query: string, t: DnsTarget): boolean {
  const q = normalizeDnsName(query);
  if (t.name) {
    return q === t.name || q.startsWith(`${t.name}.`);
  }
  return (t.firstLabels ?? []).includes(q.split('.')[0]);
}

function fixFor(rcode: string, name: string): string {
  switch (rcode) {
    case 'NXDOMAIN':
      return `The name does not exist. Fix the name the client uses (a typo, a removed or renamed Service: \`kubectl get svc -A | grep ${name.split('.')[0]}\`), or create the DNS record (a Service for in-cluster names; the zone at your DNS provider for external names).`;
    case 'SERVFAIL':
      return "The DNS server could not answer: CoreDNS failed to reach the name's authoritative or upstream servers. Check the CoreDNS logs (`kubectl -n kube-system logs -l k8s-app=kube-dns`) and the `forward` upstream in its Corefile (`kubectl -n kube-system get configmap coredns -o yaml`); for a private zone, add a `forward` block for that zone to the Corefile.";
    case 'REFUSED':
      return "The DNS server refused the query. With a DNS-aware policy, Cilium's DNS proxy answers REFUSED for names the policy's `rules.dns` does not allow (agent flag `--tofqdns-dns-reject-response-code`): add the name to `matchName` / `matchPattern` of the DNS rule in the client's egress policy.";
    default:
      return `The DNS server answered ${rcode}. Check the CoreDNS logs (\`kubectl -n kube-system logs -l k8s-app=kube-dns\`).`;
  }
}

/**
 * DNS answers and findings for the lookups among `dnsFlows` (L7 DNS flows of the `from` side).
 * `label` names the client in sentences.
 */
export function dnsFindings(
  dnsFlows: FlowJson[],
  target: DnsTarget,
  label: string
): { answers: DnsAnswer[]; findings: Finding[] } {
  const answers = new Map<string, DnsAnswer>();
  const failed = new Map<string, FlowJson[]>(); // rcode -> responses
  let resolved = false;
  let requests = 0;
  let responses = 0;
  const exactErrors = new Set<string>();
  for (const f of dnsFlows) {
    const d = f.l7?.dns;
    if (!d?.query || !queryIsFor(d.query, target)) {
      continue;
    }
    if (f.l7?.type === 'REQUEST') {
      requests++;
      continue;
    }
    if (f.l7?.type !== 'RESPONSE') {
      continue;
    }
    responses++;
    const query = normalizeDnsName(d.query);
    const rcode = rcodeName(d.rcode);
    const key = `${query}|${rcode}`;
    const a = answers.get(key) ?? { query, rcode, ips: [], responses: 0 };
    a.responses++;
    for (const ip of d.ips ?? []) {
      if (!a.ips.includes(ip)) {
        a.ips.push(ip);
      }
    }
    answers.set(key, a);
    if (rcode === 'NOERROR') {
      resolved ||= (d.ips ?? []).length > 0;
      continue;
    }
    failed.set(rcode, [...(failed.get(rcode) ?? []), f]);
    if (target.name && query === target.name) {
      exactErrors.add(rcode);
    }
  }
  const findings: Finding[] = [];
  // When the name as asked got an answer, search-path expansions (NXDOMAIN by design) say nothing.
  const exactAnswered = !!target.name && [...answers.values()].some((a) => a.query === target.name);
  for (const [rcode, all] of failed) {
    const flows = exactAnswered ? all.filter((f) => normalizeDnsName(f.l7!.dns!.query!) === target.name) : all;
    if (!flows.length || (resolved && !exactErrors.has(rcode))) {
      continue;
    }
    const names = [...new Set(flows.map((f) => normalizeDnsName(f.l7!.dns!.query!)))];
    findings.push({
      severity: resolved ? 'warning' : 'error',
      kind: 'dns',
      summary: `DNS lookups by ${label} for ${names.length === 1 ? names[0] : `${names.length} names`} got ${rcode} (${flows.length} ${flows.length === 1 ? 'answer' : 'answers'})${resolved ? '; other lookups resolved' : ' and none resolved'}.`,
      detail: `Names answered ${rcode}: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''}. Seen by Cilium's DNS proxy on the client's node.`,
      fix: fixFor(rcode, names[0] ?? ''),
      direction: 'egress',
      drop_reason: null,
      ports: [{ port: 53, protocol: 'UDP' }],
      policies: [],
      flows: flows.length,
      example_flow: newestFlow(flows),
    });
  }
  const unanswered = requests - responses;
  if (requests > 0 && responses === 0) {
    const reqs = dnsFlows.filter((f) => f.l7?.type === 'REQUEST' && queryIsFor(f.l7.dns?.query ?? '', target));
    findings.push({
      severity: 'error',
      kind: 'dns',
      summary: `${requests} DNS ${requests === 1 ? 'query' : 'queries'} from ${label} got no answer.`,
      detail: `Queries without any response (${unanswered}) on ${portsText([{ port: 53, protocol: 'UDP' }])}: the DNS server is unreachable or overloaded.`,
      fix: "Check that CoreDNS pods are Ready (`kubectl -n kube-system get pods -l k8s-app=kube-dns`) and that the client's egress policy allows port 53 to them.",
      direction: 'egress',
      drop_reason: null,
      ports: [{ port: 53, protocol: 'UDP' }],
      policies: [],
      flows: requests,
      example_flow: newestFlow(reqs),
    });
  }
  return {
    answers: [...answers.values()].sort((a, b) => a.query.localeCompare(b.query) || a.rcode.localeCompare(b.rcode)),
    findings,
  };
}
