import { resolveParams } from './params';
import { AlertTemplate, ParamValues, ResolvedParams } from './types';

/** A template's expression for given parameter values. */
export interface BuiltExpression {
  /** the value query, without the comparison (Grafana query A; preview value) */
  query: string;
  /** `(query) <comparison> threshold`: the Prometheus/Loki rule `expr`; returns only firing series */
  expr: string;
  comparison: AlertTemplate['comparison'];
  threshold: number;
  params: ResolvedParams;
}

/**
 * Builds the query and the full alert expression of a template. The query is wrapped in
 * parentheses so that the comparison applies to its whole result (`a unless b < 1` would not).
 *
 * @throws ParamError when a parameter value is invalid
 */
export function buildExpression(template: AlertTemplate, values: ParamValues = {}): BuiltExpression {
  const params = resolveParams(template, values);
  const query = template.query(params);
  return {
    query,
    expr: `(${query}) ${template.comparison} ${formatNumber(params.threshold)}`,
    comparison: template.comparison,
    threshold: params.threshold,
    params,
  };
}

/** Formats a threshold for PromQL/LogQL: plain decimal, no exponent for usual values. */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(12)));
}
