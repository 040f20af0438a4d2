/**
 * Renders families in the Prometheus text format 0.0.4 and in OpenMetrics 1.0.0 (with
 * exemplars and the closing `# EOF`), as the Go client does: counters are named `<name>_total`
 * in both; OpenMetrics declares the family without the `_total` suffix; histograms expose
 * `_bucket` (with `le`), `_sum` and `_count`. Families without series are omitted.
 */
import { escapeHelp, goFloat, omFloat } from './format';
import { Exemplar, Family, renderLabels } from './model';

/** Content type of the text format 0.0.4. */
export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Content type of OpenMetrics 1.0.0. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** True when the Accept header asks for OpenMetrics (as Prometheus does with exemplar storage on). */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return !!accept && /application\/openmetrics-text/.test(accept);
}

const withLe = (key: string, le: string) => (key ? `${key},le="${le}"` : `le="${le}"`);
const braces = (key: string) => (key ? `{${key}}` : '');

function isEmpty(f: Family): boolean {
  return f.type === 'histogram' ? f.points.length === 0 : f.samples.length === 0;
}

/** Text format 0.0.4. */
export function renderText(families: Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (isEmpty(f)) {
      continue;
    }
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}\n# TYPE ${f.name} ${f.type}\n`);
    if (f.type === 'histogram') {
      for (const p of f.points) {
        p.bounds.forEach((b, i) =>
          out.push(`${f.name}_bucket{${withLe(p.key, goFloat(b))}} ${goFloat(p.counts[i])}\n`)
        );
        out.push(`${f.name}_bucket{${withLe(p.key, '+Inf')}} ${goFloat(p.count)}\n`);
        out.push(`${f.name}_sum${braces(p.key)} ${goFloat(p.sum)}\n`);
        out.push(`${f.name}_count${braces(p.key)} ${goFloat(p.count)}\n`);
      }
    } else {
      for (const s of f.samples) {
        out.push(`${f.name}${braces(s.key)} ${goFloat(s.value)}\n`);
      }
    }
  }
  return out.join('');
}

function exemplarSuffix(e: Exemplar | undefined): string {
  if (!e) {
    return '';
  }
  return ` # {${renderLabels(e.labels)}} ${omFloat(e.value)} ${(e.timestampMs / 1000).toFixed(3)}`;
}

/** The family name OpenMetrics declares: counters without the `_total` suffix. */
export function omFamilyName(f: Family): string {
  return f.type === 'counter' && f.name.endsWith('_total') ? f.name.slice(0, -'_total'.length) : f.name;
}

/** OpenMetrics 1.0.0 text, ending with `# EOF`. */
export function renderOpenMetrics(families: Family[]): string {
  const out: string[] = [];
  for (const f of families) {
    if (isEmpty(f)) {
      continue;
    }
    const type = f.type === 'counter' && !f.name.endsWith('_total') ? 'unknown' : f.type;
    const base = omFamilyName(f);
    out.push(`# TYPE ${base} ${type}\n# HELP ${base} ${escapeHelp(f.help)}\n`);
    if (f.type === 'histogram') {
      for (const p of f.points) {
        p.bounds.forEach((b, i) =>
          out.push(
            `${f.name}_bucket{${withLe(p.key, omFloat(b))}} ${omFloat(p.counts[i])}${exemplarSuffix(p.exemplars?.[i])}\n`
          )
        );
        out.push(
          `${f.name}_bucket{${withLe(p.key, '+Inf')}} ${omFloat(p.count)}${exemplarSuffix(p.exemplars?.[p.bounds.length])}\n`
        );
        out.push(`${f.name}_sum${braces(p.key)} ${omFloat(p.sum)}\n`);
        out.push(`${f.name}_count${braces(p.key)} ${omFloat(p.count)}\n`);
      }
    } else {
      for (const s of f.samples) {
        out.push(
          `${f.name}${braces(s.key)} ${omFloat(s.value)}${f.type === 'counter' ? exemplarSuffix(s.exemplar) : ''}\n`
        );
      }
    }
  }
  out.push('# EOF\n');
  return out.join('');
}
