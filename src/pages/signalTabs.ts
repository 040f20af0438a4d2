import { SceneAppPage } from '@grafana/scenes';
import { logsSceneOrSplash } from './Logs/logsScene';
import { tracesSceneOrSplash } from './Traces/tracesScene';
import { TabScope } from './signalScope';

/**
 * The Logs and Traces tabs of a drill-down page (`<url>/logs`, `<url>/traces`), scoped to what the
 * page shows. `scope` is the same for both: a namespace, a workload (pods by name pattern, traces by
 * k8s.<kind>.name or service.name) or a pod.
 */
export function signalTabs(url: string, scope: TabScope): SceneAppPage[] {
  return [
    new SceneAppPage({
      title: 'Logs',
      url: `${url}/logs`,
      routePath: 'logs',
      getScene: () => logsSceneOrSplash(scope),
    }),
    new SceneAppPage({
      title: 'Traces',
      url: `${url}/traces`,
      routePath: 'traces',
      getScene: () => tracesSceneOrSplash(scope),
    }),
  ];
}
