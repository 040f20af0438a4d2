import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FlowStore } from './flowStore';
import { ByteArena } from './arena';
import { scanFlow } from './flowScan';
import { hubbleTypes } from './proto';
import { encodeFromJson } from './protojson';
import { ServiceMap } from './serviceMap';
import { FIXTURES, capturesMissing } from '../test/helpers';

const skip = capturesMissing(); // for the tests that read the real captures

function records(file: string) {
  const { Flow, root } = hubbleTypes();
  const arena = new ByteArena();
  return fs
    .readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => scanFlow(root.lookupType('flow.Endpoint'), encodeFromJson(Flow, JSON.parse(l).flow), arena));
}

test(
  'flows leaving the ring buffer leave the service map: it always equals a map of the buffered flows',
  { skip },
  () => {
    const all = records('basic-sample-348-http-flows.json');
    for (const capacity of [1, 7, 50, 200]) {
      const store = new FlowStore(capacity, 10_000);
      all.forEach((r, i) => {
        store.add(r);
        if (i % 37 === 0 || i === all.length - 1) {
          const fresh = new ServiceMap(10_000);
          for (const kept of all.slice(Math.max(0, i + 1 - capacity), i + 1)) {
            fresh.add(kept);
          }
          assert.deepEqual(store.map.query(), fresh.query(), `capacity ${capacity} after ${i + 1} flows`);
          assert.equal(store.map.flowCount, Math.min(capacity, i + 1));
        }
      });
    }
  }
);

test('a resent flow at the newest instant is a duplicate; a different one is not', { skip }, () => {
  const [a, b] = records('basic-sample-5-http-flows.json');
  const store = new FlowStore(10, 10_000);
  assert.equal(store.add(a), 'added');
  assert.equal(store.add(a), 'duplicate');
  assert.equal(store.add({ ...a, uuid: 'other' }), 'added', 'same time, other flow');
  assert.equal(store.add(b), 'added');
  assert.equal(store.size, 3);
});
