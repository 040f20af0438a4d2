import { ROUTES } from '../../src/constants';

/**
 * The pages the browser tests and the screenshots visit: every page in the navigation, each
 * drill-down and the config page. `path` is below the app's base URL (`/a/<id>`) unless `absolute`.
 * `expect` says what a page shows on the demo stack: panels with data, or its own message that a
 * data source is missing (no Loki or Tempo runs on the build machine).
 */
export interface AppRoute {
  name: string;
  path: string;
  expect: 'panels' | 'no-datasource' | 'alerts' | 'config' | 'flows' | 'troubleshoot';
}

export const NAV_ROUTES: AppRoute[] = [
  { name: 'cluster', path: `/${ROUTES.Cluster}`, expect: 'panels' },
  { name: 'cilium', path: `/${ROUTES.Cilium}`, expect: 'panels' },
  { name: 'cilium-operator', path: `/${ROUTES.Cilium}/operator`, expect: 'panels' },
  { name: 'network', path: `/${ROUTES.Network}`, expect: 'panels' },
  { name: 'flows', path: `/${ROUTES.Flows}`, expect: 'flows' },
  { name: 'service-map', path: `/${ROUTES.ServiceMap}`, expect: 'panels' },
  { name: 'troubleshoot', path: `/${ROUTES.Troubleshoot}`, expect: 'troubleshoot' },
  { name: 'logs', path: `/${ROUTES.Logs}`, expect: 'no-datasource' },
  { name: 'traces', path: `/${ROUTES.Traces}`, expect: 'no-datasource' },
  { name: 'alerts', path: `/${ROUTES.Alerts}`, expect: 'alerts' },
];
