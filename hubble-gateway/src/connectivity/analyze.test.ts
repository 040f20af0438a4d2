import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConnectivity } from './analyze';
import type { FlowJson } from './flowJson';
import { parseSubject, type Subject } from './subject';
import { referenceMissing, selectorMatches, validateCnpYaml } from '../../test/cnpSchema';
import { WORLD, dnsRequest, dnsResponse, local, pod, tcp } from '../../test/syntheticFlows';

const subject = (s: string) => parseSubject(s) as Subject;
const analyze = (flows: FlowJson[], from: string, to: string) =>
  analyzeConnectivity(flows, subject(from), subject(to), { since: null, until: null });

const web = pod('shop', 'web', { tier: 'front' });
const db = pod('shop', 'db', { tier: 'data' });
const denyRule = { name: 'no-web-to-db', namespace: 'shop', kind: 'CiliumNetworkPolicy' };

// every suggestion here is validated against Cilium's CRD schema (a reference file)
describe('policy verdicts', { skip: referenceMissing() }, () => {
  test('an egress drop is decided by the sender; the suggestion is an egress policy in its namespace', () => {
    const flows = [0, 1, 3].map((t) =>
      tcp(local(web), db, 5432, t, {
        verdict: 'DROPPED',
        drop_reason_desc: 'POLICY_DENIED',
        traffic_direction: 'EGRESS',
      })
    );
    const r = analyze(flows, 'shop/web', 'shop/db');
    assert.deepEqual(r.verdicts, { from_to: { DROPPED: 3 }, to_from: {} });
    const f = r.findings[0];
    assert.equal(f.kind, 'policy-denied');
    assert.equal(f.severity, 'error');
    assert.equal(f.direction, 'egress');
    assert.equal(f.drop_reason, 'POLICY_DENIED');
    assert.deepEqual(f.ports, [{ port: 5432, protocol: 'TCP' }]);
    assert.equal(f.flows, 3);
    assert.equal(f.example_flow?.time, flows[2].time);
    const s = r.suggested_policy!;
    assert.equal(s.applies, true);
    const [doc] = validateCnpYaml(s.yaml);
    assert.equal(doc.metadata.namespace, 'shop');
    assert.deepEqual(doc.spec.endpointSelector.matchLabels, { app: 'web', tier: 'front' });
    assert.equal(doc.spec.ingress, undefined);
    assert.deepEqual(doc.spec.egress, [
      {
        toEndpoints: [{ matchLabels: { app: 'db', tier: 'data', 'k8s:io.kubernetes.pod.namespace': 'shop' } }],
        toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }],
      },
    ]);
  });

  test('an ingress drop is decided by the receiver and lists the policies seen selecting it', () => {
    const other = pod('shop', 'api');
    const flows = [
      tcp(web, local(db), 5432, 0, {
        verdict: 'DROPPED',
        drop_reason_desc: 'POLICY_DENIED',
        traffic_direction: 'INGRESS',
      }),
      tcp(other, local(db), 5432, 1, {
        verdict: 'FORWARDED',
        traffic_direction: 'INGRESS',
        ingress_allowed_by: [{ name: 'db-from-api', namespace: 'shop', kind: 'CiliumNetworkPolicy' }],
      }),
    ];
    const r = analyze(flows, 'shop/web', 'shop/db');
    const f = r.findings[0];
    assert.equal(f.direction, 'ingress');
    assert.deepEqual(f.policies, [
      { name: 'db-from-api', namespace: 'shop', kind: 'CiliumNetworkPolicy', effect: 'allowed', direction: 'ingress' },
    ]);
    const [doc] = validateCnpYaml(r.suggested_policy!.yaml);
    assert.deepEqual(doc.spec.endpointSelector.matchLabels, { app: 'db', tier: 'data' });
    const peer = doc.spec.ingress[0].fromEndpoints[0].matchLabels;
    assert.ok(selectorMatches(peer, web.labels) && !selectorMatches(peer, other.labels), 'exactly the peer');
  });

  test('an explicit deny rule is its own kind, and the suggestion says it would not apply', () => {
    const flows = [
      tcp(local(web), db, 5432, 0, {
        verdict: 'DROPPED',
        drop_reason_desc: 'POLICY_DENY',
        traffic_direction: 'EGRESS',
        egress_denied_by: [denyRule],
      }),
    ];
    const r = analyze(flows, 'shop/web', 'shop/db');
    assert.equal(r.findings[0].kind, 'policy-deny-rule');
    assert.equal(r.findings[0].policies[0].effect, 'denied');
    assert.match(r.findings[0].fix, /shop\/no-web-to-db/);
    assert.equal(r.suggested_policy!.applies, false);
    assert.match(r.suggested_policy!.reason!, /shop\/no-web-to-db.*precedence/);
    validateCnpYaml(r.suggested_policy!.yaml);
  });

  test('L7 denials become HTTP rules; audit-mode verdicts are warnings', () => {
    const req = (t: number, url: string, verdict: string): FlowJson => ({
      ...tcp(web, local(db), 8080, t, { verdict, traffic_direction: 'INGRESS' }),
      Type: 'L7',
      l7: { type: 'REQUEST', http: { method: 'get', url } },
    });
    const r = analyze(
      [req(0, 'http://db:8080/admin/users?page=2', 'DROPPED'), req(1, 'http://db:8080/v1.2/x', 'DROPPED')],
      'shop/web',
      'shop/db'
    );
    assert.equal(r.findings[0].kind, 'policy-denied');
    const [doc] = validateCnpYaml(r.suggested_policy!.yaml);
    assert.deepEqual(doc.spec.ingress[0].toPorts[0].rules.http, [
      { method: 'GET', path: '/admin/users' },
      { method: 'GET', path: '/v1\\.2/x' },
    ]);
    const audit = analyze(
      [tcp(web, local(db), 5432, 0, { verdict: 'AUDIT', traffic_direction: 'INGRESS' })],
      'shop/web',
      'shop/db'
    );
    assert.equal(audit.findings[0].severity, 'warning');
    assert.match(audit.findings[0].summary, /audit mode/);
  });

  test('world destinations: toFQDNs with the DNS rule it needs, or a CIDR without names', () => {
    const named = tcp(local(web), WORLD, 443, 0, {
      verdict: 'DROPPED',
      drop_reason_desc: 'POLICY_DENIED',
      traffic_direction: 'EGRESS',
      destination_names: ['api.example.com'],
    });
    const r = analyze([named], 'shop/web', 'api.example.com');
    assert.equal(r.findings[0].kind, 'policy-denied');
    const [doc] = validateCnpYaml(r.suggested_policy!.yaml);
    assert.deepEqual(doc.spec.egress[0].toFQDNs, [{ matchName: 'api.example.com' }]);
    assert.deepEqual(doc.spec.egress[1].toPorts[0].rules.dns, [{ matchName: 'api.example.com' }]);
    const byIp = analyze([{ ...named, destination_names: undefined }], 'shop/web', named.IP!.destination!);
    const [cidrDoc] = validateCnpYaml(byIp.suggested_policy!.yaml);
    assert.deepEqual(cidrDoc.spec.egress[0].toCIDR, [`${named.IP!.destination}/32`]);
  });
});

describe('other findings', () => {
  test('other drop reasons come with the catalogue explanation and fix; no policy is suggested', () => {
    const f = tcp(local(web), db, 5432, 0, {
      verdict: 'DROPPED',
      drop_reason_desc: 'CT_MAP_INSERTION_FAILED',
      traffic_direction: 'EGRESS',
    });
    const r = analyze([f], 'shop/web', 'shop/db');
    assert.equal(r.findings[0].kind, 'drop');
    assert.equal(r.findings[0].drop_reason, 'CT_MAP_INSERTION_FAILED');
    assert.match(r.findings[0].fix, /bpf\.ctTcpMax/);
    assert.equal(r.suggested_policy, null);
  });

  test('DNS: search-path NXDOMAIN before a resolved name is no finding; SERVFAIL of the name is', () => {
    const ok = [
      dnsRequest(web, 'api.example.com.shop.svc.cluster.local.', 0),
      dnsResponse(web, 'api.example.com.shop.svc.cluster.local.', 3, [], 0.1),
      dnsResponse(web, 'api.example.com.', 0, ['203.0.113.7'], 0.2),
    ];
    const r = analyze(ok, 'shop/web', 'api.example.com');
    assert.deepEqual(
      r.findings.map((f) => f.kind),
      ['no-traffic']
    );
    assert.equal(r.dns.find((a) => a.query === 'api.example.com')?.ips[0], '203.0.113.7');
    const fail = analyze(
      [
        dnsResponse(web, 'api.example.com.shop.svc.cluster.local.', 3, [], 0),
        dnsResponse(web, 'api.example.com.', 2, [], 0.1),
      ],
      'shop/web',
      'api.example.com'
    );
    assert.deepEqual(
      fail.findings.map((f) => `${f.severity} ${f.kind}`),
      ['error dns', 'warning no-traffic']
    );
    assert.match(fail.findings[0].summary, /SERVFAIL/);
    assert.match(fail.findings[0].fix, /Corefile/);
    const refused = analyze([dnsResponse(web, 'api.example.com.', 5, [], 0)], 'shop/web', 'api.example.com');
    assert.match(refused.findings[0].fix, /tofqdns-dns-reject-response-code/);
  });

  test('HTTP 5xx answers and TCP handshakes that are refused or never answered', () => {
    const resp = (t: number, code: number): FlowJson => ({
      ...tcp(local(db), web, 8080, t, { is_reply: true, traffic_direction: 'INGRESS' }),
      Type: 'L7',
      l7: { type: 'RESPONSE', http: { code, method: 'GET', url: 'http://db:8080/q' } },
    });
    const r = analyze([resp(0, 503), resp(1, 503)], 'shop/web', 'shop/db');
    assert.equal(r.findings[0].kind, 'http-errors');
    assert.equal(r.findings[0].severity, 'error');
    assert.match(r.findings[0].detail, /503 ×2/);

    const syn = tcp(web, db, 6379, 0);
    const rst = tcp(db, web, 6379, 0.01, { is_reply: true, flags: { RST: true, ACK: true } });
    rst.IP = { source: syn.IP!.destination, destination: syn.IP!.source };
    rst.l4!.TCP!.destination_port = syn.l4!.TCP!.source_port;
    const late = tcp(web, db, 6379, 9.5); // too recent to call unanswered
    const lost = tcp(web, db, 6379, 1);
    const kinds = analyze(
      [syn, rst, late, lost, tcp(web, db, 6379, 10, { flags: { ACK: true } })],
      'shop/web',
      'shop/db'
    )
      .findings.filter((f) => f.kind === 'tcp-handshake')
      .map((f) => f.summary);
    assert.equal(kinds.length, 2);
    assert.match(kinds[0], /refused 1 of 3/);
    assert.match(kinds[1], /1 of 3 TCP connections .* got no SYN-ACK/);
  });

  test('no traffic: says which side was seen, and findings are sorted worst first', () => {
    const r = analyze([tcp(web, pod('shop', 'cache'), 6379, 0, { flags: { SYN: true } })], 'shop/web', 'shop/db');
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].kind, 'no-traffic');
    assert.match(r.findings[0].detail, /shop\/web: 1; involving shop\/db: 0/);
    assert.equal(r.suggested_policy, null);
    const mixed = analyze(
      [
        tcp(web, local(db), 5432, 0, { traffic_direction: 'INGRESS' }),
        tcp(web, local(db), 5432, 1, {
          verdict: 'DROPPED',
          drop_reason_desc: 'POLICY_DENIED',
          traffic_direction: 'INGRESS',
        }),
      ],
      'shop/web',
      'shop/db'
    );
    assert.deepEqual(
      mixed.findings.map((f) => f.kind),
      ['policy-denied', 'allowed']
    );
  });
});
