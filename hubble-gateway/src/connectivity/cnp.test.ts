import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cnpYaml, pathRegex, policyName } from './cnp';
import { suggestBaseline } from './baseline';
import { parseSubject, type Subject } from './subject';
import { referenceMissing, validateCnpYaml } from '../../test/cnpSchema';
import { WORLD, dnsRequest, local, pod, tcp } from '../../test/syntheticFlows';

// the tests that validate against Cilium's CRD schema need that reference file
const skip = referenceMissing();

describe("CiliumNetworkPolicy YAML against Cilium's CRD schema", () => {
  test('the validator rejects what the CRD forbids (so a pass means something)', { skip }, () => {
    const spec = {
      name: 'p',
      namespace: 'ns',
      description: 'd',
      selector: { app: 'x' },
      ingress: [{ peer: { kind: 'entity' as const, entity: 'host' }, ports: [{ port: 80, protocol: 'TCP' as const }] }],
    };
    validateCnpYaml(cnpYaml([spec]));
    assert.throws(
      () => validateCnpYaml(cnpYaml([{ ...spec, selector: { app: 'x'.repeat(64) } }])),
      /valid CiliumNetworkPolicy/
    );
    assert.throws(
      () => validateCnpYaml(cnpYaml([spec]).replace('protocol: TCP', 'protocol: ICMP')),
      /valid CiliumNetworkPolicy/
    );
    assert.throws(
      () => validateCnpYaml(cnpYaml([spec]).replace('- host', '- everything')),
      /valid CiliumNetworkPolicy/
    );
    assert.throws(() => validateCnpYaml(cnpYaml([{ ...spec, ingress: [] }])), /valid CiliumNetworkPolicy/);
  });

  test('names are DNS-1123 and paths are regular expressions of the observed path', () => {
    assert.equal(policyName('allow', 'Web_Frontend', 'to', 'db.v2'), 'allow-web-frontend-to-db.v2');
    assert.equal(policyName('x'.repeat(300)).length, 253);
    assert.equal(pathRegex('/v1.2/items(1)?'), '/v1\\.2/items\\(1\\)\\?');
  });
});

describe('baseline policy of a workload from its allowed flows', () => {
  const web = pod('shop', 'web', { tier: 'front' });
  const client = pod('shop', 'client');
  const db = pod('shop', 'db');
  const host = { identity: 1, labels: ['reserved:host'] };
  const workload = parseSubject('shop/web') as Extract<Subject, { kind: 'workload' }>;
  const flows = [
    {
      ...tcp(client, local(web), 8080, 0),
      Type: 'L7',
      l7: { type: 'REQUEST', http: { method: 'GET', url: 'http://web/' } },
    },
    tcp(host, local(web), 8080, 1),
    tcp(local(web), db, 5432, 2),
    tcp(local(web), WORLD, 443, 3, { destination_names: ['api.example.com'] }),
    dnsRequest(local(web), 'api.example.com.', 2.9),
    tcp(db, local(web), 5432, 2.1, { is_reply: true }),
    tcp(local(web), db, 6000, 4, { verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED' }),
  ];

  test('proposes an ingress and an egress policy that validate, with peers, ports, L7 and DNS rules', { skip }, () => {
    const r = suggestBaseline(flows, workload, { since: null, until: null });
    assert.equal(r.flows, 5, 'allowed requests only: no replies, no drops');
    const [ingress, egress] = validateCnpYaml(r.yaml);
    assert.equal(ingress.metadata.name, 'web-baseline-ingress');
    assert.deepEqual(ingress.spec.endpointSelector.matchLabels, { app: 'web', tier: 'front' });
    assert.deepEqual(ingress.spec.ingress, [
      { fromEntities: ['host'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
      {
        fromEndpoints: [{ matchLabels: { app: 'client', 'k8s:io.kubernetes.pod.namespace': 'shop' } }],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/' }] } }],
      },
    ]);
    const to = egress.spec.egress;
    assert.ok(to.some((r: any) => r.toFQDNs?.[0]?.matchName === 'api.example.com'));
    const dns = to.find((r: any) => r.toPorts?.[0]?.rules?.dns);
    assert.deepEqual(dns.toPorts[0].rules.dns, [{ matchName: 'api.example.com' }]);
    assert.ok(
      to.some((r: any) => r.toEndpoints?.[0]?.matchLabels?.app === 'db' && r.toPorts[0].ports[0].port === '5432')
    );
    assert.ok(!JSON.stringify(to).includes('6000'), 'dropped traffic is not part of the baseline');
    assert.match(r.note, /policyAuditMode=true/);
  });

  test(
    "only verdicts taken at the workload's own side count: a SYN its peer's egress forwarded is not an ingress peer",
    { skip },
    () => {
      const intruder = pod('shop', 'intruder');
      const r = suggestBaseline(
        [
          tcp(intruder, web, 8080, 0, { traffic_direction: 'EGRESS' }), // forwarded at the intruder's egress
          tcp(intruder, local(web), 8080, 0.1, { verdict: 'DROPPED', traffic_direction: 'INGRESS' }),
          tcp(client, local(web), 8080, 1, { traffic_direction: 'INGRESS' }),
        ],
        workload,
        { since: null, until: null }
      );
      const [ingress] = validateCnpYaml(r.yaml);
      assert.deepEqual(
        ingress.spec.ingress.map((x: any) => x.fromEndpoints[0].matchLabels.app),
        ['client']
      );
    }
  );

  test('says so when a direction had no traffic, and proposes nothing without flows', () => {
    const r = suggestBaseline([tcp(local(web), db, 5432, 0)], workload, { since: null, until: null });
    assert.deepEqual(
      r.policies.map((p) => p.direction),
      ['egress']
    );
    assert.match(r.note, /No ingress traffic was seen/);
    const none = suggestBaseline([], workload, { since: null, until: null });
    assert.equal(none.yaml, '');
    assert.deepEqual(none.policies, []);
  });
});
