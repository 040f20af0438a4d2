import { SceneAppPage } from '@grafana/scenes';
import { ROUTES, prefixRoute } from '../../constants';
import { prometheusSceneOrSplash } from '../../scenes/datasourceSplash';
import { namespacePage } from '../Namespace/namespacePage';
import { nodePage } from '../Node/nodePage';
import { clusterScene } from './clusterScene';

/** Cluster overview (route `cluster`), with drill-downs to a namespace (→ workload → pod) and a node. */
export function clusterPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Cluster',
    subTitle: 'Nodes, pods, capacity and resource use. Click a namespace or node to drill down.',
    url: prefixRoute(ROUTES.Cluster),
    routePath: `${ROUTES.Cluster}/*`,
    getScene: () => prometheusSceneOrSplash(clusterScene),
    drilldowns: [
      {
        routePath: 'namespace/:namespace/*',
        getPage: (match, parent) => namespacePage(match.params.namespace, parent),
      },
      { routePath: 'node/:node/*', getPage: (match, parent) => nodePage(match.params.node, parent) },
    ],
  });
}
