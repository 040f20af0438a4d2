import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariable,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { escapeRegex, podRegexForWorkload } from '../../links/podRegex';
import { logsQueries, logsTabQueries } from '../../queries/loki/logs';
import { LokiPanelSpec, SignalPageQueries } from '../../queries/types';
import { hasDatasourceOfType, missingDatasourceScene } from '../../scenes/datasourceSplash';
import { buildLokiPanel } from '../../scenes/signalPanels';
import { lokiDatasourceVariable } from '../../scenes/datasourceVariables';
import { routeRegexVariable, searchVariable, signalLabelVariable } from '../../scenes/signalVariables';
import { SignalScope } from '../signalScope';

function catalogueFor(scope: SignalScope): SignalPageQueries {
  return scope.kind === 'page' ? logsQueries : logsTabQueries[scope.kind];
}

/**
 * `$namespace` and `$pod` of a tab as regexes inside the LogQL matchers: the namespace's name, and
 * `.*` (namespace tab), the workload's pod-name pattern or the pod's name.
 */
function scopeVariables(scope: SignalScope): SceneVariable[] {
  if (scope.kind === 'page') {
    return [];
  }
  const pod =
    scope.kind === 'namespace'
      ? '.*'
      : scope.kind === 'workload'
        ? podRegexForWorkload(scope.workloadKind, scope.workload)
        : escapeRegex(scope.pod);
  return [routeRegexVariable('namespace', escapeRegex(scope.namespace)), routeRegexVariable('pod', pod)];
}

/**
 * The Logs scene: `$loki`, the label variables (namespace, pod, container, app on the page;
 * container and app on a tab, whose namespace and pod come from the route), the line filter, log
 * volume by namespace (page) or pod (tab) and by detected level, and the log lines.
 */
export function logsScene(scope: SignalScope): EmbeddedScene {
  const page = catalogueFor(scope);
  const panels = page.panels as LokiPanelSpec[];
  const volumes = panels.filter((p) => p.viz !== 'logs');
  const lines = panels.filter((p) => p.viz === 'logs');
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: new SceneVariableSet({
      variables: [
        lokiDatasourceVariable(),
        ...scopeVariables(scope),
        ...page.variables.map((v) => signalLabelVariable(v)),
        searchVariable(),
      ],
    }),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({ intervals: ['30s', '1m', '5m'] }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          height: 220,
          body: new SceneFlexLayout({
            direction: 'row',
            children: volumes.map((spec) => new SceneFlexItem({ body: buildLokiPanel(spec) })),
          }),
        }),
        ...lines.map((spec) => new SceneFlexItem({ minHeight: 600, body: buildLokiPanel(spec) })),
      ],
    }),
  });
}

/** The Logs scene, or the splash saying to add a Loki data source. */
export function logsSceneOrSplash(scope: SignalScope): EmbeddedScene {
  return hasDatasourceOfType('loki') ? logsScene(scope) : missingDatasourceScene('loki', 'pod and container logs');
}
