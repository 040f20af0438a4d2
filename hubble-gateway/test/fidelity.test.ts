/**
 * Nothing of a flow is lost. Flows that set every field of flow.Flow as Cilium 1.19's own reference
 * protos declare it (every oneof member in some flow), a trace flow with trace_reason, a Kafka flow
 * and a flow with fields our protos do not know come back as the same JSON text:
 * - through the store (bytes in, JSON out);
 * - from the demo Hubble Relay (a child process replaying them from a file) over real gRPC, through
 *   the gateway, to `GET /api/v1/flows`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGateway, type Gateway } from '../src/server';
import { everyFieldFlows } from './allFields';
import { addFlowBytes, flowBytes, get, newStore, testConfig, waitFor } from './helpers';
import { loadReference, noReference } from './protoCompare';
import { killRelay, startRelayProcess, type RelayProcess } from './relayProcess';

type Obj = Record<string, unknown>;

const traceFlow: Obj = {
  time: '2024-05-01T10:00:10.000000001Z',
  uuid: '1c1f8c55-1d3b-4c0e-9a36-2f5f0c1d2e3f',
  verdict: 'FORWARDED',
  ethernet: { source: '0a:58:0a:f4:01:10', destination: '0a:58:0a:f4:01:01' },
  IP: { source: '10.244.1.16', destination: '10.244.2.7', ipVersion: 'IPv4' },
  l4: { TCP: { source_port: 43118, destination_port: 8080, flags: { ACK: true } } },
  source: { ID: 1893, identity: 21334, namespace: 'shop', labels: ['k8s:app=cart'], pod_name: 'cart-7d9f8b6c5-abcde' },
  destination: { identity: 8123, namespace: 'shop', labels: ['k8s:app=db'], pod_name: 'db-0' },
  Type: 'L3_L4',
  node_name: 'kind-worker',
  event_type: { type: 4, sub_type: 3 },
  traffic_direction: 'EGRESS',
  trace_observation_point: 'TO_STACK',
  trace_reason: 'ESTABLISHED',
  is_reply: false,
  interface: { index: 5, name: 'eth0' },
  Summary: 'TCP Flags: ACK',
};

const kafkaFlow: Obj = {
  time: '2024-05-01T10:00:11Z',
  uuid: '8a0f1d0c-6c62-4b4c-a5a2-3f1b6f7d2c11',
  verdict: 'FORWARDED',
  IP: { source: '10.244.1.20', destination: '10.244.3.9', ipVersion: 'IPv4' },
  l4: { TCP: { source_port: 51234, destination_port: 9092 } },
  source: { ID: 2001, identity: 30211, namespace: 'empire', labels: ['k8s:app=empire-hq'], pod_name: 'empire-hq-0' },
  destination: { ID: 402, identity: 30999, namespace: 'kafka', labels: ['k8s:app=kafka'], pod_name: 'kafka-broker-0' },
  Type: 'L7',
  node_name: 'kind-worker3',
  l7: {
    type: 'REQUEST',
    kafka: { api_version: 7, api_key: 'produce', correlation_id: 12, topic: 'empire-announce' },
  },
  event_type: { type: 129 },
  traffic_direction: 'INGRESS',
  is_reply: false,
  Summary: "Kafka request produce correlation id 12 topic 'empire-announce'",
};

const futureFlow: Obj = {
  time: '2024-05-01T10:00:12Z',
  uuid: 'f0f0f0f0-0000-4000-8000-000000000001',
  verdict: 'DROPPED',
  Type: 'L3_L4',
  node_name: 'kind-worker2',
  l7: { type: 'REQUEST', '@unknown_fields': [{ number: 103, wire_type: 2, value: 'CgNmb28=' }] },
  drop_reason_desc: 250,
  '@unknown_fields': [
    { number: 42, wire_type: 0, value: '7' },
    { number: 43, wire_type: 2, value: 'aGVsbG8=' },
  ],
};

function testFlows(): Obj[] {
  const Flow = loadReference().lookupType('flow.Flow');
  return [...everyFieldFlows(Flow), traceFlow, kafkaFlow, futureFlow];
}

test('every field of every flow survives bytes -> store -> JSON', { skip: noReference }, () => {
  const flows = testFlows();
  assert.ok(flows.length >= 5, 'one flow per member of the largest oneof');
  const store = newStore(100);
  for (const f of flows) {
    addFlowBytes(store, flowBytes(f));
  }
  const printed: string[] = [];
  store.forEachNewestFirst((_r, ref) => (printed.unshift(store.json(ref)!), true));
  assert.deepEqual(
    printed,
    flows.map((f) => JSON.stringify(f))
  );
});

let relay: RelayProcess | undefined;
let gw: Gateway | undefined;
let dir = '';

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubble-gw-fidelity-'));
});

after(async () => {
  await gw?.stop();
  if (relay) {
    await killRelay(relay, 'SIGTERM');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test(
  'every field survives the demo Relay -> gRPC -> gateway -> /api/v1/flows unchanged',
  { skip: noReference },
  async () => {
    const flows = testFlows();
    const file = path.join(dir, 'every-field.json');
    fs.writeFileSync(file, flows.map((f) => JSON.stringify({ flow: f })).join('\n') + '\n');
    // --anchor at the newest flow: the Relay keeps the times as they are.
    relay = await startRelayProcess([
      '--flows-file',
      file,
      '--listen',
      '127.0.0.1:0',
      '--anchor',
      String(futureFlow.time),
    ]);
    gw = createGateway(testConfig(relay.address));
    const url = await gw.start();
    await waitFor('every flow buffered', () => gw!.store.size === flows.length);
    const res = await get(`${url}/api/v1/flows?limit=100`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      (res.body.flows as Obj[]).map((f) => JSON.stringify(f)).reverse(),
      flows.map((f) => JSON.stringify(f))
    );
    assert.doesNotMatch(relay.output(), /not sent/, 'the Relay carried every key');
  }
);
