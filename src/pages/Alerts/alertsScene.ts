import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { lokiDatasourceVariable, prometheusDatasourceVariable } from '../../scenes/datasourceVariables';
import { AlertTemplateBrowser, BrowserDeps } from './AlertTemplateBrowser';

/** The Alerts scene: `$ds` and `$loki` pickers above the template browser. */
export function alertsScene(deps: BrowserDeps = {}): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: [prometheusDatasourceVariable(), lokiDatasourceVariable()] }),
    controls: [new VariableValueSelectors({}), new SceneControlsSpacer()],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [new SceneFlexItem({ body: new AlertTemplateBrowser({}, deps) })],
    }),
  });
}
