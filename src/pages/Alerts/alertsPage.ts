import { SceneAppPage } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { alertsScene } from './alertsScene';

/** Alerts page (route `alerts`): browse, preview and install the alert-rule templates. */
export function alertsPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Alerts',
    subTitle:
      'Tested alert-rule templates for Kubernetes, Cilium, Hubble and Loki: preview them on your data, install them as Grafana-managed rules.',
    url: prefixRoute(ROUTES.Alerts),
    routePath: `${ROUTES.Alerts}/*`,
    getScene: () => alertsScene(),
  });
}
