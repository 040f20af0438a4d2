import React from 'react';
import {
  FieldDisplay,
  getDisplayValueAlignmentFactors,
  getFieldDisplayValues,
  PanelProps,
  VizOrientation,
} from '@grafana/data';
import {
  BarGaugeDisplayMode,
  BarGaugeNamePlacement,
  BarGaugeValueMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
} from '@grafana/schema';
import { BarGauge, BigValue, useTheme2, VizRepeater } from '@grafana/ui';

/** Options the stat, gauge and bar gauge panels share (a subset of Grafana's panel options). */
interface SingleValueOptions {
  reduceOptions?: { calcs?: string[]; values?: boolean; limit?: number };
  orientation?: VizOrientation;
  colorMode?: BigValueColorMode;
  graphMode?: BigValueGraphMode;
  textMode?: BigValueTextMode;
  displayMode?: BarGaugeDisplayMode;
}

/** One display value per field (reduced to its last non-null value, as Grafana's default `lastNotNull`). */
function useDisplayValues(props: PanelProps<SingleValueOptions>): () => FieldDisplay[] {
  const theme = useTheme2();
  return () =>
    getFieldDisplayValues({
      fieldConfig: props.fieldConfig,
      reduceOptions: { calcs: ['lastNotNull'], values: false, ...props.options.reduceOptions },
      replaceVariables: props.replaceVariables,
      theme,
      data: props.data.series.filter((f) => f.name !== 'exemplar'),
      timeZone: props.timeZone,
    });
}

/** The `stat` panel: @grafana/ui's `BigValue` for each value, laid out by `VizRepeater` as Grafana's stat panel does. */
export function StatPanel(props: PanelProps<SingleValueOptions>) {
  const theme = useTheme2();
  const getValues = useDisplayValues(props);
  const { options, width, height, data } = props;
  return (
    <VizRepeater
      source={data}
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderCounter={0}
      width={width}
      height={height}
      itemSpacing={3}
      minVizWidth={75}
      minVizHeight={75}
      autoGrid
      orientation={options.orientation ?? VizOrientation.Auto}
      renderValue={({ value, width: w, height: h, alignmentFactors, count }) => (
        <BigValue
          value={value.display}
          count={count}
          width={w}
          height={h}
          theme={theme}
          alignmentFactors={alignmentFactors}
          colorMode={options.colorMode ?? BigValueColorMode.Value}
          graphMode={options.graphMode ?? BigValueGraphMode.None}
          textMode={options.textMode ?? BigValueTextMode.Auto}
        />
      )}
    />
  );
}

/**
 * The `bargauge` panel, and the `gauge` panel here too: Grafana's `Gauge` component draws with a
 * jQuery flot gauge plugin that is not published on npm, so gauges render as bar gauges (a gauge
 * of one value without its name, which Grafana's gauge draws under the arc).
 */
export function GaugePanel(props: PanelProps<SingleValueOptions>) {
  return <BarGaugePanel {...props} hideSingleName />;
}

export function BarGaugePanel(props: PanelProps<SingleValueOptions> & { hideSingleName?: boolean }) {
  const theme = useTheme2();
  const getValues = useDisplayValues(props);
  const { options, width, height, data } = props;
  const orientation = options.orientation ?? VizOrientation.Horizontal;
  return (
    <VizRepeater
      source={data}
      getValues={getValues}
      getAlignmentFactors={getDisplayValueAlignmentFactors}
      renderCounter={0}
      width={width}
      height={height}
      itemSpacing={8}
      minVizHeight={16}
      maxVizHeight={40}
      orientation={orientation}
      renderValue={({ value, width: w, height: h, alignmentFactors, orientation: o, count }) => (
        <BarGauge
          value={value.display}
          field={value.field}
          width={w}
          height={h}
          orientation={o}
          theme={theme}
          itemSpacing={8}
          alignmentFactors={alignmentFactors}
          displayMode={options.displayMode ?? BarGaugeDisplayMode.Gradient}
          valueDisplayMode={BarGaugeValueMode.Color}
          showUnfilled
          namePlacement={
            props.hideSingleName && count === 1 ? BarGaugeNamePlacement.Hidden : BarGaugeNamePlacement.Auto
          }
          isOverflow={false}
        />
      )}
    />
  );
}
