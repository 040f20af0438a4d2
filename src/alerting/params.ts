import { AlertTemplate, ParamValues, ResolvedParams } from './types';

/** Thrown when a parameter value cannot be substituted into an expression. */
export class ParamError extends Error {
  constructor(
    readonly templateId: string,
    readonly param: string,
    message: string
  ) {
    super(`${templateId}: parameter "${param}": ${message}`);
    this.name = 'ParamError';
  }
}

/** Escapes a value for a double-quoted PromQL/LogQL string literal (backslash and double quote). */
export function quoteString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Resolves the parameter values of a template: missing values take their defaults, numbers must
 * be finite, regexes must be non-empty single-line strings and are escaped for a double-quoted
 * matcher. Unknown keys are ignored.
 *
 * @throws ParamError when a value is invalid
 */
export function resolveParams(template: AlertTemplate, values: ParamValues = {}): ResolvedParams {
  const out: Record<string, number | string> = {};
  for (const param of template.params) {
    const raw = values[param.name] ?? param.default;
    if (param.kind === 'number') {
      const n = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n)) {
        throw new ParamError(template.id, param.name, `expected a number, got "${raw}"`);
      }
      out[param.name] = n;
    } else {
      const s = String(raw);
      if (s === '' || /[\r\n]/.test(s)) {
        throw new ParamError(template.id, param.name, 'expected a non-empty single-line regular expression');
      }
      out[param.name] = quoteString(s);
    }
  }
  if (typeof out.threshold !== 'number') {
    throw new ParamError(template.id, 'threshold', 'every template needs a numeric threshold parameter');
  }
  return out as ResolvedParams;
}

/** The parameter values as the user sees them (defaults filled in, unescaped), e.g. to store with a rule. */
export function effectiveParams(template: AlertTemplate, values: ParamValues = {}): ParamValues {
  const out: ParamValues = {};
  for (const param of template.params) {
    out[param.name] = values[param.name] ?? param.default;
  }
  return out;
}
