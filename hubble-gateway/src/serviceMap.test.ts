import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FlowRecord } from './flowRecord';
import { ServiceMap } from './serviceMap';
import { addFlowBytes, capturesMissing, FIXTURES, flowBytes, newStore } from '../test/helpers';

const skip = capturesMissing(); // for the tests that read the real captures

function flows(file: string): Buffer[] {
  return fs
    .readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => flowBytes(JSON.parse(l).flow));
}

/** The index records of `all`, in order (a store large enough to keep them all). */
function records(all: Buffer[]): FlowRecord[] {
  const store = newStore(all.length);
  all.forEach((b) => addFlowBytes(store, b));
  const out: FlowRecord[] = [];
  store.forEachNewestFirst((_r, ref) => (out.unshift(store.record(ref)!), true));
  return out;
}

test(
  'flows leaving the ring buffer leave the service map: it always equals a map of the buffered flows',
  { skip },
  () => {
    const all = flows('basic-sample-348-http-flows.json');
    const recs = records(all);
    for (const capacity of [1, 7, 50, 200]) {
      const store = newStore(capacity);
      all.forEach((b, i) => {
        addFlowBytes(store, b);
        if (i % 37 === 0 || i === all.length - 1) {
          const fresh = new ServiceMap(10_000);
          for (const kept of recs.slice(Math.max(0, i + 1 - capacity), i + 1)) {
            fresh.add(kept);
          }
          assert.deepEqual(store.map.query(), fresh.query(), `capacity ${capacity} after ${i + 1} flows`);
          assert.equal(store.map.flowCount, Math.min(capacity, i + 1));
          assert.equal(store.size + store.evicted, i + 1, 'every flow is buffered or evicted');
        }
      });
    }
  }
);

test('a resent flow at the newest instant is a duplicate; a different one is not', { skip }, () => {
  const [a, b] = fs
    .readFileSync(path.join(FIXTURES, 'basic-sample-5-http-flows.json'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).flow);
  const store = newStore(10);
  assert.equal(addFlowBytes(store, flowBytes(a)), 'added');
  assert.equal(addFlowBytes(store, flowBytes(a)), 'duplicate');
  assert.equal(addFlowBytes(store, flowBytes({ ...a, uuid: 'other' })), 'added', 'same time, other flow');
  assert.equal(addFlowBytes(store, flowBytes(b)), 'added');
  assert.equal(store.size, 3);
});
