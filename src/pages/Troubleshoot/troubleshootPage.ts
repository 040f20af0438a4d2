import { SceneAppPage } from '@grafana/scenes';
import { ROUTES, prefixRoute } from '../../constants';
import { gatewaySceneOrMessage } from '../../gateway/ui/gatewayScene';
import { troubleshootScene } from './troubleshootScene';

/**
 * Troubleshoot page (route `troubleshoot`): "why can't A reach B?" from the Hubble gateway's
 * connectivity report. The pair and the time range live in the URL
 * (`?source=star-wars/xwing&destination=star-wars/deathstar&from=now-15m&to=now`).
 */
export function troubleshootPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Troubleshoot',
    subTitle:
      'Why can’t A reach B? What dropped the traffic, which policy decided, DNS and HTTP answers, and the policy change that would allow it.',
    url: prefixRoute(ROUTES.Troubleshoot),
    routePath: `${ROUTES.Troubleshoot}/*`,
    getScene: () => gatewaySceneOrMessage(() => troubleshootScene(), 'Troubleshoot'),
  });
}
