/**
 * Standalone demo Hubble Relay replaying a capture:
 *   tsx src/relay/cli.ts --flows-file FILE [--listen 127.0.0.1:4245] [--anchor RFC3339] [--rate N]
 * Serves every flow of FILE (`hubble observe -o json` lines), in order, re-timed so that the last
 * one is at --anchor (default now; malformed lines are skipped with a warning); with --rate N it then continues with N flows/s cycled from the
 * file (see replayHub.ts). Prints "relay listening on HOST:PORT" once ready; stops on SIGTERM/SIGINT.
 */
import { parseArgs } from 'node:util';
import { loadFlowsFile } from '../flows/file';
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
    },
    strict: true,
  });
  const file = values['flows-file'];
  if (!file) {
    throw new Error('--flows-file FILE is required (a file of `hubble observe -o json` lines)');
  }
  const rate = Number(values.rate);
  if (!(rate >= 0)) {
    throw new Error(`--rate: not a number >= 0: ${values.rate}`);
  }
  const loaded = loadFlowsFile(file, (msg) => console.error(`relay: ${msg}`));
  const hub = new ReplayHub(loaded.flows, { anchorNs: values.anchor ? timeToNs(values.anchor) : undefined, rate });
  const relay = await startRelay({ hub, listen: values.listen! });
  console.log(`relay listening on ${relay.address}`);
  const stop = () => {
    hub.close();
    relay.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(`relay: ${(err as Error).message}`);
  process.exit(2);
});
