import { EmbeddedScene, SceneAppPage } from '@grafana/scenes';
import { ROUTES, prefixRoute } from '../../constants';
import { isGatewayConfigured } from '../../gateway/client';
import { hasDatasourceOfType, missingDatasourceScene } from '../../scenes/datasourceSplash';
import { serviceMapScene } from './serviceMapScene';

/**
 * The scene of the page: all three sources with a Prometheus data source; only the live gateway
 * map without one; the "add a Prometheus data source" splash when neither is available.
 */
export function buildServiceMapScene(): EmbeddedScene {
  if (hasDatasourceOfType('prometheus')) {
    return serviceMapScene();
  }
  return isGatewayConfigured()
    ? serviceMapScene({ sources: ['gateway'], prometheus: false })
    : missingDatasourceScene(
        'prometheus',
        'the service map from Hubble or Caretta metrics (or configure the Hubble gateway for the live map)'
      );
}

/** Service map page (route `service-map`): Grafana's node graph from the gateway, Hubble metrics or Caretta. */
export function serviceMapPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Service map',
    subTitle:
      'Who talks to whom: flows per second on each edge (bytes per second from Caretta), with HTTP request rate, 5xx ratio and p95; drops in red. Click a node for its workload, an edge for its flows.',
    url: prefixRoute(ROUTES.ServiceMap),
    routePath: `${ROUTES.ServiceMap}/*`,
    getScene: buildServiceMapScene,
  });
}
