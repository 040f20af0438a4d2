import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ByteArena } from './arena';
import { recordFromBytes } from './flowRecord';
import { scanFlow, WireError } from './flowScan';
import { hubbleTypes } from './proto';
import { encodeFromJson } from './protojson';
import { FIXTURES, capturesMissing } from '../test/helpers';

const skip = capturesMissing(); // for the tests that read the real captures

test('the wire scanner builds the same record as a full decode, for every fixture flow', { skip }, () => {
  const { Flow, root } = hubbleTypes();
  const Endpoint = root.lookupType('flow.Endpoint');
  const arena = new ByteArena(4096);
  let n = 0;
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
    for (const line of fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n').filter(Boolean)) {
      const json = JSON.parse(line).flow;
      const bytes = encodeFromJson(Flow, json);
      const fast = scanFlow(Endpoint, bytes, arena);
      const ref = recordFromBytes(Flow, bytes);
      assert.deepEqual(
        { ...fast, bytes: Buffer.from(fast.bytes) },
        { ...ref, bytes: Buffer.from(ref.bytes) },
        `${file}: ${json.Summary}`
      );
      n++;
    }
  }
  assert.equal(n, 1116);
});

test('workloads, DNS names, UDP ports and a uuid are read too', () => {
  const { Flow, root } = hubbleTypes();
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
  const bytes = encodeFromJson(Flow, json);
  const fast = scanFlow(root.lookupType('flow.Endpoint'), bytes, new ByteArena());
  assert.deepEqual({ ...fast, bytes: undefined }, { ...recordFromBytes(Flow, bytes), bytes: undefined });
  assert.equal(fast.dst.node.id, 'dns:api.example.com');
  assert.deepEqual(fast.src.workloads, ['cart']);
  assert.equal(fast.src.node.workload_kind, 'Deployment');
  assert.equal(fast.dport, 53);
});

test('malformed bytes throw WireError, never something worse', () => {
  const Endpoint = hubbleTypes().root.lookupType('flow.Endpoint');
  for (const bad of [
    [0x0a, 0xff],
    [0x0a, 0x05, 0x08],
    [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    [0x0b],
  ]) {
    assert.throws(() => scanFlow(Endpoint, Uint8Array.from(bad), new ByteArena()), WireError, JSON.stringify(bad));
  }
});
