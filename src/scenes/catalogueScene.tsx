import React from 'react';
import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneCSSGridItem,
  SceneCSSGridLayout,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObject,
  SceneReactObject,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariable,
  VariableValueSelectors,
  VizPanel,
} from '@grafana/scenes';
import { Box, Text } from '@grafana/ui';
import { familiesOf } from '../queries/catalogue';
import { CLUSTER } from '../queries/promql';
import { RECORDING_PROBE_METRIC } from '../queries/recordingRules';
import { PageQueries, PanelSpec } from '../queries/types';
import { testIds } from '../components/testIds';
import { MetricFamilyCheck } from './MetricFamilyCheck';
import { buildPanel, hasRecordedForm, runnerOf, runRecordedOrRaw } from './panels';
import { labelVariable, prometheusVariables } from './variables';

/** Grid items by panel key, so a page can hide panels whose metric family is missing. */
export type PanelItems = Map<string, { spec: PanelSpec; item: SceneCSSGridItem }>;

function sectionHeader(title: string): SceneFlexItem {
  return new SceneFlexItem({
    body: new SceneReactObject({
      component: () => (
        <Box marginTop={1} data-testid={testIds.page.section(title)}>
          <Text element="h3">{title}</Text>
        </Box>
      ),
    }),
  });
}

const isSingleValue = (spec: PanelSpec) => spec.viz === 'stat' || spec.viz === 'gauge';

/** A grid of catalogue panels; each panel's grid item is recorded in `items` by key. */
function panelGrid(specs: PanelSpec[], items: PanelItems, singleValues: boolean): SceneFlexItem {
  const gridItems = specs.map((spec) => {
    const item = new SceneCSSGridItem({
      body: buildPanel(spec),
      gridColumn: spec.wide ? 'span 2' : undefined,
      // charts and tables take two rows of 150 px, tall ones three, short ones one
      gridRow: singleValues ? undefined : spec.tall ? 'span 3' : spec.short ? 'span 1' : 'span 2',
    });
    items.set(spec.key, { spec, item });
    return item;
  });
  // A stat shows one number: small tiles in their own row, so they neither stretch to a chart's
  // height nor leave a row half empty beside charts.
  return new SceneFlexItem({
    body: new SceneCSSGridLayout({
      children: gridItems,
      templateColumns: singleValues ? 'repeat(auto-fill, minmax(220px, 1fr))' : 'repeat(auto-fill, minmax(420px, 1fr))',
      rowGap: 1,
      columnGap: 1,
      autoRows: singleValues ? '130px' : '150px',
      md: { templateColumns: '1fr', autoRows: singleValues ? '130px' : '150px', rowGap: 1, columnGap: 1 },
    }),
  });
}

/** Lays out catalogue panels by section: a heading, its stats and gauges in a row of tiles, then its charts and tables. */
export function sectionsLayout(panels: PanelSpec[], items: PanelItems): SceneFlexItem[] {
  const sections = new Map<string, PanelSpec[]>();
  for (const p of panels) {
    sections.set(p.section, [...(sections.get(p.section) ?? []), p]);
  }
  const children: SceneFlexItem[] = [];
  for (const [title, specs] of sections) {
    children.push(sectionHeader(title));
    const tiles = specs.filter(isSingleValue);
    const charts = specs.filter((s) => !isSingleValue(s));
    if (tiles.length) {
      children.push(panelGrid(tiles, items, true));
    }
    if (charts.length) {
      children.push(panelGrid(charts, items, false));
    }
  }
  return children;
}

/** The titles of the panels each metric family's absence hides, by family id (what the check's message names). */
export function panelsHiddenBy(panels: PanelSpec[]): Record<string, string[]> {
  const hides: Record<string, string[]> = {};
  for (const spec of panels) {
    for (const id of spec.requires ?? []) {
      hides[id] = [...(hides[id] ?? []), spec.title];
    }
  }
  return hides;
}

/**
 * Runs the panels that have recorded forms once the check knows whether the app's recording rules
 * run: their recorded form when the probe found the series, else the raw query (also when the
 * probe failed, so the panels show the data source's error). Subscribes to the check's
 * `usesRecordingRules` while the check is active; the runners then follow time and variables.
 */
export function chooseRecordedOrRaw(check: MetricFamilyCheck, items: PanelItems): void {
  const apply = (recorded: boolean) => {
    for (const { spec, item } of items.values()) {
      const runner = item.state.body instanceof VizPanel ? runnerOf(item.state.body) : undefined;
      if (runner && hasRecordedForm(spec)) {
        runRecordedOrRaw(spec, runner, recorded);
      }
    }
  };
  check.addActivationHandler(() => {
    const sub = check.subscribeToState((state, prev) => {
      const decided = state.usesRecordingRules !== undefined || state.error !== undefined;
      if (decided && (state.usesRecordingRules !== prev.usesRecordingRules || state.error !== prev.error)) {
        apply(state.usesRecordingRules === true);
      }
    });
    return () => sub.unsubscribe();
  });
}

/**
 * Hides every panel whose required metric families are missing: subscribes to the check's
 * `missing` while the check is active.
 */
export function hidePanelsWithoutData(check: MetricFamilyCheck, items: PanelItems): void {
  const apply = (missing: MetricFamilyCheck['state']['missing']) => {
    const ids = new Set((missing ?? []).map((family) => family.id));
    for (const { spec, item } of items.values()) {
      const isHidden = (spec.requires ?? []).some((id) => ids.has(id));
      if (item.state.isHidden !== isHidden) {
        item.setState({ isHidden });
      }
    }
  };
  check.addActivationHandler(() => {
    apply(check.state.missing);
    const sub = check.subscribeToState((state, prev) => {
      if (state.missing !== prev.missing) {
        apply(state.missing);
      }
    });
    return () => sub.unsubscribe();
  });
}

export interface CatalogueSceneOptions {
  page: PageQueries;
  /** Variables besides `ds`, `cluster` and the page's label variables: route params, `$reporter`. */
  variables?: SceneVariable[];
  /** Extra scene objects shown above the panels (e.g. a tab's own header). */
  above?: SceneObject[];
}

/**
 * The scene of a page built from the query catalogue: time range, variables (`ds`, `cluster`, the
 * page's label variables, then `variables`), the metric-family
 * check, and the page's panels by section. The same function builds every Prometheus page, so a
 * panel's query is always the catalogue's.
 */
export function catalogueScene({ page, variables = [], above = [] }: CatalogueSceneOptions): EmbeddedScene {
  const items: PanelItems = new Map();
  const check = new MetricFamilyCheck({
    key: 'metric-family-check',
    families: familiesOf(page),
    hides: panelsHiddenBy(page.panels),
    recordingProbe: page.panels.some(hasRecordedForm) ? `${RECORDING_PROBE_METRIC}{${CLUSTER}}` : undefined,
  });
  const sections = sectionsLayout(page.panels, items);
  hidePanelsWithoutData(check, items);
  chooseRecordedOrRaw(check, items);
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: prometheusVariables(...(page.variables ?? []).map(labelVariable), ...variables),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({ intervals: ['30s', '1m', '5m'] }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [...above.map((body) => new SceneFlexItem({ body })), new SceneFlexItem({ body: check }), ...sections],
    }),
  });
}
