/**
 * Number and label formatting as the Prometheus Go client writes them, so that label values such
 * as `le` are stored identically whether a series was scraped live or backfilled from history:
 * - text format 0.0.4: strconv.FormatFloat(v, 'g', -1, 64): shortest round-trip digits, exponent
 *   form when the decimal exponent is < -4 or >= 6 (1e+06, 2.5e-05), "+Inf", "-Inf", "NaN".
 * - OpenMetrics: the same, plus ".0" for integral values without '.' or exponent (1 -> "1.0").
 */

/** Go's strconv.FormatFloat(v, 'g', -1, 64). */
export function goFloat(v: number): string {
  const a = v < 0 ? -v : v;
  if (a >= 1e-4 && a < 1e6) {
    // Same shortest digits as Go, and JS uses no exponent in this range.
    return String(v);
  }
  if (Number.isNaN(v)) {
    return 'NaN';
  }
  if (v === Infinity) {
    return '+Inf';
  }
  if (v === -Infinity) {
    return '-Inf';
  }
  if (v === 0) {
    return Object.is(v, -0) ? '-0' : '0';
  }
  const [mant, expStr] = v.toExponential().split('e');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 6) {
    return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(v);
}

/** OpenMetrics float: goFloat plus ".0" for integral values written without a dot or exponent. */
export function omFloat(v: number): string {
  if (Number.isInteger(v) && v > -1e6 && v < 1e6) {
    return `${v}.0`;
  }
  const s = goFloat(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

const NEEDS_ESCAPE = /[\\"\n]/;

/** Escapes a label value (backslash, double quote, newline). */
export function escapeLabelValue(v: string): string {
  if (!NEEDS_ESCAPE.test(v)) {
    return v;
  }
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Escapes HELP text (backslash, newline). */
export function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
