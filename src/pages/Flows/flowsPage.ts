import { SceneAppPage } from '@grafana/scenes';
import { ROUTES, prefixRoute } from '../../constants';
import { gatewaySceneOrMessage } from '../../gateway/ui/gatewayScene';
import { flowsScene } from './flowsScene';

/**
 * Flows page (route `flows`): Hubble flows from the gateway, filtered like `hubble observe`, with
 * follow mode and a details drawer. Filters live in the URL (`?verdict=DROPPED&namespace=default`).
 */
export function flowsPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Flows',
    subTitle:
      'Live Hubble flows through the Hubble gateway: filter, follow, and open a flow for its labels, policies and trace.',
    url: prefixRoute(ROUTES.Flows),
    routePath: `${ROUTES.Flows}/*`,
    getScene: () => gatewaySceneOrMessage(() => flowsScene(), 'Flows'),
  });
}
