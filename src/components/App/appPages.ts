import { SceneAppPage } from '@grafana/scenes';
import { alertsPage } from '../../pages/Alerts/alertsPage';
import { ciliumPage } from '../../pages/Cilium/ciliumPage';
import { clusterPage } from '../../pages/Cluster/clusterPage';
import { flowsPage } from '../../pages/Flows/flowsPage';
import { logsPage } from '../../pages/Logs/logsPage';
import { networkPage } from '../../pages/Network/networkPage';
import { serviceMapPage } from '../../pages/ServiceMap/serviceMapPage';
import { tracesPage } from '../../pages/Traces/tracesPage';
import { troubleshootPage } from '../../pages/Troubleshoot/troubleshootPage';

/**
 * Every top-level page of the app, in navigation order: the one place routes meet pages. Each
 * factory lives in `src/pages/<Name>/<name>Page.ts` and uses its route from `ROUTES`.
 */
export function appPages(): SceneAppPage[] {
  return [
    clusterPage(),
    ciliumPage(),
    networkPage(),
    flowsPage(),
    serviceMapPage(),
    troubleshootPage(),
    logsPage(),
    tracesPage(),
    alertsPage(),
  ];
}
