/**
 * Starts the demo cluster: the simulation (flows, metrics), optionally H hours of history first
 * (written as OpenMetrics when asked, so a backfilled Prometheus and the live endpoints line up),
 * then the wall-clock ticker and the metrics server.
 */
import { DemoOptions } from './cli';
import { capturesDir, defaultFixturesDir } from './flows/captures';
import { writeHistory } from './history';
import { MetricsServer, startMetricsServer } from './server';
import { Simulation } from './sim/simulation';

/** A running demo: its simulation (sim.hub is the FlowHub), its metrics server and stop(). */
export type Demo = {
  sim: Simulation;
  server: MetricsServer;
  /** Stops the ticker and closes the server (idempotent). */
  stop(): Promise<void>;
};

/** Starts everything; `log` receives progress lines (default console.log). */
export async function startDemo(opts: DemoOptions, log: (m: string) => void = console.log): Promise<Demo> {
  const stepMs = opts.historyStepSeconds * 1000;
  const now = Date.now();
  const epochMs = opts.historyHours > 0 ? Math.floor((now - opts.historyHours * 3_600_000) / stepMs) * stepMs : now;
  if (!opts.flowsFile && opts.fixturesDir === undefined && !defaultFixturesDir()) {
    log(`demo-cluster: no Hubble captures in ${capturesDir()} (HUBBLE_FIXTURES_DIR): generated traffic only`);
  }
  const sim = new Simulation({
    seed: opts.seed,
    hubbleMetrics: opts.hubbleMetrics,
    flowsFile: opts.flowsFile,
    fixturesDir: opts.fixturesDir,
    ratePerSecond: opts.ratePerSecond,
    bufferSize: opts.bufferSize,
    epochMs,
  });
  if (opts.historyHours > 0) {
    const started = Date.now();
    if (opts.historyOut) {
      const r = await writeHistory({ sim, startMs: epochMs, endMs: Date.now(), stepMs, out: opts.historyOut });
      log(
        `history: ${r.steps} steps, ${r.series} series, ${r.samples} samples written to ${opts.historyOut} (${((Date.now() - started) / 1000).toFixed(1)} s)`
      );
    } else {
      sim.advanceTo(Date.now());
      log(`history: simulated ${opts.historyHours} h in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  sim.hub.start();
  const server = await startMetricsServer({ sim, host: opts.host, port: opts.port });
  let stopped = false;
  return {
    sim,
    server,
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      sim.hub.stop();
      await server.close();
    },
  };
}
