import { SceneAppPage } from '@grafana/scenes';
import { ROUTES, prefixRoute } from '../../constants';
import { prometheusSceneOrSplash } from '../../scenes/datasourceSplash';
import { networkScene } from './networkScene';

/** Network page (route `network`): Hubble flows, drops, TCP, ICMP, DNS, HTTP golden signals, policy verdicts. */
export function networkPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Network',
    subTitle: 'Hubble metrics: flows and verdicts, drops, DNS, HTTP golden signals, TCP, ICMP and policy verdicts.',
    url: prefixRoute(ROUTES.Network),
    routePath: `${ROUTES.Network}/*`,
    getScene: () => prometheusSceneOrSplash(networkScene),
  });
}
