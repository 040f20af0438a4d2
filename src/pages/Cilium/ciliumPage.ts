import { SceneAppPage } from '@grafana/scenes';
import { ROUTES, prefixRoute } from '../../constants';
import { prometheusSceneOrSplash } from '../../scenes/datasourceSplash';
import { ciliumAgentScene, ciliumOperatorScene } from './ciliumScene';

/** Cilium page (route `cilium`): agent health tab (default) and operator tab. */
export function ciliumPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Cilium',
    subTitle: 'Agent and operator health: endpoints, BPF maps, datapath, policy, IPAM.',
    url: prefixRoute(ROUTES.Cilium),
    routePath: `${ROUTES.Cilium}/*`,
    tabs: [
      new SceneAppPage({
        title: 'Agent',
        url: prefixRoute(`${ROUTES.Cilium}/agent`),
        routePath: 'agent',
        getScene: () => prometheusSceneOrSplash(ciliumAgentScene),
      }),
      new SceneAppPage({
        title: 'Operator',
        url: prefixRoute(`${ROUTES.Cilium}/operator`),
        routePath: 'operator',
        getScene: () => prometheusSceneOrSplash(ciliumOperatorScene),
      }),
    ],
  });
}
