import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
} from '@grafana/scenes';
import { GatewayModeNotice } from '../../gateway/ui/GatewayModeNotice';
import { FlowFilters } from './FlowFilters';
import { FlowsTable } from './FlowsTable';
import { FlowFilterValues } from './filterState';

/** Options of a flows scene. */
export interface FlowsSceneOptions {
  /** Filters the page fixes (not editable, not in the URL), e.g. a workload's Flows tab. */
  fixed?: Partial<FlowFilterValues>;
}

/**
 * The flows scene: time range (since/until of the gateway query), refresh picker, the gateway's
 * large-cluster notice (query mode only), the filter bar and the flows table. Without Gateway URL the page shows the configuration message instead
 * (see `gatewaySceneOrMessage`).
 */
export function flowsScene(options: FlowsSceneOptions = {}): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-15m', to: 'now' }),
    controls: [
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({ intervals: ['10s', '30s', '1m', '5m'] }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ ySizing: 'content', body: new GatewayModeNotice({ feature: 'flows' }) }),
        new SceneFlexItem({ ySizing: 'content', body: new FlowFilters({ fixed: options.fixed }) }),
        new SceneFlexItem({ ySizing: 'content', body: new FlowsTable({}) }),
      ],
    }),
  });
}

/** The flows of one workload (`workload=<namespace>/<name>`: flows with either side a pod of it). */
export function workloadFlowsScene(namespace: string, workload: string): EmbeddedScene {
  return flowsScene({ fixed: { workload: `${namespace}/${workload}` } });
}
