/**
 * `/api/v1/connectivity` and `/api/v1/policy-suggestion` of the real gateway over gRPC: against the
 * demo Relay serving five fixed minutes of the demo cluster's traffic (generated flows and the
 * looped real captures; the window ends at a conntrack-pressure peak so CT drops occur), and
 * against a Relay replaying the real captures alone. Suggested policies are validated against
 * Cilium's CRD schema and checked to select exactly the dropped traffic.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGateway, type Gateway } from '../src/server';
import fs from 'node:fs';
import { allFixturesFile, capturesMissing, get, testConfig, waitFor } from './helpers';
import { killRelay, startRelayProcess, type RelayProcess } from './relayProcess';
import { referenceMissing, selectorMatches, validateCnpYaml } from './cnpSchema';

type F = Record<string, any>;

const CT_CYCLE_MS = 45 * 60_000; // demo-cluster sim/faults.ts: CT map pressure peaks at the end of each 45-minute cycle
const peak = Math.floor(Date.now() / CT_CYCLE_MS) * CT_CYCLE_MS;
const SINCE = new Date(peak - 240_000).toISOString();
const UNTIL = new Date(peak + 60_000).toISOString();

async function startGateway(args: string[]): Promise<{ relay: RelayProcess; gw: Gateway; url: string }> {
  const relay = await startRelayProcess([...args, '--listen', '127.0.0.1:0']);
  const gw = createGateway(testConfig(relay.address));
  const url = await gw.start();
  try {
    await waitFor(
      'every Relay flow buffered',
      async () => {
        const held = Number(((await gw.relay.serverStatus()) as { num_flows?: unknown }).num_flows ?? -1);
        return held > 0 && gw.store.size === held;
      },
      60_000
    );
  } catch (err) {
    await gw.stop();
    await killRelay(relay, 'SIGTERM');
    throw err;
  }
  return { relay, gw, url };
}

async function connectivity(url: string, query: string): Promise<F> {
  const res = await get(`${url}/api/v1/connectivity?${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

const range = `since=${encodeURIComponent(SINCE)}&until=${encodeURIComponent(UNTIL)}`;
const pairQuery = (from: string, to: string) =>
  `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&${range}`;
const workloadOf = (ep: F | undefined) =>
  ep?.namespace && ep.workloads?.[0]?.name ? `${ep.namespace}/${ep.workloads[0].name}` : undefined;

// the tests that validate suggestions against Cilium's CRD schema need that reference file
const noReference = referenceMissing();

describe("the demo cluster's traffic through the real gateway", () => {
  let relay: RelayProcess;
  let gw: Gateway;
  let url: string;

  before(async () => {
    ({ relay, gw, url } = await startGateway([
      '--demo-traffic',
      '--since',
      SINCE,
      '--until',
      UNTIL,
      '--buffer-size',
      '100000',
    ]));
  });
  after(async () => {
    await gw?.stop();
    if (relay) {
      await killRelay(relay, 'SIGTERM');
    }
  });

  test(
    "xwing -> deathstar: denied at the deathstar's ingress for lack of an allow rule, and the suggestion allows exactly that",
    { skip: noReference },
    async () => {
      const r = await connectivity(url, pairQuery('star-wars/xwing', 'star-wars/deathstar'));
      const f = r.findings[0];
      assert.equal(f.kind, 'policy-denied');
      assert.equal(f.severity, 'error');
      assert.equal(f.direction, 'ingress');
      assert.equal(f.drop_reason, 'POLICY_DENIED');
      assert.deepEqual(f.ports, [{ port: 80, protocol: 'TCP' }]);
      assert.equal(f.flows, r.verdicts.from_to.DROPPED);
      assert.ok(f.policies.some((p: F) => p.name === 'rule1' && p.effect === 'allowed' && p.direction === 'ingress'));
      assert.equal(f.example_flow.verdict, 'DROPPED');
      assert.equal(f.example_flow.drop_reason_desc, 'POLICY_DENIED');
      assert.equal(f.example_flow.destination.pod_name.startsWith('deathstar-'), true);
      assert.ok(
        r.findings.some((x: F) => x.kind === 'allowed' && x.direction === 'egress'),
        "the xwing's egress forwarded it"
      );

      const s = r.suggested_policy;
      assert.equal(s.applies, true);
      const [cnp] = validateCnpYaml(s.yaml);
      assert.equal(cnp.metadata.namespace, 'star-wars');
      assert.equal(cnp.spec.ingress.length, 1);
      const rule = cnp.spec.ingress[0];
      assert.deepEqual(rule.toPorts, [{ ports: [{ port: '80', protocol: 'TCP' }] }]);
      // Exactly that traffic: the selectors match the dropped flows' endpoints and no other workload seen.
      const flows: F[] = (await get(`${url}/api/v1/flows?namespace=star-wars&limit=10000&${range}`)).body.flows;
      const drops = flows.filter((x) => x.drop_reason_desc === 'POLICY_DENIED');
      assert.equal(drops.length, f.flows);
      for (const d of drops) {
        assert.ok(selectorMatches(cnp.spec.endpointSelector.matchLabels, d.destination.labels));
        assert.ok(selectorMatches(rule.fromEndpoints[0].matchLabels, d.source.labels));
      }
      for (const x of flows) {
        for (const ep of [x.source, x.destination]) {
          const w = workloadOf(ep);
          if (w && w !== 'star-wars/deathstar') {
            assert.ok(!selectorMatches(cnp.spec.endpointSelector.matchLabels, ep.labels), `selects ${w}`);
          }
          if (w && w !== 'star-wars/xwing') {
            assert.ok(!selectorMatches(rule.fromEndpoints[0].matchLabels, ep.labels), `admits ${w}`);
          }
        }
      }
    }
  );

  test(
    "podinfo-client -> podinfo-backend: an explicit deny rule at the client's egress; the suggestion would not apply",
    { skip: noReference },
    async () => {
      const r = await connectivity(url, pairQuery('podinfo/podinfo-client', 'podinfo/podinfo-backend'));
      const f = r.findings[0];
      assert.equal(f.kind, 'policy-deny-rule');
      assert.equal(f.direction, 'egress');
      assert.equal(f.drop_reason, 'POLICY_DENY');
      assert.ok(f.policies.some((p: F) => p.name === 'deny-client-to-backend' && p.effect === 'denied'));
      assert.equal(f.example_flow.egress_denied_by[0].name, 'deny-client-to-backend');
      assert.equal(r.suggested_policy.applies, false);
      assert.match(r.suggested_policy.reason, /podinfo\/deny-client-to-backend/);
      const [cnp] = validateCnpYaml(r.suggested_policy.yaml);
      assert.deepEqual(cnp.spec.egress[0].toPorts, [{ ports: [{ port: '9898', protocol: 'TCP' }] }]);
      assert.ok(r.dns.some((a: F) => a.query === 'podinfo-backend.podinfo.svc.cluster.local' && a.rcode === 'NOERROR'));
    }
  );

  test('grafana -> hooks.ops.internal: the name does not resolve (SERVFAIL) and nothing is sent', async () => {
    const r = await connectivity(url, pairQuery('monitoring/grafana', 'hooks.ops.internal'));
    assert.deepEqual(
      r.findings.map((f: F) => `${f.severity} ${f.kind}`),
      ['error dns', 'warning no-traffic']
    );
    assert.match(r.findings[0].summary, /hooks\.ops\.internal got SERVFAIL/);
    assert.equal(r.findings[0].example_flow.l7.dns.rcode, 2);
    assert.equal(r.suggested_policy, null);
  });

  test('podinfo-frontend -> podinfo-cache: connections refused while the cache crash-loops', async () => {
    const r = await connectivity(url, pairQuery('podinfo/podinfo-frontend', 'podinfo/podinfo-cache'));
    const f = r.findings.find((x: F) => x.kind === 'tcp-handshake');
    assert.ok(f, JSON.stringify(r.findings.map((x: F) => x.summary)));
    assert.match(f.summary, /refused/);
    assert.deepEqual(f.ports, [{ port: 6379, protocol: 'TCP' }]);
    assert.equal(f.example_flow.l4.TCP.flags.RST, true);
  });

  test('tiefighter -> deathstar: allowed at both ends, by the policies that allow it', async () => {
    const r = await connectivity(url, pairQuery('star-wars/tiefighter', 'star-wars/deathstar'));
    assert.ok(
      r.findings.every((f: F) => f.severity === 'info'),
      JSON.stringify(r.findings.map((f: F) => f.summary))
    );
    const names = r.findings.flatMap((f: F) => f.policies.map((p: F) => `${p.direction} ${p.name}`)).sort();
    assert.deepEqual(names, ['egress ships-egress', 'ingress rule1']);
    assert.equal(r.suggested_policy, null);
  });

  test('every dropped pair in the demo gets a finding with its drop reason first', { skip: noReference }, async () => {
    const drops: F[] = (await get(`${url}/api/v1/flows?verdict=DROPPED&limit=10000&${range}`)).body.flows;
    const pairs = new Map<string, Set<string>>();
    for (const d of drops) {
      const [from, to] = [workloadOf(d.source), workloadOf(d.destination)];
      if (from && to) {
        pairs.set(`${from} ${to}`, (pairs.get(`${from} ${to}`) ?? new Set()).add(d.drop_reason_desc));
      }
    }
    const reasons = new Set([...pairs.values()].flatMap((s) => [...s]));
    assert.deepEqual([...reasons].sort(), ['CT_MAP_INSERTION_FAILED', 'POLICY_DENIED', 'POLICY_DENY']);
    for (const [pair, why] of pairs) {
      const [from, to] = pair.split(' ');
      const r = await connectivity(url, pairQuery(from, to));
      const f = r.findings[0];
      assert.equal(f.severity, 'error', pair);
      assert.ok(why.has(f.drop_reason), `${pair}: ${f.drop_reason} not in ${[...why]}`);
      assert.ok(['policy-denied', 'policy-deny-rule', 'drop'].includes(f.kind), pair);
      if (f.drop_reason === 'CT_MAP_INSERTION_FAILED') {
        assert.equal(f.kind, 'drop');
        assert.match(f.fix, /bpf\.ctTcpMax/);
        assert.equal(f.direction, 'egress');
      } else {
        validateCnpYaml(r.suggested_policy.yaml);
      }
    }
  });

  test(
    'policy-suggestion: baseline ingress and egress policies of podinfo-frontend that validate',
    { skip: noReference },
    async () => {
      const res = await get(`${url}/api/v1/policy-suggestion?workload=podinfo/podinfo-frontend&${range}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const docs = validateCnpYaml(res.body.yaml);
      assert.deepEqual(
        docs.map((d) => d.metadata.name),
        ['podinfo-frontend-baseline-ingress', 'podinfo-frontend-baseline-egress']
      );
      const [ingress, egress] = docs;
      const fromClient = ingress.spec.ingress.find((r: F) => r.fromEndpoints?.[0].matchLabels.app === 'podinfo-client');
      assert.ok(fromClient.toPorts[0].rules.http.some((h: F) => h.method === 'GET' && h.path === '/api/info'));
      const toBackend = egress.spec.egress.find((r: F) => r.toEndpoints?.[0].matchLabels.app === 'podinfo-backend');
      assert.deepEqual(toBackend.toPorts[0].rules.http, [{ method: 'POST', path: '/echo' }]);
      const dns = egress.spec.egress.find((r: F) => r.toPorts?.[0].rules?.dns);
      assert.ok(dns.toPorts[0].rules.dns.some((d: F) => d.matchName === 'podinfo-backend.podinfo.svc.cluster.local'));
      assert.match(res.body.note, /audit mode/);
    }
  );

  test(
    "policy-suggestion: the deathstar's ingress baseline admits the tiefighter, not the xwing its policy drops",
    { skip: noReference },
    async () => {
      const res = await get(`${url}/api/v1/policy-suggestion?workload=star-wars/deathstar&${range}`);
      const [ingress] = validateCnpYaml(res.body.yaml);
      assert.deepEqual(
        ingress.spec.ingress.map((r: F) => r.fromEndpoints[0].matchLabels['app.kubernetes.io/name']),
        ['tiefighter']
      );
      assert.deepEqual(ingress.spec.ingress[0].toPorts[0].rules.http, [
        { method: 'POST', path: '/v1/request-landing' },
      ]);
      assert.match(res.body.note, /No egress traffic was seen/);
    }
  );

  test('bad parameters: 400 naming the parameter and what it accepts', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['to=star-wars/deathstar', 'from', /missing parameter "from"/],
      ['from=deathstar&to=star-wars/xwing', 'from', /bare name is ambiguous/],
      ['from=star-wars/xwing&to=Star-Wars/X', 'to', /not namespace\/name/],
      ['from=star-wars/xwing&to=star-wars/deathstar&since=yesterday', 'since', /not a time/],
      ['from=star-wars/xwing&to=star-wars/deathstar&limit=5', 'limit', /unknown parameter/],
      ['from=a/b&from=c/d&to=star-wars/deathstar', 'from', /more than once/],
    ];
    for (const [q, parameter, error] of cases) {
      const res = await get(`${url}/api/v1/connectivity?${q}`);
      assert.equal(res.status, 400, q);
      assert.equal(res.body.parameter, parameter, q);
      assert.match(res.body.error, error, q);
      assert.ok(res.body.allowed.length > 10, q);
    }
    const bad = await get(`${url}/api/v1/policy-suggestion?workload=10.0.0.1`);
    assert.equal(bad.status, 400);
    assert.deepEqual(
      [bad.body.parameter, bad.body.allowed],
      ['workload', 'namespace/workload, e.g. star-wars/deathstar']
    );
  });
});

describe('the real captures through the real gateway', { skip: capturesMissing() }, () => {
  let relay: RelayProcess;
  let gw: Gateway;
  let url: string;
  let merged: { file: string; remove(): void } | undefined;
  let raw: F[] = [];

  before(async () => {
    merged = allFixturesFile();
    raw = fs
      .readFileSync(merged.file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).flow);
    ({ relay, gw, url } = await startGateway(['--flows-file', merged.file]));
  });
  after(async () => {
    await gw?.stop();
    if (relay) {
      await killRelay(relay, 'SIGTERM');
    }
    merged?.remove();
  });

  test('ratings -> productpage: the 503 answers of the capture, counted as in the capture', async () => {
    const r = await connectivity(url, 'from=bookinfo/ratings-v1&to=bookinfo/productpage-v1');
    const responses = raw.filter(
      (f) =>
        f.l7?.type === 'RESPONSE' &&
        f.source?.pod_name?.startsWith('productpage-v1') &&
        f.destination?.pod_name?.startsWith('ratings-v1')
    );
    const errors = responses.filter((f) => f.l7.http?.code === 503);
    assert.ok(errors.length > 0 && errors.length < responses.length);
    const f = r.findings[0];
    assert.equal(f.kind, 'http-errors');
    assert.equal(f.severity, 'warning', 'some answers were not errors');
    assert.equal(f.flows, errors.length);
    assert.match(f.summary, new RegExp(`answered ${errors.length} of ${responses.length} HTTP requests`));
    assert.match(f.detail, new RegExp(`503 ×${errors.length}`));
  });

  test('prometheus -> a world address by IP: the flows of that address only', async () => {
    const world = raw.find((f) => f.destination?.labels?.includes('reserved:world') && f.source?.pod_name);
    assert.ok(world, 'a capture flow to the world');
    const r = await connectivity(
      url,
      `from=${world.source.namespace}/${world.source.pod_name}&to=${world.IP.destination}`
    );
    const total = Object.values(r.verdicts.from_to as Record<string, number>).reduce((a, b) => a + b, 0);
    const want = raw.filter(
      (f) => f.source?.pod_name === world.source.pod_name && f.IP?.destination === world.IP.destination
    );
    assert.equal(total, want.length);
    assert.ok(r.findings.some((f: F) => f.kind === 'allowed'));
  });
});
