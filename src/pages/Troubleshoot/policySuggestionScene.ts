import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
} from '@grafana/scenes';
import { gatewayQueryRunner } from '../../gateway/dataSource';
import { policySuggestionQuery } from '../../queries/hubble/gateway';
import { BaselinePolicy } from './BaselinePolicy';

/**
 * A workload page's Suggested policy tab: baseline ingress and egress CiliumNetworkPolicies of the
 * workload from its allowed flows in the time range (an hour by default: a longer range sees more
 * of its peers), through the gateway data source.
 */
export function policySuggestionScene(namespace: string, workload: string): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $data: gatewayQueryRunner('policy-suggestion-data', [policySuggestionQuery(namespace, workload)]),
    controls: [new SceneControlsSpacer(), new SceneTimePicker({}), new SceneRefreshPicker({})],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ ySizing: 'content', body: new BaselinePolicy({}) })],
    }),
  });
}
