import { ComponentType } from 'react';
import {
  FieldColorModeId,
  FieldConfigProperty,
  FieldConfigPropertyItem,
  PanelPlugin,
  ThresholdsMode,
  PanelProps,
  PluginType,
  standardFieldConfigEditorRegistry,
  standardTransformers,
  standardTransformersRegistry,
  TransformerRegistryItem,
} from '@grafana/data';
import { BarGaugePanel, GaugePanel, StatPanel } from './panels/singleValue';
import { standInPanel } from './panels/standIn';
import { TablePanel } from './panels/table';
import { TimeSeriesPanel } from './panels/timeSeries';

/**
 * Grafana's standard field options, without their editors: what `applyFieldOverrides` needs to carry
 * unit, min/max, decimals, display name, no-value text, links, value mappings, colour and
 * thresholds from a panel's field config onto its fields.
 */
function standardFieldConfigItems(): FieldConfigPropertyItem[] {
  const ids = [
    FieldConfigProperty.Unit,
    FieldConfigProperty.Min,
    FieldConfigProperty.Max,
    FieldConfigProperty.Decimals,
    FieldConfigProperty.DisplayName,
    FieldConfigProperty.NoValue,
    FieldConfigProperty.Links,
    FieldConfigProperty.Mappings,
    FieldConfigProperty.Color,
    FieldConfigProperty.Thresholds,
    FieldConfigProperty.Filterable,
    FieldConfigProperty.FieldMinMax,
    FieldConfigProperty.Actions,
  ];
  // Grafana's defaults for the options that have one (getStandardFieldConfigs).
  const defaults: Partial<Record<FieldConfigProperty, unknown>> = {
    [FieldConfigProperty.Thresholds]: {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    },
    [FieldConfigProperty.Mappings]: [],
    [FieldConfigProperty.Links]: [],
    [FieldConfigProperty.Color]: { mode: FieldColorModeId.Thresholds },
  };
  return ids.map(
    (id) =>
      ({
        id,
        path: id,
        name: id,
        defaultValue: defaults[id],
        editor: () => null,
        override: () => null,
        process: (value: unknown) => value,
        shouldApply: () => true,
      }) as unknown as FieldConfigPropertyItem
  );
}

/** Registers the standard field options and Grafana's standard transformations (merge, organize, ...). */
export function registerStandardRegistries(): void {
  standardFieldConfigEditorRegistry.setInit(standardFieldConfigItems);
  // standardTransformers lists some transformers under two keys: register each id once
  const unique = [...new Map(Object.values(standardTransformers).map((t) => [t.id, t])).values()];
  standardTransformersRegistry.setInit(() =>
    unique.map(
      (t) =>
        ({
          id: t.id,
          aliasIds: t.aliasIds,
          name: t.name,
          transformation: t,
          description: t.description,
          editor: () => null,
        }) as unknown as TransformerRegistryItem
    )
  );
}

function panelPlugin(
  id: string,
  component: ComponentType<PanelProps<any>>,
  colorMode: FieldColorModeId,
  customOptions: string[] = []
): PanelPlugin {
  const plugin = new PanelPlugin(component).useFieldConfig({
    standardOptions: { [FieldConfigProperty.Color]: { defaultValue: { mode: colorMode } } },
    // The custom field options the @grafana/ui components read (the table's column widths and
    // per-column filter, the time series' soft axis limits); applyFieldOverrides keeps only the
    // options a panel plugin declares.
    useCustomConfig: customOptions.length
      ? (builder) => {
          for (const path of customOptions) {
            builder.addCustomEditor({
              id: path,
              path,
              name: path,
              editor: () => null,
              override: () => null,
              process: (value: unknown) => value,
              shouldApply: () => true,
            });
          }
        }
      : undefined,
  });
  plugin.meta = {
    id,
    name: id,
    type: PluginType.panel,
    module: '',
    baseUrl: '',
    sort: 0,
    info: {
      author: { name: 'browser host' },
      description: '',
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '',
      version: '',
    },
  };
  return plugin;
}

/**
 * Panel plugins by id: the five Grafana panels the app uses, built on the @grafana/ui components
 * Grafana's own panels render, and labelled stand-ins for the node graph, logs and traces panels.
 */
export const PANEL_PLUGINS: Record<string, PanelPlugin> = {
  timeseries: panelPlugin('timeseries', TimeSeriesPanel, FieldColorModeId.PaletteClassic, [
    'axisSoftMin',
    'axisSoftMax',
  ]),
  stat: panelPlugin('stat', StatPanel, FieldColorModeId.Thresholds),
  gauge: panelPlugin('gauge', GaugePanel, FieldColorModeId.Thresholds),
  bargauge: panelPlugin('bargauge', BarGaugePanel, FieldColorModeId.Thresholds),
  table: panelPlugin('table', TablePanel, FieldColorModeId.Thresholds, ['width', 'minWidth', 'filterable']),
  nodeGraph: panelPlugin('nodeGraph', standInPanel('node graph'), FieldColorModeId.Fixed),
  logs: panelPlugin('logs', standInPanel('logs'), FieldColorModeId.Fixed),
  traces: panelPlugin('traces', standInPanel('traces'), FieldColorModeId.Fixed),
};

/** The panel plugin for an id; an unknown id is an error the page shows (as Grafana's "Panel plugin not found"). */
export function panelPluginFor(id: string): PanelPlugin {
  const plugin = PANEL_PLUGINS[id];
  if (!plugin) {
    throw new Error(`Panel plugin not found: ${id} (the browser host has ${Object.keys(PANEL_PLUGINS).join(', ')})`);
  }
  return plugin;
}
