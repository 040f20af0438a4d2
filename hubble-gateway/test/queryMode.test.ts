/**
 * Query mode against the demo Relay (child process, real gRPC, `--log-requests` prints each
 * GetFlows it receives): a gateway in query mode answers like a gateway that follows every flow,
 * with its filters pushed down to Relay, a bounded `number`, a short cache and clear errors; in
 * auto mode it switches to query mode and back as the Relay's flow rate rises and falls.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createGateway, type Gateway } from '../src/server';
import { allFixturesFile, capturesMissing, get, testConfig, waitFor } from './helpers';
import { killRelay, startRelayProcess, type RelayProcess } from './relayProcess';

const skip = capturesMissing(); // the Relay replays the real captures
const started: Array<{ stop(): Promise<void> }> = [];
let fixtures: ReturnType<typeof allFixturesFile> | undefined;

before(() => {
  if (!skip) {
    fixtures = allFixturesFile();
  }
});

after(async () => {
  for (const s of started.reverse()) {
    await s.stop();
  }
  fixtures?.remove();
});

async function relayWith(args: string[]): Promise<RelayProcess> {
  const relay = await startRelayProcess(
    ['--flows-file', fixtures!.file, '--listen', '127.0.0.1:0', '--log-requests', '--rate-from-stdin', ...args],
    { stdin: true }
  );
  started.push({ stop: () => killRelay(relay) });
  return relay;
}

async function gateway(
  relay: RelayProcess,
  over: Parameters<typeof testConfig>[1]
): Promise<{ gw: Gateway; url: string }> {
  const gw = createGateway(testConfig(relay.address, over));
  started.push({ stop: () => gw.stop() });
  return { gw, url: await gw.start() };
}

/** The one-shot GetFlows requests the relay received (not follow streams), oldest first. */
function oneShots(relay: RelayProcess): Array<Record<string, any>> {
  return [...relay.output().matchAll(/^relay GetFlows (\{.*\})$/gm)]
    .map((m) => JSON.parse(m[1]) as Record<string, any>)
    .filter((r) => !r.follow);
}

const metric = (text: string, series: string) =>
  Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

test('query mode answers as follow mode does, with the filters pushed down to Relay', { skip }, async () => {
  const relay = await relayWith([]);
  const follow = await gateway(relay, { mode: 'follow' });
  const query = await gateway(relay, { mode: 'query', queryCacheTtlMs: 0 });
  await waitFor('the follow gateway holds every flow', () => follow.gw.store.size === 1116 - 10); // 10 repeated
  assert.equal((await get(`${query.url}/api/v1/status`)).body.mode.current, 'query');
  assert.equal(query.gw.stream.state, 'idle', 'no follow stream in query mode');

  const cases: Array<[string, (r: Record<string, any>) => void]> = [
    ['limit=50', (r) => assert.deepEqual(r, { number: 50 })],
    [
      'namespace=kube-system&verdict=FORWARDED&limit=30',
      (r) =>
        assert.deepEqual(r, {
          number: 30,
          whitelist: [
            { source_pod: ['kube-system/'], verdict: ['FORWARDED'] },
            { destination_pod: ['kube-system/'], verdict: ['FORWARDED'] },
          ],
        }),
    ],
    [
      'protocol=dns&dns_query=api&limit=20',
      (r) => assert.deepEqual(r.whitelist, [{ protocol: ['dns'], dns_query: ['api'] }]),
    ],
    [
      'http_status=5%2B&traffic_direction=ingress',
      (r) => assert.deepEqual(r.whitelist, [{ http_status_code: ['5+'], traffic_direction: ['INGRESS'] }]),
    ],
    // A workload is asked for by its workloads[] name, or by the pod-name prefix it implies; applied again after.
    [
      'workload=bookinfo/reviews-v1&limit=10',
      (r) => {
        assert.equal(r.number, 40, 'a filter applied after: four times the limit');
        assert.deepEqual(r.whitelist, [
          { source_pod: ['bookinfo/'], source_workload: [{ name: 'reviews-v1', kind: '' }] },
          { source_pod: ['bookinfo/reviews-v1'] },
          { destination_pod: ['bookinfo/'], destination_workload: [{ name: 'reviews-v1', kind: '' }] },
          { destination_pod: ['bookinfo/reviews-v1'] },
        ]);
      },
    ],
  ];
  for (const [params, checkRequest] of cases) {
    const before = oneShots(relay).length;
    const want = await get(`${follow.url}/api/v1/flows?${params}`);
    const got = await get(`${query.url}/api/v1/flows?${params}`);
    assert.equal(got.status, 200, `${params}: ${JSON.stringify(got.body)}`);
    assert.deepEqual(got.body.flows, want.body.flows, `${params}: the same flows as follow mode`);
    const sent = oneShots(relay).slice(before);
    assert.equal(sent.length, 1, `${params}: one GetFlows`);
    checkRequest(sent[0]);
  }
  assert.ok(
    (await get(`${follow.url}/api/v1/flows?namespace=kube-system&limit=30`)).body.flows.length > 0,
    'the cases select flows'
  );
});

test('query mode: since stays with the gateway up to now, a window with until goes to Relay', { skip }, async () => {
  const relay = await relayWith([]);
  const follow = await gateway(relay, { mode: 'follow' });
  const query = await gateway(relay, { mode: 'query', queryCacheTtlMs: 0 });
  await waitFor('the follow gateway holds every flow', () => follow.gw.store.size === 1106);
  const times = (await get(`${follow.url}/api/v1/flows?limit=10000`)).body.flows.map((f: any) => f.time).sort();
  const since = times[300];
  const until = times[900];
  for (const params of [`since=${since}&limit=100`, `since=${since}&until=${until}&limit=10000`]) {
    const before = oneShots(relay).length;
    const want = await get(`${follow.url}/api/v1/flows?${params}`);
    const got = await get(`${query.url}/api/v1/flows?${params}`);
    assert.deepEqual(got.body.flows, want.body.flows, params);
    const [sent] = oneShots(relay).slice(before);
    if (params.includes('until')) {
      assert.equal(sent.since, since);
      assert.equal(sent.until, until);
    } else {
      assert.equal(sent.since, undefined, 'up to now: Relay sends the newest flows, the gateway cuts at since');
      assert.equal(sent.number, 100);
    }
  }
});

test(
  'query mode: identical requests within the TTL share one Relay query; service map and connectivity from Relay',
  { skip },
  async () => {
    const relay = await relayWith([]);
    const query = await gateway(relay, { mode: 'query', queryCacheTtlMs: 60_000 });
    const url = `${query.url}/api/v1/flows?namespace=kube-system&limit=25`;
    const before = oneShots(relay).length;
    const [a, b] = await Promise.all([get(url), get(url)]);
    const c = await get(url);
    assert.equal(oneShots(relay).length - before, 1, 'one GetFlows for three identical requests');
    assert.deepEqual(b.body, a.body);
    assert.deepEqual(c.body, a.body);
    const m = (await get(`${query.url}/metrics`)).body as string;
    assert.equal(metric(m, 'hubble_gateway_relay_reads_total{result="miss"}'), 1);
    assert.equal(
      metric(m, 'hubble_gateway_relay_reads_total{result="shared"}') +
        metric(m, 'hubble_gateway_relay_reads_total{result="hit"}'),
      2
    );
    assert.equal(metric(m, 'hubble_gateway_mode{mode="query"}'), 1);

    const map = await get(`${query.url}/api/v1/service-map`);
    assert.equal(map.status, 200);
    assert.equal(map.body.mode, 'query');
    assert.equal(map.body.partial, true);
    assert.match(map.body.notice, /Prometheus/);
    assert.ok(map.body.edges.length > 0, 'drawn from the flows Relay sent');
    assert.equal(oneShots(relay).at(-1)!.number, 10_000);

    const before2 = oneShots(relay).length;
    const conn = await get(`${query.url}/api/v1/connectivity?from=bookinfo/productpage-v1&to=bookinfo/reviews-v1`);
    assert.equal(conn.status, 200, JSON.stringify(conn.body));
    const asked = oneShots(relay).slice(before2);
    assert.ok(asked.length >= 2, 'the connectivity sides asked of Relay');
    assert.ok(
      asked.every((r) => r.whitelist?.length),
      'each with its filters'
    );
  }
);

test(
  'query mode: a cached answer expires after --query-cache-ttl; --query-cache-ttl 0 caches nothing',
  { skip },
  async () => {
    const relay = await relayWith([]);
    const short = await gateway(relay, { mode: 'query', queryCacheTtlMs: 5000 });
    const none = await gateway(relay, { mode: 'query', queryCacheTtlMs: 0 });
    const asked = async (url: string) => {
      const before = oneShots(relay).length;
      assert.equal((await get(`${url}/api/v1/flows?limit=7`)).status, 200);
      return oneShots(relay).length - before;
    };
    assert.equal(await asked(short.url), 1);
    assert.equal(await asked(short.url), 0, 'within the TTL: from the cache');
    await new Promise((r) => setTimeout(r, 5100)); // the TTL is long enough for a loaded machine's round trips
    assert.equal(await asked(short.url), 1, 'after the TTL: Relay again');
    assert.equal(await asked(none.url), 1);
    assert.equal(await asked(none.url), 1);
  }
);

test('query mode: Relay down gives 503 saying so; /readyz follows Relay', { skip }, async () => {
  const relay = await relayWith([]);
  const query = await gateway(relay, { mode: 'query', relayTimeoutMs: 2000 });
  assert.equal((await get(`${query.url}/readyz`)).status, 200);
  await killRelay(relay);
  const res = await get(`${query.url}/api/v1/flows?limit=5`);
  assert.equal(res.status, 503);
  assert.match(res.body.error, new RegExp(relay.address.replace(/\./g, '\\.')));
  const ready = await get(`${query.url}/readyz`);
  assert.equal(ready.status, 503);
  assert.equal(ready.body.mode, 'query');
});

test(
  'auto mode: query mode when the flow rate stays above the threshold, follow mode when it falls',
  { skip },
  async () => {
    const relay = await relayWith(['--rate', '20']);
    const { gw, url } = await gateway(relay, {
      mode: 'auto',
      queryModeRate: 400,
      followModeRate: 100,
      modeIntervalMs: 250,
      modeSamples: 2,
    });
    const status = async () => (await get(`${url}/api/v1/status`)).body;
    await waitFor('a measured rate', async () => (await status()).mode.flow_rate !== null);
    assert.equal((await status()).mode.current, 'follow');
    await waitFor('the follow stream', () => gw.stream.state === 'connected');

    relay.child.stdin!.write('rate 2000\n');
    await waitFor('query mode', async () => (await status()).mode.current === 'query', 20_000);
    const s = await status();
    assert.ok(s.mode.flow_rate > 400, `rate ${s.mode.flow_rate}`);
    assert.match(s.mode.reason, /--query-mode-rate 400/);
    assert.equal(s.relay.stream, 'stopped', 'no follow stream in query mode');
    const m = (await get(`${url}/metrics`)).body as string;
    assert.equal(metric(m, 'hubble_gateway_mode{mode="query"}'), 1);
    assert.equal(metric(m, 'hubble_gateway_mode_switches_total{mode="query"}'), 1);
    assert.ok(metric(m, 'hubble_gateway_cluster_flows_per_second') > 400);
    const flows = await get(`${url}/api/v1/flows?limit=5`);
    assert.equal(flows.status, 200);
    assert.ok(
      oneShots(relay).some((r) => r.number === 5),
      'answered by a Relay query'
    );

    relay.child.stdin!.write('rate 10\n');
    await waitFor('follow mode again', async () => (await status()).mode.current === 'follow', 20_000);
    await waitFor('the follow stream again', () => gw.stream.state === 'connected');
    assert.match((await status()).mode.reason, /--follow-mode-rate 100/);
  }
);
