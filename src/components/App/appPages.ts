import { SceneAppPage } from '@grafana/scenes';
import { alertsPage } from '../../pages/Alerts/alertsPage';
import { ciliumPage } from '../../pages/Cilium/ciliumPage';
import { clusterPage } from '../../pages/Cluster/clusterPage';
import { networkPage } from '../../pages/Network/networkPage';

/**
 * Every top-level page of the app, in navigation order: the one place routes meet pages. Each
 * factory lives in `src/pages/<Name>/<name>Page.ts` and uses its route from `ROUTES`.
 */
export function appPages(): SceneAppPage[] {
  return [clusterPage(), ciliumPage(), networkPage(), alertsPage()];
}
