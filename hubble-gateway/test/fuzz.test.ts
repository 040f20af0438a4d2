/**
 * Property-based tests (fast-check) of bad input:
 * - every query parameter of every endpoint, with any text, encoded or not, repeated, misspelt: the
 *   answer is 200, or a 400 naming a parameter that was given and saying what it accepts; never a
 *   500, never a crash;
 * - GetFlows responses that are random bytes, truncated, corrupted or padded valid messages: each is
 *   stored (and then prints as JSON) or skipped, counted and logged; never a throw.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as grpc from '@grpc/grpc-js';
import { chunkTable } from '../src/chunks';
import { FlowStore } from '../src/flowStore';
import { FollowStream } from '../src/followStream';
import { createMetrics } from '../src/metrics';
import { hubbleTypes } from '../src/proto';
import { RelayClient } from '../src/relayClient';
import { createGateway, type Gateway } from '../src/server';
import { UnknownTally } from '../src/unknownTally';
import { syntheticMessage } from './messages';
import { startFakeRelay, metricValue, type FakeRelay } from './fakeRelay';
import { testConfig, waitFor } from './helpers';

const PARAMS: Record<string, string[]> = {
  '/api/v1/flows': [
    'namespace',
    'pod',
    'workload',
    'verdict',
    'protocol',
    'http_status',
    'dns_query',
    'traffic_direction',
    'since',
    'until',
    'limit',
  ],
  '/api/v1/service-map': ['namespace', 'since', 'until'],
  '/api/v1/namespaces': [],
  '/api/v1/status': [],
  '/healthz': [],
};

/** Values that look like what users type, and anything at all. */
const value = fc.oneof(
  fc.constantFrom('', ' ', '+', '5+', '40+', '404', 'DROPPED,', 'kube-system', 'a/b', '/x', '1h', '-1', '0', '10001'),
  fc.constantFrom('2024-05-01T10:00:00Z', '2024-05-01T12:00:00+02:00', '1000d', '(', '.*', 'ingress', 'egress,'),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 300 })
);

const query = (path: string) =>
  fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...(PARAMS[path].length ? PARAMS[path] : ['x'])), fc.string({ maxLength: 8 })),
      value,
      fc.boolean() // encoded or sent as typed
    ),
    { maxLength: 4 }
  );

let relay: FakeRelay;
let gw: Gateway;

before(async () => {
  relay = await startFakeRelay((call) => {
    call.sendMetadata(new grpc.Metadata());
    const t0 = Date.now() * 1000 - 200;
    for (let k = 0; k < 200; k++) {
      call.write(syntheticMessage(k, t0 + k));
    }
    if (call.request.length > 0 && !call.request.includes(0x18)) {
      call.end(); // a one-shot query (no follow): done
    }
  });
  gw = createGateway(testConfig(relay.address, { bufferSize: 100 }));
  await gw.start();
  await waitFor('the buffer filled', () => gw.store.size === 100);
});

after(async () => {
  await gw?.stop();
  relay?.stop();
});

for (const path of Object.keys(PARAMS)) {
  test(`${path}: any parameters give 200 or a 400 naming one of them, never a 500`, async () => {
    await fc.assert(
      fc.asyncProperty(query(path), async (pairs) => {
        const qs = pairs
          .map(
            ([k, v, encode]) => `${encodeURIComponent(k)}=${encode ? encodeURIComponent(v) : v.replace(/[#&\s%]/g, '')}`
          )
          .join('&');
        const res = await gw.app.inject({ method: 'GET', url: qs ? `${path}?${qs}` : path });
        const body = res.json();
        assert.ok([200, 400, 503].includes(res.statusCode), `${res.statusCode} for ${qs}: ${res.body.slice(0, 300)}`);
        if (res.statusCode === 400) {
          assert.equal(typeof body.parameter, 'string', qs);
          assert.ok(body.error.length > 0 && body.allowed.length > 0, qs);
        }
        if (res.statusCode === 200 && path === '/api/v1/flows') {
          assert.ok(Array.isArray(body.flows));
        }
      }),
      { numRuns: path === '/api/v1/flows' ? 400 : 150 }
    );
  });
}

/** Variants of a valid message: truncated, a byte changed, bytes inserted or appended, or random. */
const message = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)),
  fc.tuple(fc.nat(5000), fc.nat()).map(([k, cut]) => {
    const m = syntheticMessage(k, 1_700_000_000_000_000 + k);
    return m.subarray(0, cut % m.length);
  }),
  fc.tuple(fc.nat(5000), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([k, at, byte]) => {
    const m = Buffer.from(syntheticMessage(k, 1_700_000_000_000_000 + k));
    m[at % m.length] = byte;
    return m;
  }),
  fc.tuple(fc.nat(5000), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([k, at, extra]) => {
    const m = syntheticMessage(k, 1_700_000_000_000_000 + k);
    const i = at % m.length;
    return Buffer.concat([m.subarray(0, i), extra, m.subarray(i)]);
  })
);

test('malformed, truncated and corrupted GetFlows responses are stored or skipped, counted and logged; never thrown', () => {
  const warnings: string[] = [];
  const log = { info() {}, warn: (_o: object, m?: string) => warnings.push(m ?? '') };
  const metrics = createMetrics();
  const store = new FlowStore(1000, 10_000, { ...hubbleTypes(), chunks: chunkTable });
  const relayClient = new RelayClient(testConfig('127.0.0.1:1'));
  const tally = new UnknownTally(log);
  const stream = new FollowStream(relayClient, store, metrics, tally, log, testConfig('127.0.0.1:1'));
  let offered = 0;
  fc.assert(
    fc.property(message, (m) => {
      const before = { size: store.size + store.evicted, dup: metrics.ingest.duplicates };
      const invalidBefore = warnings.filter((w) => w.startsWith('skipped')).length;
      stream.onMessage(m);
      offered++;
      const added = store.size + store.evicted - before.size;
      const skipped = warnings.filter((w) => w.startsWith('skipped')).length - invalidBefore;
      const duplicate = metrics.ingest.duplicates - before.dup;
      assert.equal(added + skipped + duplicate <= 1, true);
      if (added === 1) {
        let ref = -1;
        store.forEachNewestFirst((_r, r) => ((ref = r), false));
        JSON.parse(store.json(ref)!); // a stored flow always prints as JSON
      }
    }),
    { numRuns: 3000 }
  );
  relayClient.close();
  assert.ok(offered >= 3000);
  return metrics.registry.metrics().then((text) => {
    const invalid = metricValue(text, 'hubble_gateway_invalid_messages_total');
    assert.equal(invalid, warnings.filter((w) => w.startsWith('skipped')).length, 'every skip counted and logged');
    assert.ok(invalid > 100, `many were malformed (${invalid})`);
    assert.ok(store.size > 100, `many were valid (${store.size})`);
  });
});
