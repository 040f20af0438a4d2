/**
 * Recovery: the demo Relay (child process) is killed with SIGKILL mid-stream and restarted on the
 * same port with the same deterministic flow sequence (--anchor, --rate). The gateway must
 * reconnect, resume with `since` = the newest flow it holds, and end up with every flow exactly
 * once: no duplicates, no gap in the live sequence.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createGateway, type Gateway } from '../src/server';
import { FIXTURES, capturesMissing, get, rfc, storedFlows, testConfig, waitFor } from './helpers';
import { killRelay, startRelayProcess, type RelayProcess } from './relayProcess';

let relay: RelayProcess | undefined;
let gw: Gateway | undefined;

after(async () => {
  await gw?.stop();
  if (relay) {
    await killRelay(relay);
  }
});

const skip = capturesMissing(); // this test replays a real capture

test('kill -9 and restart of Relay: reconnect, resume with since, no duplicates, no gap', { skip }, async () => {
  const file = path.join(FIXTURES, 'basic-sample-348-http-flows.json');
  const anchor = rfc((BigInt(Date.now()) - 2000n) * 1_000_000n);
  const args = (listen: string) => ['--flows-file', file, '--listen', listen, '--anchor', anchor, '--rate', '200'];
  relay = await startRelayProcess(args('127.0.0.1:0'));
  const port = relay.port;
  gw = createGateway(testConfig(relay.address, { backoffInitialMs: 100, backoffMaxMs: 400 }));
  const url = await gw.start();
  await waitFor('history and some live flows', () => gw!.store.size > 348 + 200);
  assert.equal((await get(`${url}/readyz`)).status, 200);

  await killRelay(relay);
  relay = undefined;
  await waitFor('readyz 503 after the kill', async () => (await get(`${url}/readyz`)).status === 503);
  const beforeRestart = gw.store.size;
  await new Promise((r) => setTimeout(r, 700)); // flows keep "happening" while Relay is down

  relay = await startRelayProcess(args(`127.0.0.1:${port}`));
  await waitFor('readyz 200 after the restart', async () => (await get(`${url}/readyz`)).status === 200);
  await waitFor('flows after the restart', () => gw!.store.size > beforeRestart + 300);

  const flows = storedFlows(gw.store);
  const history = flows.filter((f) => !f.uuid);
  const live = flows.filter((f) => f.uuid);
  assert.equal(new Set(history.map((f) => JSON.stringify(f))).size, history.length, 'no duplicate history flow');
  assert.equal(history.length, 348, 'every history flow once');
  const ks = live.map((f) => Number(String(f.uuid).split('-').pop())).sort((a, b) => a - b);
  assert.equal(new Set(ks).size, ks.length, 'no duplicate live flow');
  assert.equal(ks[0], 1);
  assert.equal(ks[ks.length - 1], ks.length, `live flows 1..${ks.length} without a gap`);

  const metrics = (await get(`${url}/metrics`)).body as string;
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
  assert.ok(value('hubble_gateway_relay_reconnects_total') >= 1, 'reconnects counted');
  assert.ok(value('hubble_gateway_duplicate_flows_total') >= 1, 'the resent flow at the resume instant was skipped');
  assert.equal(value('hubble_gateway_relay_stream_connected'), 1);
});
