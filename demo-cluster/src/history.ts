/**
 * Writes the simulation's past as OpenMetrics text for `promtool tsdb create-blocks-from
 * openmetrics`: the simulation is stepped from `startMs` to `endMs` every `stepMs` and every
 * target is "scraped" at each step. Each sample carries the labels the live scrape would store:
 * the target labels merged with the series labels by Prometheus' rules (honor_labels: series
 * labels win; otherwise conflicting series labels become `exported_<name>`; empty labels are
 * dropped), `job`, and the `up` series of each target. Bucket `le` values are written the way the
 * live endpoint writes them (OpenMetrics "1.0" for Hubble, text format "1" for the others).
 *
 * Memory: one Float64Array(steps) per stored series (about 12,000 series including histogram
 * buckets), i.e. 8 bytes x 240 steps x 12,000 = ~23 MB per hour of history at a 15 s step.
 */
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { goFloat, omFloat, escapeHelp } from './metrics/format';
import { Family, LabelPairs, renderLabels, sortLabels } from './metrics/model';
import { omFamilyName } from './metrics/exposition';
import { Simulation } from './sim/simulation';
import { Target } from './targets';

/** Merges target and series labels as a Prometheus scrape stores them. */
export function mergeScrapeLabels(target: Target, series: LabelPairs): LabelPairs {
  const out = new Map<string, string>();
  const targetLabels: Record<string, string> = { ...target.labels, job: target.job };
  for (const [k, v] of series) {
    if (v === '') {
      continue;
    }
    if (!target.honorLabels && k in targetLabels) {
      out.set(`exported_${k}`, v);
    } else {
      out.set(k, v);
    }
  }
  for (const [k, v] of Object.entries(targetLabels)) {
    if (v !== '' && (!target.honorLabels || !out.has(k))) {
      out.set(k, v);
    }
  }
  return sortLabels([...out.entries()]);
}

type SubSeries = { suffix: string; le?: string; values: Float64Array };
type Group = { key: string; subs: SubSeries[]; subIndex: Map<string, SubSeries> };
type FamilyStore = { name: string; type: Family['type']; help: string; groups: Map<string, Group> };

/** Accumulates samples of every step, grouped by family and series, for ordered output. */
export class HistoryStore {
  readonly families = new Map<string, FamilyStore>();
  /** target path -> family -> series key -> group */
  private groupCache = new Map<string, Map<string, Map<string, Group>>>();
  private leCache = new Map<number, [string, string]>();
  constructor(readonly steps: number) {}

  private group(f: FamilyStore, target: Target, labels: LabelPairs, key: string): Group {
    let byFamily = this.groupCache.get(target.path);
    if (!byFamily) {
      byFamily = new Map();
      this.groupCache.set(target.path, byFamily);
    }
    let byKey = byFamily.get(f.name);
    if (!byKey) {
      byKey = new Map();
      byFamily.set(f.name, byKey);
    }
    let g = byKey.get(key);
    if (!g) {
      const merged = renderLabels(mergeScrapeLabels(target, labels));
      g = f.groups.get(merged);
      if (!g) {
        g = { key: merged, subs: [], subIndex: new Map() };
        f.groups.set(merged, g);
      }
      byKey.set(key, g);
    }
    return g;
  }

  private le(b: number, om: boolean): string {
    let e = this.leCache.get(b);
    if (!e) {
      e = [goFloat(b), omFloat(b)];
      this.leCache.set(b, e);
    }
    return om ? e[1] : e[0];
  }

  private sub(g: Group, suffix: string, le?: string): SubSeries {
    const id = `${suffix}/${le ?? ''}`;
    let s = g.subIndex.get(id);
    if (!s) {
      s = { suffix, le, values: new Float64Array(this.steps).fill(NaN) };
      g.subIndex.set(id, s);
      g.subs.push(s);
    }
    return s;
  }

  /** Records the families of one target scraped at step `i`. */
  add(step: number, target: Target, families: Family[]): void {
    for (const fam of families) {
      let f = this.families.get(fam.name);
      if (!f) {
        f = { name: fam.name, type: fam.type, help: fam.help, groups: new Map() };
        this.families.set(fam.name, f);
      }
      if (fam.type === 'histogram') {
        for (const p of fam.points) {
          const g = this.group(f, target, p.labels, p.key);
          p.bounds.forEach((b, i) => {
            this.sub(g, '_bucket', this.le(b, target.openMetrics)).values[step] = p.counts[i];
          });
          this.sub(g, '_bucket', '+Inf').values[step] = p.count;
          this.sub(g, '_count').values[step] = p.count;
          this.sub(g, '_sum').values[step] = p.sum;
        }
      } else {
        for (const s of fam.samples) {
          this.sub(this.group(f, target, s.labels, s.key), '').values[step] = s.value;
        }
      }
    }
  }

  /** Number of stored series. */
  get seriesCount(): number {
    let n = 0;
    for (const f of this.families.values()) {
      for (const g of f.groups.values()) {
        n += g.subs.length;
      }
    }
    return n;
  }

  /** Writes OpenMetrics text (ending with `# EOF`) for the given step timestamps (ms). */
  async write(out: Writable, timestampsMs: number[]): Promise<number> {
    let buf = '';
    let samples = 0;
    const flush = async (force = false) => {
      if (buf.length > 1 << 20 || (force && buf.length > 0)) {
        const chunk = buf;
        buf = '';
        if (!out.write(chunk)) {
          await new Promise<void>((r) => out.once('drain', () => r()));
        }
      }
    };
    const ts = timestampsMs.map((t) => (t / 1000).toFixed(3));
    for (const f of this.families.values()) {
      const fam = { name: f.name, type: f.type, help: f.help } as Family;
      const type = f.type === 'counter' && !f.name.endsWith('_total') ? 'unknown' : f.type;
      const base = omFamilyName(fam);
      buf += `# TYPE ${base} ${type}\n# HELP ${base} ${escapeHelp(f.help)}\n`;
      for (const g of f.groups.values()) {
        for (let i = 0; i < this.steps; i++) {
          for (const s of g.subs) {
            const v = s.values[i];
            if (Number.isNaN(v)) {
              continue;
            }
            const labels = s.le === undefined ? g.key : g.key ? `${g.key},le="${s.le}"` : `le="${s.le}"`;
            buf += `${f.name}${s.suffix}{${labels}} ${omFloat(v)} ${ts[i]}\n`;
            samples++;
          }
        }
        await flush();
      }
    }
    buf += '# EOF\n';
    await flush(true);
    return samples;
  }
}

/** Options of {@link writeHistory}. */
export type HistoryOptions = {
  sim: Simulation;
  /** First and last instant (Unix ms). Steps are aligned to multiples of stepMs. */
  startMs: number;
  endMs: number;
  /** Step between samples, ms (the scrape interval to emulate). Default 15000. */
  stepMs?: number;
  /** Output file path or stream. */
  out: string | Writable;
  /** Called after each step (progress). */
  onStep?: (i: number, steps: number) => void;
};

/** Steps the simulation through [startMs, endMs] and writes the OpenMetrics file. */
export async function writeHistory(
  opts: HistoryOptions
): Promise<{ steps: number; series: number; samples: number; firstMs: number; lastMs: number }> {
  const stepMs = opts.stepMs ?? 15_000;
  const first = Math.ceil(opts.startMs / stepMs) * stepMs;
  const times: number[] = [];
  for (let t = first; t <= opts.endMs; t += stepMs) {
    times.push(t);
  }
  const store = new HistoryStore(times.length);
  // `up` carries only the target labels (and job), like the series Prometheus synthesises.
  const upFam: Family = {
    name: 'up',
    help: 'Whether the scrape of the target succeeded',
    type: 'gauge',
    samples: [{ labels: [], key: '', value: 1 }],
  };
  times.forEach((t, i) => {
    opts.sim.advanceTo(t);
    for (const target of opts.sim.targets) {
      store.add(i, target, opts.sim.collect(target, t));
      store.add(i, target, [upFam]);
    }
    opts.onStep?.(i, times.length);
  });
  const stream = typeof opts.out === 'string' ? createWriteStream(opts.out) : opts.out;
  const samples = await store.write(stream, times);
  if (typeof opts.out === 'string') {
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.end(() => resolve());
    });
  }
  return {
    steps: times.length,
    series: store.seriesCount,
    samples,
    firstMs: times[0],
    lastMs: times[times.length - 1],
  };
}
