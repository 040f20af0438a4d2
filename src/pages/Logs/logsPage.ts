import { SceneAppPage } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { logsSceneOrSplash } from './logsScene';

/** Logs page (route `logs`): log volume by namespace and level, and the log lines with filters. */
export function logsPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Logs',
    subTitle:
      'Pod and container logs from Loki: volume by namespace and level, lines with label and text filters, trace ids linked to their traces.',
    url: prefixRoute(ROUTES.Logs),
    routePath: `${ROUTES.Logs}/*`,
    getScene: () => logsSceneOrSplash({ kind: 'page' }),
  });
}
