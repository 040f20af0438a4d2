/**
 * The demo cluster with a real Prometheus, with history:
 *
 *   tsx scripts/with-prometheus.ts [options] [-- COMMAND ARGS...]
 *
 * 1. starts the demo (src/main.ts) with --history-hours H --history-out <tmp>/history.om and waits
 *    for "demo-cluster listening on URL" (the demo first simulates the H hours before now, so its
 *    live counters continue the history);
 * 2. backfills the history with `promtool tsdb create-blocks-from openmetrics` into <tmp>/data;
 * 3. writes <tmp>/prometheus.yml from the demo's /targets.json (short scrape interval) and starts
 *    /usr/bin/prometheus on 127.0.0.1 (exemplar storage, retention 100y, data in <tmp>/data);
 * 4. waits until every target is up and a rate() evaluated inside the backfilled range returns data;
 * 5. with COMMAND: runs it with PROMETHEUS_URL, DEMO_CLUSTER_URL and HUBBLE_METRICS in its
 *    environment and exits with its exit code; without: prints the URLs and runs until SIGINT/SIGTERM.
 * Everything it started is stopped on exit; <tmp> is removed unless --keep.
 *
 * Options: --hours H (default 1; 0 = no history), --port P (Prometheus, default 9090; 0 = any free
 * port), --demo-port P (default 9400; 0 = any), --relay-port P (the demo's Hubble Relay; 0 = any;
 * off = none; default $DEMO_RELAY_LISTEN, else 127.0.0.1:4245), --hubble-metrics docs|rich (default docs),
 * --seed N (default 1), --scrape-interval DURATION (default 2s), --history-step SECONDS (default 15;
 * larger steps make long histories smaller: ~580 MB of OpenMetrics per hour at 15 s), --keep, --quiet.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { scrapeConfigYaml } from '../src/prometheus/config';
import {
  RunningPrometheus,
  backfill,
  findBinary,
  freePort,
  query,
  startPrometheus,
  stopProcess,
  waitFor,
  waitForTargetsUp,
} from '../src/prometheus/runner';

const PKG = resolve(__dirname, '..');

function parse() {
  const argv = process.argv.slice(2);
  const dash = argv.indexOf('--');
  const own = dash >= 0 ? argv.slice(0, dash) : argv;
  const command = dash >= 0 ? argv.slice(dash + 1) : [];
  const { values } = parseArgs({
    args: own,
    options: {
      hours: { type: 'string', default: '1' },
      port: { type: 'string', default: '9090' },
      'demo-port': { type: 'string', default: '9400' },
      'relay-port': { type: 'string' },
      'hubble-metrics': { type: 'string', default: 'docs' },
      seed: { type: 'string', default: '1' },
      'scrape-interval': { type: 'string', default: '2s' },
      'history-step': { type: 'string', default: '15' },
      keep: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const mode = values['hubble-metrics'];
  if (mode !== 'docs' && mode !== 'rich') {
    throw new Error(`--hubble-metrics: expected docs or rich, got ${mode}`);
  }
  const hours = Number(values.hours);
  if (!(hours >= 0)) {
    throw new Error(`--hours: expected a number >= 0, got ${values.hours}`);
  }
  if (values['relay-port'] !== undefined && !/^(\d+|off)$/.test(values['relay-port'])) {
    throw new Error(`--relay-port: expected a port number, 0 (any free port) or off, got ${values['relay-port']}`);
  }
  if (!/^\d+(ms|s|m)$/.test(values['scrape-interval'] as string)) {
    throw new Error(`--scrape-interval: expected a Prometheus duration such as 2s, got ${values['scrape-interval']}`);
  }
  return { ...values, mode, hours, command } as typeof values & {
    mode: 'docs' | 'rich';
    hours: number;
    command: string[];
  };
}

/**
 * Starts the demo (its Hubble Relay on `relayListen`, host:port or "off") and resolves with its URL
 * once it prints that it listens.
 */
function startDemoProcess(
  args: string[],
  relayListen: string,
  timeoutMs: number,
  log: (m: string) => void
): Promise<{ proc: ChildProcess; url: string; output: () => string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(PKG, 'src', 'main.ts'), ...args], {
    cwd: PKG,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DEMO_RELAY_LISTEN: relayListen },
  });
  let out = '';
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`demo cluster did not start within ${timeoutMs / 1000} s:\n${out.slice(-4000)}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out = (out + d.toString()).slice(-50_000);
      const m = /demo-cluster listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        proc.stdout?.off('data', onData);
        proc.stdout?.on('data', (x: Buffer) => (out = (out + x.toString()).slice(-50_000)));
        resolveStart({ proc, url: m[1], output: () => out });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (d: Buffer) => {
      out = (out + d.toString()).slice(-50_000);
      log(d.toString().trimEnd());
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`demo cluster exited (${signal ?? `code ${code}`}) before it was ready:\n${out.slice(-4000)}`));
    });
  });
}

async function main(): Promise<number> {
  const o = parse();
  const log = (m: string) => {
    if (!o.quiet) {
      console.error(`[with-prometheus] ${m}`);
    }
  };
  findBinary('prometheus');
  findBinary('promtool');
  const tmp = mkdtempSync(join(tmpdir(), 'demo-cluster-prom-'));
  const started: Array<() => Promise<void>> = [];
  let exiting = false;
  const cleanup = async () => {
    for (const stop of started.reverse()) {
      await stop().catch(() => undefined);
    }
    if (!o.keep) {
      rmSync(tmp, { recursive: true, force: true });
    } else {
      log(`kept ${tmp}`);
    }
  };
  const onSignal = (sig: NodeJS.Signals) => {
    if (exiting) {
      return;
    }
    exiting = true;
    log(`${sig}: stopping`);
    void cleanup().then(() => process.exit(128 + os.constants.signals[sig]));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    const promPort = o.port === '0' ? await freePort() : Number(o.port);
    const demoPort = o['demo-port'] === '0' ? 0 : Number(o['demo-port']);
    const historyFile = join(tmp, 'history.om');
    const dataDir = join(tmp, 'data');
    const demoArgs = ['--listen', `127.0.0.1:${demoPort}`, '--seed', String(o.seed), '--hubble-metrics', o.mode];
    if (o.hours > 0) {
      demoArgs.push(
        '--history-hours',
        String(o.hours),
        '--history-out',
        historyFile,
        '--history-step',
        String(o['history-step'])
      );
    }
    log(`starting the demo cluster${o.hours > 0 ? ` with ${o.hours} h of history` : ''} ...`);
    const relayPort = o['relay-port'];
    const relayListen =
      relayPort === undefined
        ? (process.env.DEMO_RELAY_LISTEN ?? '127.0.0.1:4245')
        : relayPort === 'off'
          ? 'off'
          : `127.0.0.1:${relayPort}`;
    const demo = await startDemoProcess(demoArgs, relayListen, 120_000 + o.hours * 240_000, log);
    const historyEndSec = Date.now() / 1000; // the demo serves once its history is written
    started.push(() => stopProcess(demo.proc));
    log(`demo cluster on ${demo.url}`);
    if (o.hours > 0) {
      log(`backfilling ${(statSync(historyFile).size / 1e6).toFixed(0)} MB of history with promtool ...`);
      await backfill(historyFile, dataDir);
      rmSync(historyFile, { force: true });
    }
    const targets = (await (await fetch(`${demo.url}/targets.json`)).json()) as Array<{
      job: string;
      path: string;
      labels: Record<string, string>;
      honorLabels: boolean;
    }>;
    const address = demo.url.replace(/^http:\/\//, '');
    const configFile = join(tmp, 'prometheus.yml');
    writeFileSync(
      configFile,
      scrapeConfigYaml({
        targets,
        address,
        scrapeInterval: o['scrape-interval'] as string,
        header: 'generated by scripts/with-prometheus.ts',
      })
    );
    log(`starting prometheus on 127.0.0.1:${promPort} ...`);
    const prom: RunningPrometheus = await startPrometheus({ configFile, dataDir, port: promPort });
    started.push(() => prom.stop());
    await waitForTargetsUp(prom.url, targets.length, 120_000);
    log(`all ${targets.length} targets up`);
    if (o.hours > 0) {
      // A rate over the backfilled range, evaluated inside it (at most a minute before its end).
      const t = Math.floor(historyEndSec - Math.min(60, (o.hours * 3600) / 2));
      await waitFor(
        'rate() over the backfilled history',
        async () => {
          const r = await query(prom.url, 'sum(rate(hubble_flows_processed_total[2m]))', t);
          return r.result.length > 0 && Number(r.result[0].value[1]) > 0 ? true : undefined;
        },
        60_000
      );
      log('history is queryable');
    }
    const env = { ...process.env, PROMETHEUS_URL: prom.url, DEMO_CLUSTER_URL: demo.url, HUBBLE_METRICS: o.mode };
    if (o.command.length === 0) {
      const relay =
        /Hubble Relay \(gRPC observer\.Observer\) on (\S+)/.exec(demo.output())?.[1] ??
        'not running (see the demo cluster output)';
      console.log(
        `Prometheus:   ${prom.url}\nDemo cluster: ${demo.url}\nHubble Relay: ${relay}\nHubble metrics: ${o.mode}\nCtrl-C to stop.`
      );
      await new Promise<void>(() => undefined);
      return 0;
    }
    log(`running: ${o.command.join(' ')}`);
    const child = spawn(o.command[0], o.command.slice(1), { stdio: 'inherit', env, shell: false });
    started.push(() => stopProcess(child));
    const code = await new Promise<number>((res) => {
      child.on('error', (e) => {
        console.error(`[with-prometheus] cannot run ${o.command[0]}: ${e.message}`);
        res(127);
      });
      child.on('exit', (c, sig) => res(c ?? (sig ? 128 + 15 : 1)));
    });
    return code;
  } catch (e) {
    console.error(`[with-prometheus] ${(e as Error).message}`);
    return 1;
  } finally {
    if (!exiting) {
      exiting = true;
      await cleanup();
    }
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(`[with-prometheus] ${e.message}`);
    process.exit(1);
  }
);
