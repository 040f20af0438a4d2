import { ThresholdsMode } from '@grafana/data';
import { PanelBuilders, SceneDataTransformer, SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { BigValueGraphMode, GraphDrawStyle, StackingMode } from '@grafana/schema';
import { PLUGIN_BASE_URL, VARIABLES, urlParam } from '../constants';
import { exemplarTraceLinksTransformation } from '../links/exemplarTraceLinks';
import { PanelSpec } from '../queries/types';
import { PROMETHEUS_DS } from './datasourceVariables';

/** Query runner for a catalogue panel: the spec's targets against `${ds}`. */
export function queryRunnerFor(spec: PanelSpec): SceneQueryRunner {
  return new SceneQueryRunner({
    key: `data-${spec.key}`,
    datasource: PROMETHEUS_DS,
    queries: spec.targets.map((t) => ({ ...t, range: !t.instant })),
    maxDataPoints: 300,
  });
}

/**
 * Tables join their instant queries on the label columns (`merge`), drop the timestamp and name
 * value columns after their refId (`Value #cpu` → `cpu`).
 */
function tableData(spec: PanelSpec, runner: SceneQueryRunner): SceneDataTransformer {
  const renameByName: Record<string, string> = {};
  for (const t of spec.targets) {
    renameByName[`Value #${t.refId}`] = t.refId;
  }
  if (spec.targets.length === 1) {
    renameByName.Value = 'value';
  }
  return new SceneDataTransformer({
    $data: runner,
    transformations: [
      { id: 'merge', options: {} },
      { id: 'organize', options: { excludeByName: { Time: true }, renameByName } },
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
      return PanelBuilders.table();
    case 'piechart':
      return PanelBuilders.piechart();
    case 'timeseries':
    default:
      return PanelBuilders.timeseries()
        .setCustomFieldConfig('drawStyle', GraphDrawStyle.Line)
        .setCustomFieldConfig('fillOpacity', spec.stacked ? 40 : 10)
        .setCustomFieldConfig('stacking', { mode: spec.stacked ? StackingMode.Normal : StackingMode.None });
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
  if (spec.thresholds) {
    builder.setThresholds({
      mode: ThresholdsMode.Absolute,
      steps: spec.thresholds.map((t, i) => ({ ...t, value: i === 0 ? -Infinity : t.value })),
    });
  }
  if (spec.links?.length) {
    builder.setOverrides((b) => {
      for (const link of spec.links ?? []) {
        b.matchFieldsWithName(link.field).overrideLinks([{ title: link.title, url: appLinkUrl(link.path) }]);
      }
    });
  }
  const panel = builder.build();
  panel.setState({ key: `panel-${spec.key}` });
  return panel;
}
