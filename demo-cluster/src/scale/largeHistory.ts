/**
 * Writes the recent past of a large synthetic cluster (largeCluster.ts) as one Prometheus TSDB
 * block: every scrape target is collected through the demo's exporters at two instants, five
 * minutes apart, ending at `endMs`; each series is then drawn back over `minutes` at `stepMs`:
 * counters (and histogram buckets, sums, counts) at their measured rate, gauges oscillating
 * between their two values with a 10-minute period. Labels are those a scrape stores
 * (`mergeScrapeLabels`: target labels, honor_labels, `job`), plus `up` per target.
 */
import { goFloat, omFloat } from '../metrics/format';
import { Family, LabelPairs } from '../metrics/model';
import { mergeScrapeLabels } from '../history';
import { HubbleMetricsMode } from '../hubble/options';
import { Simulation } from '../sim/simulation';
import { Target } from '../targets';
import { buildLargeCluster } from './largeCluster';
import { LargeSimulation } from './largeSim';
import { BlockWriter } from './tsdbBlock';

/** Options of {@link writeLargeHistory}. */
export type LargeHistoryOptions = {
  nodes: number;
  podsPerNode?: number;
  hubbleMetrics?: HubbleMetricsMode;
  /** Last sample time, Unix ms (rounded down to the step). */
  endMs: number;
  /** Minutes of history before it (default 70: a 1 h page plus rate windows). */
  minutes?: number;
  /** Scrape interval to emulate, ms (default 15000). */
  stepMs?: number;
  /** Prometheus data directory the block is written into. */
  dataDir: string;
  seed?: number;
  onProgress?: (message: string) => void;
};

/** What was written. */
export type LargeHistoryResult = {
  ulid: string;
  nodes: number;
  pods: number;
  namespaces: number;
  workloads: number;
  series: number;
  samples: number;
  firstMs: number;
  lastMs: number;
  /** Series per scrape job. */
  seriesByJob: Record<string, number>;
};

/** One series of a scrape: its name and labels as the exporter built them, its value, whether it only grows. */
type Point = { name: string; labels: LabelPairs; key: string; value: number; counter: boolean };

/** Every series of a target's families (histograms as buckets, sum and count), then `up`. */
function* points(target: Target, families: Family[]): Generator<Point> {
  const le = (b: number) => (target.openMetrics ? omFloat(b) : goFloat(b));
  for (const f of families) {
    if (f.type === 'histogram') {
      for (const p of f.points) {
        const bucket = `${f.name}_bucket`;
        for (let i = 0; i < p.bounds.length; i++) {
          const l = le(p.bounds[i]);
          yield {
            name: bucket,
            labels: [...p.labels, ['le', l]],
            key: `${bucket}{${p.key},${l}`,
            value: p.counts[i],
            counter: true,
          };
        }
        yield {
          name: bucket,
          labels: [...p.labels, ['le', '+Inf']],
          key: `${bucket}{${p.key},+Inf`,
          value: p.count,
          counter: true,
        };
        yield { name: `${f.name}_sum`, labels: p.labels, key: `${f.name}_sum{${p.key}`, value: p.sum, counter: true };
        yield {
          name: `${f.name}_count`,
          labels: p.labels,
          key: `${f.name}_count{${p.key}`,
          value: p.count,
          counter: true,
        };
      }
    } else {
      for (const s of f.samples) {
        yield {
          name: f.name,
          labels: s.labels,
          key: `${f.name}{${s.key}`,
          value: s.value,
          counter: f.type === 'counter',
        };
      }
    }
  }
  yield { name: 'up', labels: [], key: 'up', value: 1, counter: false };
}

const GAUGE_PERIOD_MS = 600_000;

/** Generates the cluster, collects it and writes the block. */
export async function writeLargeHistory(opts: LargeHistoryOptions): Promise<LargeHistoryResult> {
  const stepMs = opts.stepMs ?? 15_000;
  const minutes = opts.minutes ?? 70;
  const seed = opts.seed ?? 1;
  const log = opts.onProgress ?? (() => undefined);
  const tB = Math.floor(opts.endMs / stepMs) * stepMs;
  const tA = tB - 300_000;
  const steps = Math.floor((minutes * 60_000) / stepMs) + 1;
  const times = new Float64Array(steps).map((_, i) => tB - (steps - 1 - i) * stepMs);

  const cluster = buildLargeCluster({
    nodes: opts.nodes,
    podsPerNode: opts.podsPerNode,
    seed,
    createdMs: tB - 30 * 86_400_000,
  });
  log(
    `cluster: ${cluster.nodes.length} nodes, ${cluster.pods.length} pods, ${cluster.namespaces.length} namespaces, ${cluster.workloads.length} workloads`
  );
  // Flow-derived state: the demo cluster (no captures) 15 minutes into its run, at both instants.
  const demo = (t: number) => {
    const sim = new Simulation({
      seed,
      hubbleMetrics: opts.hubbleMetrics ?? 'docs',
      fixturesDir: null,
      epochMs: tB - 900_000,
    });
    sim.advanceTo(t);
    return sim;
  };
  const simA = new LargeSimulation(cluster, demo(tA));
  const simB = new LargeSimulation(cluster, demo(tB));

  const writer = new BlockWriter(opts.dataDir, times);
  const values = new Float64Array(steps);
  const seriesByJob: Record<string, number> = {};
  let done = 0;
  for (const target of simB.targets) {
    const before = new Map<string, number>();
    for (const p of points(target, simA.collect(target, tA))) {
      before.set(p.key, p.value);
    }
    let count = 0;
    for (const p of points(target, simB.collect(target, tB))) {
      const a = before.get(p.key) ?? (p.counter ? 0 : p.value);
      if (p.counter) {
        const rate = Math.max(0, (p.value - a) / (tB - tA));
        for (let i = 0; i < steps; i++) {
          values[i] = Math.max(0, p.value - rate * (tB - times[i]));
        }
      } else {
        const swing = a - p.value;
        for (let i = 0; i < steps; i++) {
          values[i] =
            swing === 0
              ? p.value
              : p.value + swing * 0.5 * (1 - Math.cos((2 * Math.PI * (tB - times[i])) / GAUGE_PERIOD_MS));
        }
      }
      writer.add([['__name__', p.name], ...mergeScrapeLabels(target, p.labels)], values);
      count++;
    }
    seriesByJob[target.job] = (seriesByJob[target.job] ?? 0) + count;
    done++;
    if (done % 200 === 0 || done === simB.targets.length) {
      log(`targets: ${done}/${simB.targets.length}`);
    }
  }
  const stats = writer.finish();
  return {
    ulid: stats.ulid,
    nodes: cluster.nodes.length,
    pods: cluster.pods.length,
    namespaces: cluster.namespaces.length,
    workloads: cluster.workloads.length,
    series: stats.series,
    samples: stats.samples,
    firstMs: times[0],
    lastMs: times[steps - 1],
    seriesByJob,
  };
}
