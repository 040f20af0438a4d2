import { SceneAppPage } from '@grafana/scenes';
import { prefixRoute, ROUTES } from '../../constants';
import { tracesSceneOrSplash } from './tracesScene';

/** Traces page (route `traces`): trace search, trace view and the service graph. */
export function tracesPage(): SceneAppPage {
  return new SceneAppPage({
    title: 'Traces',
    subTitle:
      "Search traces (Tempo TraceQL, or Jaeger), open one in the trace view, and see the service graph from Tempo's metrics-generator.",
    url: prefixRoute(ROUTES.Traces),
    routePath: `${ROUTES.Traces}/*`,
    getScene: () => tracesSceneOrSplash({ kind: 'page' }),
  });
}
