import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { scanFlow, WireError } from './flowScan';
import { hubbleTypes } from './proto';
import { addFlowBytes, capturesMissing, FIXTURES, flowBytes, newStore, silentSink } from '../test/helpers';

const skip = capturesMissing(); // for the test that reads the real captures
import { referenceRecord } from '../test/recordReference';

/** The index the store keeps of one flow (via its record) plus the uuid the scan reads. */
function indexed(bytes: Buffer) {
  const store = newStore(1);
  addFlowBytes(store, bytes);
  let ref = -1;
  store.forEachNewestFirst((_r, r) => ((ref = r), false));
  const s = scanFlow(hubbleTypes().flowWire, bytes, 0, bytes.length, silentSink);
  const uuid = s.uuidStart < 0 ? '' : bytes.toString('utf8', s.uuidStart, s.uuidEnd);
  return { ...store.record(ref)!, uuid };
}

test('the wire scan and the store index every fixture flow as a full decode does', { skip }, () => {
  const { Flow } = hubbleTypes();
  let n = 0;
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
    for (const line of fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n').filter(Boolean)) {
      const json = JSON.parse(line).flow;
      const bytes = flowBytes(json);
      assert.deepEqual(indexed(bytes), referenceRecord(Flow, bytes), `${file}: ${json.Summary}`);
      n++;
    }
  }
  assert.equal(n, 1116);
});

test('workloads, DNS names, UDP ports, Kafka and a uuid are read too', () => {
  const { Flow } = hubbleTypes();
  const json = {
    time: '2024-05-01T10:00:00.000000001Z',
    uuid: 'u-1',
    verdict: 'DROPPED',
    drop_reason_desc: 'POLICY_DENIED',
    l4: { UDP: { source_port: 5353, destination_port: 53 } },
    source: {
      namespace: 'shop',
      pod_name: 'cart-7d9f8b6c5-abcde',
      workloads: [{ name: 'cart', kind: 'Deployment' }],
      labels: ['k8s:app=cart'],
    },
    destination: { identity: 2, labels: ['reserved:world'] },
    destination_names: ['api.example.com', 'example.com'],
    l7: { type: 'RESPONSE', latency_ns: '9007199254740993', dns: { query: 'api.example.com.', rcode: 3 } },
    traffic_direction: 'EGRESS',
    is_reply: true,
    event_type: { type: 129 },
  };
  const bytes = flowBytes(json);
  const fast = indexed(bytes);
  assert.deepEqual(fast, referenceRecord(Flow, bytes));
  assert.equal(fast.dst.node.id, 'dns:api.example.com');
  assert.deepEqual(fast.src.workloads, ['cart']);
  assert.equal(fast.src.node.workload_kind, 'Deployment');
  assert.equal(fast.dport, 53);
  const kafka = flowBytes({
    time: '2024-05-01T10:00:01Z',
    l4: { TCP: { source_port: 40000, destination_port: 9092 } },
    l7: { type: 'REQUEST', kafka: { api_version: 7, api_key: 'produce', correlation_id: 12, topic: 'orders' } },
  });
  assert.deepEqual(indexed(kafka), referenceRecord(Flow, kafka));
  assert.equal(indexed(kafka).l7, 'kafka');
});

test('malformed bytes throw WireError, never something worse', () => {
  const flow = hubbleTypes().flowWire;
  for (const bad of [
    [0x0a, 0xff],
    [0x0a, 0x05, 0x08],
    [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    [0x0b],
    [0x00],
  ]) {
    const buf = Buffer.from(bad);
    assert.throws(() => scanFlow(flow, buf, 0, buf.length, silentSink), WireError, JSON.stringify(bad));
  }
});
