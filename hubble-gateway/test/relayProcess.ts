/**
 * Test helper: runs the demo Hubble Relay CLI (../demo-cluster/src/relay/cli.ts) as a child process
 * on 127.0.0.1 and resolves once it prints its address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const DEMO_CLUSTER = path.resolve(__dirname, '../../demo-cluster');

export type RelayProcess = { child: ChildProcess; address: string; port: number; output: () => string };

/**
 * Starts `cli.ts` with `args`; rejects if it exits or stays silent for 20 s. With `stdin`, the
 * relay's stdin is a pipe (`child.stdin`: `--rate-from-stdin` commands).
 */
export function startRelayProcess(args: string[], opts: { stdin?: boolean } = {}): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/relay/cli.ts', ...args], {
    cwd: DEMO_CLUSTER,
    stdio: [opts.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay did not start:\n${out}`));
    }, 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /relay listening on (\S+):(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, address: `${m[1]}:${m[2]}`, port: Number(m[2]), output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited with ${code}:\n${out}`));
    });
  });
}

/** SIGKILLs the relay and waits for it to be gone. */
export function killRelay(p: RelayProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      return resolve();
    }
    p.child.once('exit', () => resolve());
    p.child.kill(signal);
  });
}
