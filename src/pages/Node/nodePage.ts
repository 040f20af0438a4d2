import { SceneAppPage, SceneAppPageLike } from '@grafana/scenes';
import { drilldownUrl } from '../../constants';
import { prometheusSceneOrSplash } from '../../scenes/datasourceSplash';
import { nodeScene } from './nodeScene';

/** Node drill-down page (`cluster/node/:node`). */
export function nodePage(node: string, parent: SceneAppPageLike): SceneAppPage {
  return new SceneAppPage({
    title: `Node ${node}`,
    titleIcon: 'kubernetes',
    url: drilldownUrl.node(node),
    routePath: 'node/:node/*',
    getParentPage: () => parent,
    getScene: () => prometheusSceneOrSplash(() => nodeScene(node)),
  });
}
