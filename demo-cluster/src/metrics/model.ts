/**
 * A minimal metrics model: families of counters, gauges and histograms with their current
 * values, built by the exporters and rendered by exposition.ts (live scrapes) and history.ts
 * (backfill). Label pairs are kept sorted by name, as the Prometheus Go client exposes them.
 */
import { escapeLabelValue } from './format';

/** Label name/value pairs, sorted by name. */
export type LabelPairs = Array<[string, string]>;

/** An exemplar (OpenMetrics): its labels, the observed value and when it was observed (Unix ms). */
export type Exemplar = { labels: LabelPairs; value: number; timestampMs: number };

/** One counter or gauge series. `key` is the rendered label set without braces. */
export type Sample = { labels: LabelPairs; key: string; value: number; exemplar?: Exemplar };

/** One histogram series: cumulative bucket counts per upper bound (the +Inf bucket is `count`). */
export type HistogramPoint = {
  labels: LabelPairs;
  key: string;
  bounds: readonly number[];
  counts: number[];
  sum: number;
  count: number;
  exemplars?: Array<Exemplar | undefined>;
};

/** A metric family: counters and gauges with samples, histograms with points. `name` includes `_total` for counters. */
export type Family =
  | { name: string; help: string; type: 'counter' | 'gauge'; samples: Sample[] }
  | { name: string; help: string; type: 'histogram'; points: HistogramPoint[] };

/** Sorts label pairs by name and drops empty names. Empty values are kept (they are exposed). */
export function sortLabels(labels: Record<string, string> | LabelPairs): LabelPairs {
  const pairs = Array.isArray(labels) ? [...labels] : Object.entries(labels);
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Renders sorted label pairs as `a="x",b="y"`. */
export function renderLabels(labels: LabelPairs): string {
  let s = '';
  for (const [k, v] of labels) {
    s += `${s ? ',' : ''}${k}="${escapeLabelValue(v)}"`;
  }
  return s;
}

/** Builds a counter or gauge family from (labels, value) pairs. */
export class SimpleFamily {
  readonly samples: Sample[] = [];
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge'
  ) {}
  add(labels: Record<string, string>, value: number): this {
    const l = sortLabels(labels);
    this.samples.push({ labels: l, key: renderLabels(l), value });
    return this;
  }
  family(): Family {
    return { name: this.name, help: this.help, type: this.type, samples: this.samples };
  }
}

/** Shorthands. */
export const gauge = (name: string, help: string) => new SimpleFamily(name, help, 'gauge');
export const counter = (name: string, help: string) => new SimpleFamily(name, help, 'counter');

/** The Prometheus Go client's default histogram buckets (prometheus.DefBuckets), seconds. */
export const DEF_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A stateful labelled counter or gauge (like prometheus.CounterVec), children created on use. */
export class ValueVec {
  private children = new Map<string, Sample>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge',
    readonly labelNames: readonly string[]
  ) {}
  private child(values: readonly string[]): Sample {
    const id = values.join('\u0001');
    let c = this.children.get(id);
    if (!c) {
      const l = sortLabels(this.labelNames.map((n, i) => [n, values[i]] as [string, string]));
      c = { labels: l, key: renderLabels(l), value: 0 };
      this.children.set(id, c);
    }
    return c;
  }
  add(values: readonly string[], by = 1, exemplar?: Exemplar): void {
    const c = this.child(values);
    c.value += by;
    if (exemplar) {
      c.exemplar = exemplar;
    }
  }
  set(values: readonly string[], v: number): void {
    this.child(values).value = v;
  }
  get size(): number {
    return this.children.size;
  }
  family(): Family {
    return { name: this.name, help: this.help, type: this.type, samples: [...this.children.values()] };
  }
}

/** A stateful labelled histogram (like prometheus.HistogramVec); keeps the latest exemplar per bucket. */
export class HistogramVec {
  private children = new Map<string, HistogramPoint>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly bounds: readonly number[] = DEF_BUCKETS
  ) {}
  observe(values: readonly string[], v: number, exemplar?: Exemplar, times = 1): void {
    const id = values.join('\u0001');
    let c = this.children.get(id);
    if (!c) {
      const l = sortLabels(this.labelNames.map((n, i) => [n, values[i]] as [string, string]));
      c = { labels: l, key: renderLabels(l), bounds: this.bounds, counts: this.bounds.map(() => 0), sum: 0, count: 0 };
      this.children.set(id, c);
    }
    let bucket = this.bounds.length;
    for (let i = this.bounds.length - 1; i >= 0 && v <= this.bounds[i]; i--) {
      c.counts[i] += times;
      bucket = i;
    }
    c.sum += v * times;
    c.count += times;
    if (exemplar) {
      c.exemplars ??= new Array(this.bounds.length + 1).fill(undefined);
      c.exemplars[bucket] = exemplar;
    }
  }
  get size(): number {
    return this.children.size;
  }
  family(): Family {
    return { name: this.name, help: this.help, type: 'histogram', points: [...this.children.values()] };
  }
}
