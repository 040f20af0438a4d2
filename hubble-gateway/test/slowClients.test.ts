/**
 * Answers are streamed with backpressure: clients that ask for 10000 flows and then do not read
 * hold only a bounded amount of printed JSON in the gateway, others are still served, clients that
 * hang up mid-answer release theirs, and silent clients are cut off after --client-timeout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { PIECE_BYTES } from '../src/flowAnswer';
import { createGateway, type Gateway } from '../src/server';
import { syntheticMessage } from './messages';
import { startFakeRelay, metricValue, type FakeRelay } from './fakeRelay';
import { get, testConfig, waitFor } from './helpers';

const FLOWS = 20_000;
const STALLED = 30;
let relay: FakeRelay;
let gw: Gateway;
let url: string;
const sockets: net.Socket[] = [];

before(async () => {
  relay = await startFakeRelay((call) => {
    call.sendMetadata(new grpc.Metadata());
    const t0 = Date.now() * 1000 - FLOWS;
    for (let k = 0; k < FLOWS; k++) {
      call.write(syntheticMessage(k, t0 + k));
    }
  });
  gw = createGateway(testConfig(relay.address, { clientTimeoutMs: 3000 }));
  url = await gw.start();
  await waitFor('the buffer filled', () => gw.store.size === FLOWS, 30_000);
});

after(async () => {
  for (const s of sockets) {
    s.destroy();
  }
  await gw?.stop();
  relay?.stop();
});

const metrics = async () => (await get(`${url}/metrics`)).body as string;

/** A raw HTTP client that sends a request for 10000 flows and reads nothing. */
function stalledClient(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.pause();
      s.write('GET /api/v1/flows?limit=10000 HTTP/1.1\r\nHost: gw\r\n\r\n');
      resolve(s);
    });
    s.on('error', () => {});
    s.once('error', reject);
    sockets.push(s);
  });
}

test('clients that stop reading hold a bounded amount; others are served; silent ones are cut off', async () => {
  const port = Number(new URL(url).port);
  const stalled = await Promise.all(Array.from({ length: STALLED }, () => stalledClient(port)));
  // Every stalled answer has started (and is still waiting, or was already cut off on a slow machine).
  await waitFor('every stalled answer started', async () => {
    const text = await metrics();
    const active = metricValue(text, 'hubble_gateway_http_streams_active');
    return active + metricValue(text, 'hubble_gateway_http_client_timeouts_total') >= STALLED && active > 0;
  });
  // Each answer is ~14 MB of JSON; without backpressure the gateway would hold all of it.
  const pending = metricValue(await metrics(), 'hubble_gateway_http_stream_pending_bytes');
  assert.ok(pending <= STALLED * 4 * PIECE_BYTES, `printed but unsent bytes stay bounded: ${pending}`);

  const normal = await get(`${url}/api/v1/flows?limit=100`);
  assert.equal(normal.status, 200);
  assert.equal(normal.body.flows.length, 100, 'a reading client is served meanwhile');

  await waitFor('the silent clients cut off by --client-timeout', async () => {
    const text = await metrics();
    return (
      metricValue(text, 'hubble_gateway_http_client_timeouts_total') >= STALLED &&
      metricValue(text, 'hubble_gateway_http_streams_active') === 0
    );
  });
  // The clients see their connection end once they read again.
  await Promise.all(stalled.map((s) => new Promise<void>((resolve) => (s.once('close', () => resolve()), s.resume()))));
});

test('a client that hangs up mid-answer releases its answer', async () => {
  const port = Number(new URL(url).port);
  const s = net.connect(port, '127.0.0.1');
  sockets.push(s);
  s.on('error', () => {});
  s.write('GET /api/v1/flows?limit=10000 HTTP/1.1\r\nHost: gw\r\n\r\n');
  await new Promise<void>((resolve) => s.once('data', () => resolve()));
  s.destroy();
  await waitFor('the answer is released', async () => {
    return metricValue(await metrics(), 'hubble_gateway_http_streams_active') === 0;
  });
  const full = await fetch(`${url}/api/v1/flows?limit=10000`);
  const body = (await full.json()) as { flows: unknown[] };
  assert.equal(body.flows.length, 10_000, 'a client that reads gets the whole answer');
});
