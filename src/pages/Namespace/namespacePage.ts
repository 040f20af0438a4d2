import { SceneAppPage, SceneAppPageLike } from '@grafana/scenes';
import { drilldownUrl } from '../../constants';
import { prometheusSceneOrSplash } from '../../scenes/datasourceSplash';
import { podPage } from '../Pod/podPage';
import { workloadPage } from '../Workload/workloadPage';
import { signalTabs } from '../signalTabs';
import { namespaceScene } from './namespaceScene';

/**
 * Namespace drill-down page (`cluster/namespace/:namespace`): breadcrumbs back to the cluster, tabs
 * Overview (metrics), Logs and Traces scoped to the namespace, and drill-downs to its workloads and pods.
 */
export function namespacePage(namespace: string, parent: SceneAppPageLike): SceneAppPage {
  const url = drilldownUrl.namespace(namespace);
  return new SceneAppPage({
    title: `Namespace ${namespace}`,
    titleIcon: 'folder',
    url,
    routePath: 'namespace/:namespace/*',
    getParentPage: () => parent,
    tabs: [
      new SceneAppPage({
        title: 'Overview',
        url,
        routePath: 'overview',
        getScene: () => prometheusSceneOrSplash(() => namespaceScene(namespace)),
      }),
      ...signalTabs(url, { kind: 'namespace', namespace }),
    ],
    drilldowns: [
      {
        routePath: 'workload/:kind/:workload/*',
        getPage: (match, page) => workloadPage(namespace, match.params.kind, match.params.workload, page),
      },
      { routePath: 'pod/:pod/*', getPage: (match, page) => podPage(namespace, match.params.pod, page) },
    ],
  });
}
