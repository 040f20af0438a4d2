import { SceneAppPage, SceneAppPageLike } from '@grafana/scenes';
import { drilldownUrl } from '../../constants';
import { prometheusSceneOrSplash } from '../../scenes/datasourceSplash';
import { signalTabs } from '../signalTabs';
import { podScene } from './podScene';

/** Pod drill-down page (`cluster/namespace/:namespace/pod/:pod`): containers and resources; Logs and Traces tabs follow. */
export function podPage(namespace: string, pod: string, parent: SceneAppPageLike): SceneAppPage {
  const url = drilldownUrl.pod(namespace, pod);
  return new SceneAppPage({
    title: `Pod ${pod}`,
    subTitle: `Namespace ${namespace}`,
    titleIcon: 'cube',
    url,
    routePath: 'pod/:pod/*',
    getParentPage: () => parent,
    tabs: [
      new SceneAppPage({
        title: 'Overview',
        url,
        routePath: 'overview',
        getScene: () => prometheusSceneOrSplash(() => podScene(namespace, pod)),
      }),
      ...signalTabs(url, { kind: 'pod', namespace, pod }),
    ],
  });
}
