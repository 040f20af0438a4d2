import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFlowHub } from './hub';

const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);

test('ratePerSecond sets the average number of generated flows per second (within 15%)', () => {
  for (const rate of [30, 90]) {
    const hub = createFlowHub({ seed: 5, epochMs: T0, fixturesDir: null, ratePerSecond: rate });
    let n = 0;
    hub.subscribe(() => n++);
    hub.advanceTo(T0 + 1_800_000);
    const perSecond = n / 1800;
    assert.ok(Math.abs(perSecond - rate) / rate < 0.15, `asked ${rate}/s, got ${perSecond.toFixed(1)}/s`);
  }
});

test('recent() returns at most bufferSize flows, the newest, oldest first', () => {
  const hub = createFlowHub({ seed: 5, epochMs: T0, fixturesDir: null, bufferSize: 100 });
  const all: string[] = [];
  hub.subscribe((f) => all.push(f.uuid as string));
  hub.advanceTo(T0 + 60_000);
  assert.ok(all.length > 500);
  assert.deepEqual(
    hub.recent(1000).map((f) => f.uuid),
    all.slice(-100)
  );
  assert.deepEqual(
    hub.recent(3).map((f) => f.uuid),
    all.slice(-3)
  );
  assert.equal(hub.stats().seenFlows, all.length);
});
