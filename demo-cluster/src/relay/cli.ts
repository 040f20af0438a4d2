/**
 * Standalone demo Hubble Relay, replaying a capture or serving the demo cluster's own traffic:
 *   tsx src/relay/cli.ts --flows-file FILE [--listen 127.0.0.1:4245] [--anchor RFC3339] [--rate N] [--rate-from-stdin]
 *   tsx src/relay/cli.ts --demo-traffic [--since RFC3339] [--until RFC3339] [--seed N] [--buffer-size N] [--listen ...]
 * Either with [--log-requests].
 * --flows-file serves every flow of FILE (`hubble observe -o json` lines), in order, re-timed so
 * that the last one is at --anchor (default now; malformed lines are skipped with a warning); with
 * --rate N it then continues with N flows/s cycled from the file (see replayHub.ts).
 * --demo-traffic serves the demo cluster's FlowHub (generated traffic and the looped captures)
 * from --since (default 60 s ago) on, following the wall clock, or frozen at --until when given
 * (the same flows for the same seed and instants: reproducible tests). Relay and hub keep the
 * newest --buffer-size flows (default 16383).
 * --rate-from-stdin (with --flows-file) reads lines `rate N` from stdin and produces N flows/s from
 * then on (tests that change the cluster's flow rate). --log-requests prints every GetFlows request
 * as received, one line each: `relay GetFlows {"number":100,"since":"...","whitelist":[...]}` (only
 * the fields set).
 * Prints "relay listening on HOST:PORT" once ready; stops on SIGTERM/SIGINT.
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadFlowsFile } from '../flows/file';
import { createFlowHub } from '../flows/hub';
import type { FlowHub } from '../flows/types';
import { ReplayHub } from './replayHub';
import { startRelay } from './server';
import { timeToNs } from './flowToProto';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      listen: { type: 'string', default: '127.0.0.1:4245' },
      'flows-file': { type: 'string' },
      anchor: { type: 'string' },
      rate: { type: 'string', default: '0' },
      'demo-traffic': { type: 'boolean', default: false },
      since: { type: 'string' },
      until: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'buffer-size': { type: 'string', default: '16383' },
      'rate-from-stdin': { type: 'boolean', default: false },
      'log-requests': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const file = values['flows-file'];
  if (!file === !values['demo-traffic']) {
    throw new Error(
      'give --flows-file FILE (a file of `hubble observe -o json` lines) or --demo-traffic (the demo cluster), not both'
    );
  }
  let hub: FlowHub;
  let close: () => void;
  let maxFlows: number | undefined;
  if (file) {
    const rate = Number(values.rate);
    if (!(rate >= 0)) {
      throw new Error(`--rate: not a number >= 0: ${values.rate}`);
    }
    const loaded = loadFlowsFile(file, (msg) => console.error(`relay: ${msg}`));
    const replay = new ReplayHub(loaded.flows, { anchorNs: values.anchor ? timeToNs(values.anchor) : undefined, rate });
    hub = replay;
    close = () => replay.close();
    if (values['rate-from-stdin']) {
      readline.createInterface({ input: process.stdin }).on('line', (line) => {
        const m = /^rate\s+(\d+(?:\.\d+)?)$/.exec(line.trim());
        if (m) {
          replay.setRate(Number(m[1]));
          console.log(`relay rate ${m[1]}`);
        } else {
          console.error(`relay: not a command: ${JSON.stringify(line)} (expected "rate N")`);
        }
      });
    }
  } else {
    if (values['rate-from-stdin']) {
      throw new Error('--rate-from-stdin goes with --flows-file (the demo traffic has its own rate)');
    }
    const ms = (name: 'since' | 'until', text: string | undefined) => {
      const t = text === undefined ? undefined : Date.parse(text);
      if (t !== undefined && Number.isNaN(t)) {
        throw new Error(`--${name}: not an RFC 3339 time: ${text}`);
      }
      return t;
    };
    const until = ms('until', values.until);
    const since = ms('since', values.since) ?? (until ?? Date.now()) - 60_000;
    maxFlows = Number(values['buffer-size']);
    if (!(Number.isInteger(maxFlows) && maxFlows > 0)) {
      throw new Error(`--buffer-size: not a whole number > 0: ${values['buffer-size']}`);
    }
    const seed = /^\d+$/.test(values.seed!) ? Number(values.seed) : values.seed!;
    const demo = createFlowHub({ seed, epochMs: since, bufferSize: maxFlows });
    demo.advanceTo(until ?? Date.now());
    if (until === undefined) {
      demo.start();
    }
    hub = demo;
    close = () => demo.stop();
  }
  const onGetFlows = values['log-requests']
    ? (request: Record<string, unknown>) => console.log(`relay GetFlows ${JSON.stringify(request)}`)
    : undefined;
  const relay = await startRelay({ hub, listen: values.listen!, maxFlows, onGetFlows });
  console.log(`relay listening on ${relay.address}`);
  const stop = () => {
    close();
    relay.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(`relay: ${(err as Error).message}`);
  process.exit(2);
});
