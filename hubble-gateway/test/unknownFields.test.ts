/**
 * Forward compatibility: flows from a Relay newer than our protos (fields and enum values we do not
 * declare, at the top level, nested, inside interned endpoints and policies, and a new kind of
 * GetFlows response) keep every byte: served under "@unknown_fields" / as numbers, counted in the
 * metrics by message and enum. Served by a grpc-js stand-in over real gRPC on 127.0.0.1.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { createGateway, type Gateway } from '../src/server';
import { hubbleTypes } from '../src/proto';
import { UnknownTally } from '../src/unknownTally';
import { startFakeRelay, metricValue, type FakeRelay } from './fakeRelay';
import { encodeFromJson } from './protojson';
import { get, testConfig, waitFor } from './helpers';

let relay: FakeRelay | undefined;
let gw: Gateway | undefined;
after(async () => {
  await gw?.stop();
  relay?.stop();
});

const b64 = (bytes: number[] | string) => Buffer.from(bytes as never).toString('base64');

/** A flow of a future Cilium, as our gateway prints it (canonical key order, unknowns last). */
function futureFlow(k: number) {
  return {
    time: `2024-05-01T10:00:0${k}Z`,
    uuid: `future-${k}`,
    verdict: 42,
    source: {
      ID: 7,
      namespace: 'shop',
      labels: ['k8s:app=cart'],
      pod_name: 'cart-0',
      '@unknown_fields': [{ number: 50, wire_type: 2, value: b64('zone-a') }],
    },
    Type: 'L7',
    node_name: 'node-1',
    l7: {
      type: 'REQUEST',
      http: { method: 'GET', url: '/' },
      '@unknown_fields': [{ number: 103, wire_type: 0, value: '5' }],
    },
    egress_allowed_by: [
      { name: 'allow-cart', namespace: 'shop', '@unknown_fields': [{ number: 9, wire_type: 5, value: 7 }] },
    ],
    '@unknown_fields': [{ number: 999, wire_type: 2, value: b64([8, 1, 18, 2, 104, 105]) }],
  };
}

test('unknown fields and enum values are kept, served and counted by message', async () => {
  const { GetFlowsResponse } = hubbleTypes();
  const flows = [1, 2, 3].map(futureFlow);
  relay = await startFakeRelay((call) => {
    call.sendMetadata(new grpc.Metadata());
    // A response kind our protos do not know (field 4), then three flows.
    call.write(Buffer.from([0x22, 0x02, 0x08, 0x01]));
    for (const flow of flows) {
      call.write(Buffer.from(encodeFromJson(GetFlowsResponse, { flow })));
    }
  });
  gw = createGateway(testConfig(relay.address));
  const url = await gw.start();
  await waitFor('three flows', () => gw!.store.size === 3);

  const res = await get(`${url}/api/v1/flows`);
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.flows.map((f: unknown) => JSON.stringify(f)),
    flows.reverse().map((f) => JSON.stringify(f)),
    'every flow exactly as sent, unknown fields where they were'
  );

  const text = (await get(`${url}/metrics`)).body as string;
  const unknown = (message: string) =>
    metricValue(text, 'hubble_gateway_unknown_fields_total', `{message="${message}"}`);
  assert.equal(unknown('flow.Flow'), 3);
  assert.equal(unknown('flow.Layer7'), 3);
  assert.equal(unknown('flow.Endpoint'), 3, 'inside the interned source endpoint, counted per flow');
  assert.equal(unknown('flow.Policy'), 3);
  assert.equal(unknown('observer.GetFlowsResponse'), 1);
  assert.equal(metricValue(text, 'hubble_gateway_unknown_enum_values_total', '{enum="flow.Verdict"}'), 3);
  assert.equal(metricValue(text, 'hubble_gateway_invalid_messages_total'), 0);
});

test('each unknown field number and enum value is logged once', () => {
  const lines: object[] = [];
  const tally = new UnknownTally({ warn: (o) => lines.push(o) });
  for (let i = 0; i < 5; i++) {
    tally.field('flow.Flow', 999, 2);
    tally.field('flow.Layer7', 103, 0);
    tally.enumValue('flow.Verdict', 42);
  }
  tally.field('flow.Flow', 1000, 0);
  assert.deepEqual(lines, [
    { message: 'flow.Flow', field_number: 999, wire_type: 2 },
    { message: 'flow.Layer7', field_number: 103, wire_type: 0 },
    { enum: 'flow.Verdict', value: 42 },
    { message: 'flow.Flow', field_number: 1000, wire_type: 0 },
  ]);
  assert.equal(tally.fields.get('flow.Flow'), 6);
  for (let n = 0; n < 2000; n++) {
    tally.field('flow.Flow', 5000 + n, 0);
  }
  assert.ok(lines.length <= 1002, `logging is bounded (${lines.length} lines)`);
});
