/**
 * `npm run history -- --hours H --out FILE`: writes H hours (ending now) of the simulated
 * cluster's metrics as OpenMetrics for `promtool tsdb create-blocks-from openmetrics FILE DIR`.
 * Start Prometheus on DIR with --storage.tsdb.retention.time=100y (or the blocks may be dropped).
 */
import { parseArgs } from 'node:util';
import { writeHistory } from './history';
import { Simulation } from './sim/simulation';

const USAGE = `Usage: npm run history -- --out FILE [--hours H] [--end ISO-8601|now] [--step SECONDS]
       [--seed N] [--hubble-metrics docs|rich] [--fixtures-dir DIR] [--rate N]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      hours: { type: 'string', default: '1' },
      end: { type: 'string', default: 'now' },
      step: { type: 'string', default: '15' },
      seed: { type: 'string', default: '1' },
      'hubble-metrics': { type: 'string', default: 'docs' },
      'fixtures-dir': { type: 'string' },
      rate: { type: 'string', default: '30' },
    },
    strict: true,
  });
  const hours = Number(values.hours);
  const stepMs = Number(values.step) * 1000;
  const end = values.end === 'now' ? Date.now() : Date.parse(values.end as string);
  const mode = values['hubble-metrics'];
  if (!values.out || !(hours > 0) || !(stepMs >= 1000) || Number.isNaN(end) || (mode !== 'docs' && mode !== 'rich')) {
    throw new Error(USAGE);
  }
  const endMs = Math.floor(end / stepMs) * stepMs;
  const startMs = endMs - hours * 3_600_000;
  const seed = /^-?\d+$/.test(values.seed as string) ? Number(values.seed) : (values.seed as string);
  const sim = new Simulation({
    seed,
    hubbleMetrics: mode,
    fixturesDir: values['fixtures-dir'],
    ratePerSecond: Number(values.rate),
    epochMs: startMs,
  });
  const r = await writeHistory({ sim, startMs, endMs, stepMs, out: values.out });
  console.error(
    `wrote ${r.samples} samples of ${r.series} series, ${r.steps} steps from ${new Date(r.firstMs).toISOString()} to ${new Date(r.lastMs).toISOString()} to ${values.out}`
  );
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(2);
});
