import { PanelBuilders, SceneDataQuery, SceneDataTransformer, SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { GraphDrawStyle, LogsDedupStrategy, LogsSortOrder, StackingMode } from '@grafana/schema';
import { logTraceLinksTransformation } from '../links/logTraceLinks';
import { LokiPanelSpec, TempoPanelSpec } from '../queries/types';
import { VARIABLES, urlParam } from '../constants';
import { LOKI_DS, tracesDs, TracesType } from './datasourceVariables';

/**
 * Data link on the `traceID` column of a trace search: the same page (path and every URL parameter
 * but `var-traceId`) with `var-traceId` set to the clicked trace, so the trace view below shows it.
 */
export const SELECT_TRACE_LINK = `\${__url.path}\${__url.params:exclude:${urlParam(VARIABLES.traceId)}}&${urlParam(VARIABLES.traceId)}=\${__value.raw}`;

/** Query runner of a Loki panel: the spec's LogQL targets against `${loki}`. */
export function lokiQueryRunner(spec: LokiPanelSpec): SceneQueryRunner {
  return new SceneQueryRunner({
    key: `data-${spec.key}`,
    datasource: LOKI_DS,
    queries: spec.targets.map((t) => ({ ...t })),
    maxDataPoints: 300,
  });
}

/**
 * The VizPanel of a Loki catalogue entry: a logs panel (newest first, details with parsed fields
 * and the trace id link added by `addTraceIdField`) or stacked bars of log volume.
 */
export function buildLokiPanel(spec: LokiPanelSpec): VizPanel {
  const runner = lokiQueryRunner(spec);
  const panel =
    spec.viz === 'logs'
      ? PanelBuilders.logs()
          .setTitle(spec.title)
          .setDescription(spec.description)
          .setOption('showTime', true)
          .setOption('wrapLogMessage', true)
          .setOption('enableLogDetails', true)
          .setOption('prettifyLogMessage', false)
          .setOption('dedupStrategy', LogsDedupStrategy.none)
          .setOption('sortOrder', LogsSortOrder.Descending)
          .setData(new SceneDataTransformer({ $data: runner, transformations: [logTraceLinksTransformation()] }))
          .build()
      : PanelBuilders.timeseries()
          .setTitle(spec.title)
          .setDescription(spec.description)
          .setUnit(spec.unit ?? 'short')
          .setCustomFieldConfig('drawStyle', GraphDrawStyle.Bars)
          .setCustomFieldConfig('fillOpacity', 80)
          .setCustomFieldConfig('stacking', { mode: spec.stacked ? StackingMode.Normal : StackingMode.None })
          .setData(runner)
          .build();
  panel.setState({ key: `panel-${spec.key}` });
  return panel;
}

/** The queries of a Tempo catalogue entry for the data source type in use (Tempo's TraceQL or Jaeger's search form). */
export function tracesQueries(spec: TempoPanelSpec, type: TracesType): SceneDataQuery[] {
  if (type === 'jaeger') {
    return (spec.jaeger ?? []).map((t) => ({ ...t }));
  }
  // `kind` is the catalogue's own marker, not a Tempo query field.
  return spec.targets.map(({ kind: _kind, ...t }) => ({ ...t }));
}

/**
 * The VizPanel of a Tempo catalogue entry: a table of traces whose `traceID` column opens the trace
 * on the same page, or Grafana's trace view.
 */
export function buildTracesPanel(spec: TempoPanelSpec, type: TracesType): VizPanel {
  const runner = new SceneQueryRunner({
    key: `data-${spec.key}`,
    datasource: tracesDs(type),
    queries: tracesQueries(spec, type),
  });
  const panel =
    spec.viz === 'traces'
      ? PanelBuilders.traces().setTitle(spec.title).setDescription(spec.description).setData(runner).build()
      : PanelBuilders.table()
          .setTitle(spec.title)
          .setDescription(spec.description)
          .setData(runner)
          .setOverrides((b) =>
            b.matchFieldsWithName('traceID').overrideLinks([{ title: 'Show this trace', url: SELECT_TRACE_LINK }])
          )
          .build();
  panel.setState({ key: `panel-${spec.key}` });
  return panel;
}
