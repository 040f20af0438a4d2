/**
 * The app's recording rules' series for the benchmark's hour: written once per rule set with
 * `promtool tsdb create-blocks-from rules` (evaluated against the running Prometheus), kept in the
 * data dir (benchData.ts) and linked into the run's Prometheus data directory.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { RunningPrometheus, findBinary, run } from '../../demo-cluster/src/prometheus/runner';
import { RECORDING_RULES, RECORDING_RULE_GROUP } from '../../src/queries/recordingRules';
import { blockDirs, linkBlocks, markRulesComplete } from './benchData';

/** Options of {@link loadRecordedSeries}. */
export interface RecordedSeriesOptions {
  /** Prometheus serving the raw history (the rules are evaluated against it). */
  prometheus: RunningPrometheus;
  /** Starts Prometheus again on the run's data directory (to load newly linked blocks). */
  restart: () => Promise<RunningPrometheus>;
  /** The run's Prometheus data directory. */
  runDir: string;
  /** Where the rules' blocks are kept, and whether they are complete (benchData.rulesBlocksDir). */
  rulesDir: string;
  complete: boolean;
  /** Evaluation range, Unix seconds. */
  startS: number;
  endS: number;
  log: (m: string) => void;
}

/**
 * Makes the recorded series queryable: links the kept blocks when complete, else writes them in
 * passes so that rules reading other recorded series (promtool evaluates each rule alone) run after
 * those are loaded, restarting Prometheus after each pass. Resolves with the running Prometheus.
 * Errors: promtool's output when a pass fails; a cycle between rules.
 */
export async function loadRecordedSeries(o: RecordedSeriesOptions): Promise<RunningPrometheus> {
  let running = o.prometheus;
  const restart = async () => {
    await running.stop();
    running = await o.restart();
  };
  if (o.complete) {
    linkBlocks(o.rulesDir, o.runDir);
    await restart();
    o.log(`recording rules: reusing their series in ${o.rulesDir}`);
    return running;
  }
  const linked = new Set<string>();
  const done = new Set<string>();
  for (let pass = 1; done.size < RECORDING_RULES.length; pass++) {
    const ready = RECORDING_RULES.filter(
      (r) =>
        !done.has(r.record) && RECORDING_RULES.every((o) => o === r || !r.expr.includes(o.record) || done.has(o.record))
    );
    if (ready.length === 0) {
      throw new Error('recording rules depend on each other in a cycle');
    }
    const file = join(o.rulesDir, `pass-${pass}.rules.yaml`);
    writeFileSync(
      file,
      stringify({
        groups: [
          { name: RECORDING_RULE_GROUP, interval: '1m', rules: ready.map((r) => ({ record: r.record, expr: r.expr })) },
        ],
      })
    );
    await run(
      findBinary('promtool'),
      [
        'tsdb',
        'create-blocks-from',
        'rules',
        `--start=${Math.ceil(o.startS)}`,
        `--end=${Math.floor(o.endS)}`,
        `--url=${running.url}`,
        `--output-dir=${o.rulesDir}`,
        '--eval-interval=1m',
        file,
      ],
      3_600_000
    );
    ready.forEach((r) => done.add(r.record));
    const fresh = blockDirs(o.rulesDir).filter((b) => !linked.has(b));
    linkBlocks(o.rulesDir, o.runDir, fresh).forEach((b) => linked.add(b));
    await restart();
    o.log(`recording rules pass ${pass}: ${ready.map((r) => r.record).join(', ')}`);
  }
  markRulesComplete(o.rulesDir, [...done]);
  return running;
}
