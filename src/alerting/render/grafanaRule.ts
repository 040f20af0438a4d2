import {
  grafanaAnnotations,
  HASH_ANNOTATION,
  PARAMS_ANNOTATION,
  ruleLabels,
  TEMPLATE_ANNOTATION,
} from '../annotations';
import { buildExpression } from '../expr';
import { canonicalJson, hashString } from '../hash';
import { effectiveParams } from '../params';
import { AlertTemplate, DatasourceKind, ParamValues } from '../types';

/** Data source uid Grafana uses for server-side expressions (reduce, threshold). */
export const EXPRESSION_DATASOURCE_UID = '__expr__';

/** Time range of a rule query, in seconds before the evaluation time. */
export interface RelativeTimeRange {
  from: number;
  to: number;
}

/** One entry of a Grafana rule's `data` (a query or an expression). */
export interface GrafanaRuleQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange: RelativeTimeRange;
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** The fields of a Grafana-managed rule common to file provisioning and the HTTP API. */
export interface GrafanaRule {
  uid: string;
  title: string;
  condition: string;
  data: GrafanaRuleQuery[];
  noDataState: 'NoData' | 'Alerting' | 'OK';
  execErrState: 'Error' | 'Alerting' | 'OK';
  /** pending period, Prometheus duration string */
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
  /** simplified routing: send straight to this contact point (Grafana 10.4+) */
  notification_settings?: { receiver: string };
}

/** Options of {@link renderGrafanaRule}. */
export interface GrafanaRenderOptions {
  /** uid of the data source per kind, e.g. `{ prometheus: 'prometheus', loki: 'loki' }` */
  datasourceUids: Record<DatasourceKind, string>;
  /** parameter values; missing ones take defaults */
  params?: ParamValues;
  /** contact point name for notification settings; none = notification policies route the alert */
  contactPoint?: string;
}

/** Seconds of data query A looks back (rate windows are at most 15m). */
export const QUERY_LOOKBACK_SECONDS = 900;

function queryModel(template: AlertTemplate, query: string): Record<string, unknown> {
  if (template.datasource === 'loki') {
    return { refId: 'A', expr: query, queryType: 'instant', editorMode: 'code' };
  }
  return { refId: 'A', expr: query, instant: true, range: false, editorMode: 'code' };
}

const exprDatasource = { type: '__expr__', uid: EXPRESSION_DATASOURCE_UID };

/**
 * Renders a template as a Grafana-managed rule: A = the data source query (instant), B = reduce
 * A with `last`, C = threshold B with the template's comparison; condition C. Annotations carry
 * the runbook, the template id, the parameter values and {@link HASH_ANNOTATION}.
 *
 * @throws ParamError when a parameter value is invalid
 */
export function renderGrafanaRule(template: AlertTemplate, options: GrafanaRenderOptions): GrafanaRule {
  const built = buildExpression(template, options.params);
  const rule: GrafanaRule = {
    uid: template.uid,
    title: template.alert,
    condition: 'C',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: QUERY_LOOKBACK_SECONDS, to: 0 },
        datasourceUid: options.datasourceUids[template.datasource],
        model: queryModel(template, built.query),
      },
      {
        refId: 'B',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: EXPRESSION_DATASOURCE_UID,
        model: { refId: 'B', type: 'reduce', expression: 'A', reducer: 'last', datasource: exprDatasource },
      },
      {
        refId: 'C',
        relativeTimeRange: { from: 0, to: 0 },
        datasourceUid: EXPRESSION_DATASOURCE_UID,
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: { type: template.comparison === '>' ? 'gt' : 'lt', params: [built.threshold] } }],
          datasource: exprDatasource,
        },
      },
    ],
    noDataState: 'OK',
    execErrState: 'Error',
    for: template.for,
    labels: ruleLabels(template),
    annotations: {
      ...grafanaAnnotations(template),
      [TEMPLATE_ANNOTATION]: template.id,
      [PARAMS_ANNOTATION]: canonicalJson(effectiveParams(template, options.params)),
    },
    isPaused: false,
  };
  if (options.contactPoint) {
    rule.notification_settings = { receiver: options.contactPoint };
  }
  rule.annotations[HASH_ANNOTATION] = ruleFingerprint(rule);
  return rule;
}

/** The parts of a rule that define its behaviour; what {@link ruleFingerprint} hashes. */
export type FingerprintInput = Pick<GrafanaRule, 'title' | 'condition' | 'data' | 'for' | 'labels' | 'annotations'> &
  Partial<Pick<GrafanaRule, 'noDataState' | 'execErrState' | 'notification_settings'>>;

const MODEL_KEYS = ['expr', 'queryType', 'instant', 'range', 'type', 'expression', 'reducer', 'conditions'];

/**
 * Hash of what a rule does, ignoring fields Grafana or its editor add on their own (ids, update
 * time, provenance, cosmetic model fields) and the `__kubeobs_template_hash__` annotation itself.
 * Equal for the rendered rule and the same rule read back from Grafana; changes when a user edits
 * its query, threshold, pending period, labels, annotations or states.
 */
export function ruleFingerprint(rule: FingerprintInput): string {
  const annotations = { ...rule.annotations };
  delete annotations[HASH_ANNOTATION];
  const data = rule.data.map((q) => {
    const model: Record<string, unknown> = {};
    for (const key of MODEL_KEYS) {
      model[key] = q.model?.[key];
    }
    const conds = model.conditions as Array<{ evaluator?: unknown }> | undefined;
    model.conditions = conds?.map((c) => ({ evaluator: c.evaluator }));
    return { refId: q.refId, datasourceUid: q.datasourceUid, relativeTimeRange: q.relativeTimeRange, model };
  });
  return hashString(
    canonicalJson({
      title: rule.title,
      condition: rule.condition,
      data,
      for: normalizeDuration(rule.for),
      labels: rule.labels ?? {},
      annotations,
      noDataState: rule.noDataState,
      execErrState: rule.execErrState,
      receiver: rule.notification_settings?.receiver,
    })
  );
}

/** `5m`, `5m0s`, `300s` all become `300s` (Grafana returns durations in its own spelling). */
export function normalizeDuration(d: string | undefined): string {
  if (!d) {
    return '0s';
  }
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
  let total = 0;
  let rest = d;
  const re = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m) {
      return d;
    }
    total += Number(m[1]) * units[m[2]];
    rest = rest.slice(m[0].length);
  }
  return `${total}s`;
}
