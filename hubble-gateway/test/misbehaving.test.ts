/**
 * Relays that misbehave, served in-process with grpc-js on 127.0.0.1 at the raw-bytes level:
 * undecodable messages, flows that cannot be converted, an oversized message, a Relay that accepts
 * the call and never answers, and a TCP peer that never speaks HTTP/2. The gateway must count and
 * skip, reconnect, answer 503 in bounded time, and keep serving.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { createGateway, type Gateway } from '../src/server';
import { hubbleTypes } from '../src/proto';
import { startFakeRelay, metricValue, type GetFlowsHandler } from './fakeRelay';
import { encodeFromJson } from './protojson';
import { capturesMissing, fixtureFlows, get, testConfig, waitFor } from './helpers';

const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const c of cleanups.reverse()) {
    await c();
  }
});

async function fakeRelay(getFlows: GetFlowsHandler, unaryHangs = false): Promise<string> {
  const relay = await startFakeRelay(getFlows, unaryHangs);
  cleanups.push(() => relay.stop());
  return relay.address;
}

async function gateway(
  address: string,
  over: Parameters<typeof testConfig>[1] = {}
): Promise<{ gw: Gateway; url: string }> {
  const gw = createGateway(testConfig(address, over));
  const url = await gw.start();
  cleanups.push(() => gw.stop());
  return { gw, url };
}

const metric = async (url: string, name: string) => metricValue((await get(`${url}/metrics`)).body as string, name);

// Valid responses are made from a real capture: the tests that send them are skipped without it.
const skip = capturesMissing();

function validResponses(): Buffer[] {
  const { GetFlowsResponse } = hubbleTypes();
  return fixtureFlows('basic-sample-5-http-flows.json').map((flow) =>
    Buffer.from(encodeFromJson(GetFlowsResponse, { flow }))
  );
}

test(
  'undecodable messages and unconvertible flows are counted and skipped; the stream stays up',
  { skip },
  async () => {
    const { GetFlowsResponse } = hubbleTypes();
    const garbage = [
      Buffer.from([0x0a, 0x05, 0xff, 0xff, 0xff, 0xff, 0xff]), // flow field holding an endless varint
      Buffer.from([0x0a, 0x50, 0x01]), // flow length beyond the message
      Buffer.from(encodeFromJson(GetFlowsResponse, { flow: { verdict: 'FORWARDED' } })), // a flow without time
    ];
    const addr = await fakeRelay((call) => {
      call.sendMetadata(new grpc.Metadata());
      for (const b of [...garbage, ...validResponses()]) {
        call.write(b);
      }
    });
    const { gw, url } = await gateway(addr);
    await waitFor('valid flows stored', () => gw.store.size === 5);
    assert.equal(await metric(url, 'hubble_gateway_invalid_messages_total'), 3);
    assert.equal(gw.stream.state, 'connected');
    assert.equal((await get(`${url}/api/v1/flows`)).body.flows.length, 5);
  }
);

test(
  'an oversized message ends that call only: the gateway reconnects and keeps the good flows',
  { skip },
  async () => {
    const addr = await fakeRelay((call, n) => {
      call.sendMetadata(new grpc.Metadata());
      if (n === 1) {
        call.write(Buffer.concat([Buffer.from([0x0a, 0x80, 0x80, 0x08]), Buffer.alloc(131072, 0x41)])); // 128 KiB > 64 KiB limit
      } else {
        for (const b of validResponses()) {
          call.write(b);
        }
      }
    });
    const { gw, url } = await gateway(addr, { maxMessageBytes: 65536 });
    await waitFor('good flows after the reconnect', () => gw.store.size === 5);
    assert.ok((await metric(url, 'hubble_gateway_relay_reconnects_total')) >= 1);
    assert.equal((await get(`${url}/healthz`)).status, 200);
  }
);

test('a Relay that accepts calls and never answers: stall detected, reconnects, 503 within the deadline', async () => {
  const addr = await fakeRelay(() => {
    /* never writes, never ends */
  }, true);
  const { url } = await gateway(addr, { stallTimeoutMs: 300, relayTimeoutMs: 500 });
  await waitFor(
    'two stall reconnects',
    async () => (await metric(url, 'hubble_gateway_relay_reconnects_total')) >= 2,
    10_000
  );
  assert.equal((await get(`${url}/readyz`)).status, 503);
  const t0 = Date.now();
  const status = await get(`${url}/api/v1/status`);
  assert.equal(status.status, 503);
  assert.ok(Date.now() - t0 < 3000, 'answered within the Relay deadline');
  assert.ok((await metric(url, 'hubble_gateway_relay_stream_errors_total')) >= 2);
});

test('a TCP peer that never speaks HTTP/2: not ready, bounded 503, process alive', async () => {
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => {
    for (const s of sockets) {
      s.destroy();
    }
    silent.close();
  });
  const { url } = await gateway(`127.0.0.1:${(silent.address() as net.AddressInfo).port}`, {
    stallTimeoutMs: 300,
    relayTimeoutMs: 500,
  });
  const t0 = Date.now();
  const res = await get(`${url}/api/v1/flows?since=1h`);
  assert.equal(res.status, 503);
  assert.ok(Date.now() - t0 < 3000);
  assert.equal((await get(`${url}/readyz`)).status, 503);
  assert.equal((await get(`${url}/healthz`)).status, 200);
});

test('lost_events responses are counted by source; node_status responses are ignored', { skip }, async () => {
  const { GetFlowsResponse } = hubbleTypes();
  const lost = Buffer.from(
    encodeFromJson(GetFlowsResponse, { lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: '42' } })
  );
  const status = Buffer.from(
    encodeFromJson(GetFlowsResponse, { node_status: { state_change: 'NODE_CONNECTED', node_names: ['kind-worker'] } })
  );
  const addr = await fakeRelay((call) => {
    call.sendMetadata(new grpc.Metadata());
    for (const b of [lost, status, ...validResponses()]) {
      call.write(b);
    }
  });
  const { gw, url } = await gateway(addr);
  await waitFor('flows after the events', () => gw.store.size === 5);
  const text = (await get(`${url}/metrics`)).body as string;
  assert.match(text, /hubble_gateway_lost_events_total\{source="hubble_ring_buffer"\} 42/);
  assert.equal(await metric(url, 'hubble_gateway_invalid_messages_total'), 0);
});

test(
  'a truncated gRPC frame ends that call only: the gateway reconnects and stores the good flows',
  { skip },
  async () => {
    let calls = 0;
    const server = http2.createServer();
    server.on('stream', (stream) => {
      stream.on('error', () => {});
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      calls++;
      if (calls === 1) {
        // A frame header announcing 100 bytes, then 10, then the end of the call.
        stream.write(Buffer.concat([Buffer.from([0, 0, 0, 0, 100]), Buffer.alloc(10, 0x0a)]));
      } else {
        for (const m of validResponses()) {
          const head = Buffer.alloc(5);
          head.writeUInt32BE(m.length, 1);
          stream.write(Buffer.concat([head, m]));
        }
      }
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const { gw, url } = await gateway(`127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    await waitFor('good flows after the reconnect', () => gw.store.size === 5);
    assert.ok(calls >= 2);
    assert.ok((await metric(url, 'hubble_gateway_relay_stream_errors_total')) >= 1);
    assert.equal((await get(`${url}/healthz`)).status, 200);
  }
);
