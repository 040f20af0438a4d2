import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Config } from './config';
import { RateMeter, rateSample } from './flowRate';
import { ModeController } from './mode';

test('RateMeter: the rise of seen_flows per second; flows_rate when nodes change or at the first sample', () => {
  const m = new RateMeter();
  const at = (seen: number, nodes: number, flowsRate: number, atMs: number) =>
    m.add(rateSample({ seen_flows: String(seen), num_connected_nodes: nodes, flows_rate: flowsRate }, atMs));
  assert.deepEqual(at(1000, 3, 7, 0), { flowsPerSecond: 7, source: 'flows_rate' });
  assert.deepEqual(at(3000, 3, 7, 2000), { flowsPerSecond: 1000, source: 'seen_flows' });
  assert.deepEqual(at(3500, 4, 9, 3000), { flowsPerSecond: 9, source: 'flows_rate' }, 'a node joined the sum');
  assert.deepEqual(at(100, 4, 0, 4000), undefined, 'a node restarted and Relay gives no flows_rate');
});

const cfg = (mode: Config['mode']) => ({
  mode,
  queryModeRate: 1000,
  followModeRate: 500,
  modeIntervalMs: 60_000,
  modeSamples: 2,
  relayAddress: 'relay:80',
});
const quiet = { info() {}, warn() {} };

/** A Relay whose seen_flows rises by `rate` per sample; samples are 1 s apart (Date.now stepped). */
function relayAt(rates: number[]) {
  let seen = 0;
  return {
    serverStatus: async () => {
      seen += rates.shift() ?? 0;
      return { seen_flows: String(seen), num_connected_nodes: 3, flows_rate: 0 };
    },
  };
}

async function run(ctl: ModeController, samples: number, clock: { now: number }) {
  const modes: string[] = [];
  for (let i = 0; i < samples; i++) {
    clock.now += 1000;
    await ctl.sample();
    modes.push(ctl.current);
  }
  return modes;
}

test('auto mode: query after modeSamples samples above, follow after as many below; the gap holds the mode', async (t) => {
  const clock = { now: 1_000_000 };
  t.mock.method(Date, 'now', () => clock.now);
  const ctl = new ModeController(relayAt([0, 2000, 800, 2000, 2000, 700, 400, 800, 400, 400]), cfg('auto'), quiet);
  const switches: string[] = [];
  ctl.onChange = (m) => switches.push(m);
  const modes = await run(ctl, 10, clock);
  // rates: -, 2000, 800, 2000, 2000, 700, 400, 800, 400, 400
  assert.deepEqual(modes, [
    'follow',
    'follow',
    'follow', // 800 between the thresholds: the count of samples above restarts
    'follow',
    'query',
    'query', // 700: in the gap, stays
    'query',
    'query', // 800 breaks the run below
    'query',
    'follow',
  ]);
  assert.deepEqual(switches, ['query', 'follow']);
  assert.equal(ctl.status().flow_rate, 400);
  assert.match(ctl.status().reason, /--follow-mode-rate 500 flows\/s in 2 samples/);
});

test('--mode query and --mode follow fix the mode; the rate is still reported', async (t) => {
  const clock = { now: 1_000_000 };
  t.mock.method(Date, 'now', () => clock.now);
  const ctl = new ModeController(relayAt([0, 5000, 5000, 5000]), cfg('follow'), quiet);
  assert.deepEqual(await run(ctl, 4, clock), ['follow', 'follow', 'follow', 'follow']);
  assert.equal(ctl.status().flow_rate, 5000);
  assert.match(ctl.status().reason, /--mode follow/);
  const q = new ModeController(relayAt([0, 1, 1]), cfg('query'), quiet);
  assert.deepEqual(await run(q, 3, clock), ['query', 'query', 'query']);
});

test('a Relay that does not answer: no switch, the error in the status', async () => {
  const ctl = new ModeController(
    {
      serverStatus: async () => {
        throw new Error('Hubble Relay at relay:80 is unreachable');
      },
    },
    cfg('auto'),
    quiet
  );
  await ctl.sample();
  assert.equal(ctl.current, 'follow');
  assert.equal(ctl.status().last_error, 'Hubble Relay at relay:80 is unreachable');
  assert.equal(ctl.status().flow_rate, null);
});
