/**
 * The two sides of a connectivity question (`from` and `to` of `GET /api/v1/connectivity`), checked
 * with the rules the gateway applies (hubble-gateway/src/connectivity/subject.ts), so the app says
 * what is wrong before sending a value the gateway would answer with HTTP 400.
 */

/** What `from` and `to` accept, in the gateway's words. */
export const SUBJECT_ALLOWED =
  'namespace/workload (star-wars/deathstar), namespace/pod-name, an IP address (10.0.1.7, fd00::7) or a DNS name with at least one dot (api.github.com)';

/** What the policy suggestion's `workload` accepts. */
export const WORKLOAD_ALLOWED = 'namespace/workload, e.g. star-wars/deathstar';

/** How a side was understood. */
export type SubjectKind = 'workload' | 'ip' | 'dns';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/; // Kubernetes object names (DNS-1123 subdomain)
const DNS_LABEL = /^[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** True for an IPv6 address (the URL parser checks the syntax, as the browser does for `http://[::1]/`). */
function isIpv6(text: string): boolean {
  if (!text.includes(':') || /[^0-9a-fA-F:.]/.test(text)) {
    return false;
  }
  try {
    new URL(`http://[${text}]/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * What `text` stands for as a side, or why the gateway would refuse it: a workload or pod
 * (`namespace/name`), an IP address, or a DNS name with at least one dot (a trailing dot is allowed).
 */
export function parseSubject(text: string): { kind: SubjectKind } | { error: string } {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash >= 0) {
    const ok = NAME.test(t.slice(0, slash)) && NAME.test(t.slice(slash + 1));
    return ok ? { kind: 'workload' } : { error: `not namespace/name: ${JSON.stringify(text)}` };
  }
  if (IPV4.test(t) || isIpv6(t)) {
    return { kind: 'ip' };
  }
  const name = t.toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  if (labels.length < 2) {
    return {
      error: `a bare name is ambiguous: ${JSON.stringify(text)}; give namespace/name or a DNS name with a dot`,
    };
  }
  if (name.length > 253 || !labels.every((l) => DNS_LABEL.test(l))) {
    return { error: `not a DNS name: ${JSON.stringify(text)}` };
  }
  return { kind: 'dns' };
}

/** True when `text` is `namespace/name` (a workload or pod). */
export function isWorkloadSubject(text: string | undefined): boolean {
  const parsed = text ? parseSubject(text) : undefined;
  return !!parsed && 'kind' in parsed && parsed.kind === 'workload';
}
