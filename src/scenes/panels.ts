import { MappingType, ThresholdsMode } from '@grafana/data';
import { PanelBuilders, SceneDataTransformer, SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { BigValueGraphMode, GraphDrawStyle, StackingMode } from '@grafana/schema';
import { PLUGIN_BASE_URL, VARIABLES, urlParam } from '../constants';
import { exemplarTraceLinksTransformation } from '../links/exemplarTraceLinks';
import { PanelSpec } from '../queries/types';
import { PROMETHEUS_DS } from './datasourceVariables';

/** True when some target of the panel has a form over the app's recording rules. */
export function hasRecordedForm(spec: PanelSpec): boolean {
  return spec.targets.some((t) => t.recorded);
}

/** The queries a panel sends: each target's `expr`, or its `recorded` form when `recorded` and it has one. */
export function panelQueries(spec: PanelSpec, recorded = false) {
  return spec.targets.map(({ recorded: recordedExpr, ...t }) => ({
    ...t,
    expr: recorded && recordedExpr ? recordedExpr : t.expr,
    range: !t.instant,
  }));
}

/**
 * Query runner for a catalogue panel: the spec's targets against `${ds}`. A panel with recorded
 * forms waits (manual mode) until the page knows which form to run (`runRecordedOrRaw`), so it
 * never sends both.
 */
export function queryRunnerFor(spec: PanelSpec): SceneQueryRunner {
  return new SceneQueryRunner({
    key: `data-${spec.key}`,
    datasource: PROMETHEUS_DS,
    queries: panelQueries(spec),
    maxDataPoints: 300,
    ...(spec.minInterval ? { minInterval: spec.minInterval } : {}),
    ...(hasRecordedForm(spec) ? { runQueriesMode: 'manual' as const } : {}),
  });
}

/** The query runner of a panel built by `buildPanel` (under its transformer, if any). */
export function runnerOf(panel: VizPanel): SceneQueryRunner | undefined {
  let data = panel.state.$data;
  while (data && !(data instanceof SceneQueryRunner)) {
    data = (data.state as { $data?: typeof data }).$data;
  }
  return data;
}

/** Sets a panel's queries to their recorded or raw form and runs them, following time and variables from then on. */
export function runRecordedOrRaw(spec: PanelSpec, runner: SceneQueryRunner, recorded: boolean): void {
  runner.setState({ queries: panelQueries(spec, recorded), runQueriesMode: 'auto' });
  runner.runQueries();
}

/**
 * Tables join their instant queries on the label columns (`merge`), drop the timestamp and the
 * spec's hidden columns, and name value columns after their refId (`Value #cpu` → `cpu`).
 */
function tableData(spec: PanelSpec, runner: SceneQueryRunner): SceneDataTransformer {
  const renameByName: Record<string, string> = {};
  for (const t of spec.targets) {
    renameByName[`Value #${t.refId}`] = t.refId;
  }
  if (spec.targets.length === 1) {
    renameByName.Value = 'value';
  }
  // organize matches the names before its renaming: `Value` / `Value #<refId>` for value columns
  const original = Object.fromEntries(Object.entries(renameByName).map(([from, to]) => [to, from]));
  const excludeByName: Record<string, boolean> = { Time: true };
  for (const [name, column] of Object.entries(spec.columns ?? {})) {
    if (column.hidden) {
      excludeByName[original[name] ?? name] = true;
    }
  }
  return new SceneDataTransformer({
    $data: runner,
    transformations: [
      { id: 'merge', options: {} },
      { id: 'organize', options: { excludeByName, renameByName } },
    ],
  });
}

/**
 * Panels that ask for exemplars get the app's link from an exemplar's `traceID` to the Traces page
 * (next to the Prometheus data source's own exemplar link to Tempo).
 */
function withExemplarLinks(spec: PanelSpec, runner: SceneQueryRunner): SceneQueryRunner | SceneDataTransformer {
  return spec.targets.some((t) => t.exemplar)
    ? new SceneDataTransformer({ $data: runner, transformations: [exemplarTraceLinksTransformation()] })
    : runner;
}

/** URL of a table cell link: an app route, keeping the time range, data source and cluster. */
export function appLinkUrl(path: string): string {
  const keep = [VARIABLES.prometheus, VARIABLES.cluster].map((v) => `${urlParam(v)}=\${${v}}`).join('&');
  return `${PLUGIN_BASE_URL}/${path}?\${__url_time_range}&${keep}`;
}

function builderFor(spec: PanelSpec) {
  switch (spec.viz) {
    case 'stat':
      return PanelBuilders.stat().setOption('graphMode', BigValueGraphMode.None);
    case 'gauge':
      return PanelBuilders.gauge();
    case 'bargauge':
      return PanelBuilders.bargauge();
    case 'table':
      // column filters (the funnel in each header) search tables of thousands of nodes or pods;
      // the table panel sorts on header click and renders only the rows in view
      return PanelBuilders.table().setCustomFieldConfig('filterable', true);
    case 'piechart':
      return PanelBuilders.piechart();
    case 'timeseries':
    default:
      return PanelBuilders.timeseries()
        .setCustomFieldConfig('drawStyle', GraphDrawStyle.Line)
        .setCustomFieldConfig('fillOpacity', spec.stacked ? 40 : 10)
        .setCustomFieldConfig('stacking', { mode: spec.stacked ? StackingMode.Normal : StackingMode.None })
        .setCustomFieldConfig('axisSoftMax', spec.softMax);
  }
}

/**
 * Builds the VizPanel of a catalogue entry: title, description, unit, thresholds, its queries, and
 * for tables the join and the drill-down links. The panel's key is the spec's key.
 */
export function buildPanel(spec: PanelSpec): VizPanel {
  const runner = queryRunnerFor(spec);
  const builder = builderFor(spec)
    .setTitle(spec.title)
    .setDescription(spec.description)
    .setData(spec.viz === 'table' ? tableData(spec, runner) : withExemplarLinks(spec, runner));
  if (spec.unit) {
    builder.setUnit(spec.unit);
  }
  if (spec.min !== undefined) {
    builder.setMin(spec.min);
  }
  if (spec.max !== undefined) {
    builder.setMax(spec.max);
  }
  if (spec.decimals !== undefined) {
    builder.setDecimals(spec.decimals);
  }
  if (spec.thresholds) {
    builder.setThresholds({
      mode: ThresholdsMode.Absolute,
      steps: spec.thresholds.map((t, i) => ({ ...t, value: i === 0 ? -Infinity : t.value })),
    });
  }
  if (spec.links?.length || spec.columns) {
    builder.setOverrides((b) => {
      for (const link of spec.links ?? []) {
        b.matchFieldsWithName(link.field).overrideLinks([{ title: link.title, url: appLinkUrl(link.path) }]);
      }
      for (const [field, column] of Object.entries(spec.columns ?? {})) {
        const o = b.matchFieldsWithName(field);
        if (column.header) {
          o.overrideDisplayName(column.header);
        }
        if (column.unit) {
          o.overrideUnit(column.unit);
        }
        if (column.width) {
          o.overrideCustomFieldConfig('width' as never, column.width as never);
        }
        if (column.valueText) {
          const options = Object.fromEntries(
            Object.entries(column.valueText).map(([value, text], index) => [value, { text, index }])
          );
          o.overrideMappings([{ type: MappingType.ValueToText, options }]);
        }
      }
    });
  }
  const panel = builder.build();
  panel.setState({ key: `panel-${spec.key}` });
  return panel;
}
