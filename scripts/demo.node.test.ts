/**
 * `bash scripts/run.sh --local` and `npm run demo` leave nothing behind: each is started on ports
 * found free at run time (DEMO_*_PORT) with no history, signalled once its banner is out (or, for
 * run.sh, while it builds), and then no process it started may be alive, none of its ports held
 * and none of its temporary folders left. Processes are found by a marker variable in their
 * environment, which every descendant inherits, whatever its process group or parent.
 *
 *   node --import tsx --test scripts/demo.node.test.ts      (scripts/test.sh runs it)
 */
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';

const REPO = path.resolve(__dirname, '..');
const BANNER = 'Ctrl-C stops everything.';

/** A port free on 127.0.0.1 right now (the kernel picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when nothing holds the port: a listener on 127.0.0.1 or on every address makes bind fail. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Pids of live processes whose environment holds `marker` (zombies have none and are not counted). */
function markedProcesses(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) {
        pids.push(Number(entry));
      }
    } catch {
      // gone meanwhile, or another user's
    }
  }
  return pids;
}

/** Polls until `check` is true or `ms` pass; returns its last answer. */
async function eventually(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return check();
}

type Run = { child: ChildProcess; marker: string; ports: number[]; tmp: string; output: () => string };
const runs: Run[] = [];

// Whatever happens in a test, nothing it started survives the file.
after(() => {
  for (const run of runs) {
    for (const pid of markedProcesses(run.marker)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    fs.rmSync(run.tmp, { recursive: true, force: true });
  }
});

/** Starts `command` in the repository, in its own process group, with free demo ports and a marker. */
async function start(command: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
  const marker = `KUBEOBS_DEMO_TEST=${randomUUID()}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeobs-demo-test-'));
  const env = {
    ...process.env,
    DEMO_PROMETHEUS_PORT: String(ports[0]),
    DEMO_METRICS_PORT: String(ports[1]),
    DEMO_RELAY_PORT: String(ports[2]),
    DEMO_GATEWAY_PORT: String(ports[3]),
    DEMO_HISTORY_HOURS: '0',
    KUBEOBS_DEMO_TEST: marker.split('=')[1],
    TMPDIR: tmp,
    ...extraEnv,
  };
  const child = spawn(command[0], command.slice(1), {
    cwd: REPO,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const run = { child, marker, ports, tmp, output: () => out };
  runs.push(run);
  return run;
}

/** Waits for `text` in the output; fails with the output if the process exits or time runs out. */
async function waitForOutput(run: Run, text: string, ms: number): Promise<void> {
  const seen = await eventually(() => run.output().includes(text) || run.child.exitCode !== null, ms);
  assert.ok(seen && run.output().includes(text), `no "${text}" within ${ms / 1000} s:\n${run.output()}`);
}

/** Sends `signal` to `pid` (negative: a process group), then checks that nothing is left behind. */
async function signalAndCheck(run: Run, pid: number, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise<number | null>((resolve) => {
    if (run.child.exitCode !== null) {
      resolve(run.child.exitCode);
    }
    run.child.once('exit', (code, sig) => resolve(code ?? (sig ? 128 + os.constants.signals[sig] : null)));
  });
  process.kill(pid, signal);
  const code = await exited;
  assert.ok(code !== 0, `exit status after ${signal}: ${code}`);
  const gone = await eventually(() => markedProcesses(run.marker).length === 0, 20_000);
  const left = markedProcesses(run.marker).map((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, 'latin1').replace(/\0/g, ' ');
    } catch {
      return String(p);
    }
  });
  assert.ok(gone, `processes left after ${signal}:\n${left.join('\n')}\n${run.output()}`);
  for (const port of run.ports) {
    assert.ok(await eventually(() => portFree(port), 5000), `port ${port} still held after ${signal}`);
  }
  const temp = fs.readdirSync(run.tmp).filter((f) => f.startsWith('demo-cluster-prom-'));
  assert.deepEqual(temp, [], `temporary folders left in ${run.tmp}`);
}

const RUN_SH = ['bash', 'scripts/run.sh', '--local'];
const NPM_RUN_DEMO = ['npm', 'run', 'demo'];

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  test(`run.sh --local: ${signal} to it once the demo runs stops everything`, async () => {
    const run = await start(RUN_SH);
    await waitForOutput(run, BANNER, 600_000);
    await signalAndCheck(run, run.child.pid!, signal);
  });
}

test('run.sh --local: SIGTERM while it builds stops the build too', async () => {
  const run = await start(RUN_SH);
  await waitForOutput(run, '==> npm run build', 600_000);
  await signalAndCheck(run, run.child.pid!, 'SIGTERM');
  assert.doesNotMatch(run.output(), /Demo running/);
});

test('npm run demo: Ctrl-C (SIGINT to its process group, as a terminal sends it) stops everything', async () => {
  const run = await start(NPM_RUN_DEMO);
  await waitForOutput(run, BANNER, 300_000);
  await signalAndCheck(run, -run.child.pid!, 'SIGINT');
});

for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  test(`npm run demo: ${signal} to npm stops everything`, async () => {
    const run = await start(NPM_RUN_DEMO);
    await waitForOutput(run, BANNER, 300_000);
    await signalAndCheck(run, run.child.pid!, signal);
  });
}

test('a port in use is named, with what holds it, before anything starts', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as net.AddressInfo).port;
  try {
    const run = await start(['bash', 'scripts/demo.sh'], { DEMO_GATEWAY_PORT: String(port) });
    const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve));
    assert.equal(code, 1, run.output());
    assert.match(
      run.output(),
      new RegExp(
        `Port ${port}, for the Hubble gateway \\(DEMO_GATEWAY_PORT\\), is in use by node, pid ${process.pid}\\.`
      )
    );
    assert.doesNotMatch(run.output(), /==> demo cluster/);
    assert.deepEqual(markedProcesses(run.marker), []);
  } finally {
    holder.close();
  }
});
