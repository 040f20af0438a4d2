import {
  DataSourceVariable,
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { prometheusDatasourceVariable } from '../../scenes/variables';
import { getAppSettings } from '../../settings';
import { AlertTemplateBrowser, BrowserDeps } from './AlertTemplateBrowser';

/** `$loki`: the Loki data source LogQL templates preview against (config page's choice first). */
export function lokiDatasourceVariable(): DataSourceVariable {
  const uid = getAppSettings().lokiUid;
  return new DataSourceVariable({ name: 'loki', label: 'Loki', pluginId: 'loki', ...(uid ? { value: uid } : {}) });
}

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
