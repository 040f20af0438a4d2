import { DataSourceVariable, PanelBuilders, SceneDataTransformer, SceneFlexItem } from '@grafana/scenes';
import { panelByKey } from '../../queries/define';
import { SERVICE_GRAPH_KEY, serviceGraphQueries } from '../../queries/tempo/serviceGraph';
import { hasDatasourceOfType } from '../../scenes/datasourceSplash';
import { queryRunnerFor } from '../../scenes/panels';
import { prometheusDatasourceVariable } from '../../scenes/datasourceVariables';
import { serviceGraphTransformation } from './serviceGraphFrames';

/**
 * The service graph of the Traces page: the catalogue's three instant PromQL tables against `$ds`,
 * turned into node graph frames. Returns the flex item and the `$ds` variable it needs, or
 * undefined when Grafana has no Prometheus data source.
 */
export function serviceGraphItem(): { item: SceneFlexItem; variable: DataSourceVariable } | undefined {
  if (!hasDatasourceOfType('prometheus')) {
    return undefined;
  }
  const spec = panelByKey(serviceGraphQueries, SERVICE_GRAPH_KEY);
  const panel = PanelBuilders.nodegraph()
    .setTitle(spec.title)
    .setDescription(spec.description)
    .setData(new SceneDataTransformer({ $data: queryRunnerFor(spec), transformations: [serviceGraphTransformation()] }))
    .build();
  panel.setState({ key: `panel-${spec.key}` });
  return { item: new SceneFlexItem({ minHeight: 500, body: panel }), variable: prometheusDatasourceVariable() };
}
