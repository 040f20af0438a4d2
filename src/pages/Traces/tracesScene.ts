import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObject,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariable,
  SceneVariableSet,
  TextBoxVariable,
  VariableValueSelectors,
  sceneGraph,
} from '@grafana/scenes';
import { panelByKey } from '../../queries/define';
import { TRACE_PANEL_KEYS, tracesQueries, tracesTabQueries } from '../../queries/tempo/traces';
import { SignalPageQueries, TempoPanelSpec } from '../../queries/types';
import { missingDatasourceScene } from '../../scenes/datasourceSplash';
import { buildTracesPanel } from '../../scenes/signalPanels';
import { VARIABLES } from '../../constants';
import { TracesType, tracesDatasourceType, tracesDatasourceVariable } from '../../scenes/datasourceVariables';
import {
  minDurationVariable,
  operationVariable,
  serviceTextVariable,
  signalLabelVariable,
  spanVariable,
  statusVariable,
  traceIdVariable,
} from '../../scenes/signalVariables';
import { routeVariable } from '../../scenes/variables';
import { SignalScope } from '../signalScope';
import { serviceGraphItem } from './serviceGraphPanel';
import { NoTraceSelected, SelectedTrace } from './traceHeader';

function catalogueFor(scope: SignalScope): SignalPageQueries {
  return scope.kind === 'page' ? tracesQueries : tracesTabQueries[scope.kind];
}

/** The scope's route variables and, per data source type, the search variables. */
function variablesFor(scope: SignalScope, type: TracesType, page: SignalPageQueries): SceneVariable[] {
  const vars: SceneVariable[] = [tracesDatasourceVariable(type)];
  if (scope.kind !== 'page') {
    vars.push(routeVariable('namespace', scope.namespace));
  }
  if (scope.kind === 'workload') {
    vars.push(routeVariable('kind', scope.workloadKind), routeVariable('workload', scope.workload));
  }
  if (scope.kind === 'pod') {
    vars.push(routeVariable('pod', scope.pod));
  }
  if (type === 'tempo') {
    vars.push(...page.variables.map((v) => signalLabelVariable(v, type)));
    if (scope.kind === 'page') {
      vars.push(spanVariable());
    }
  } else {
    // Jaeger searches need a service: typed by hand (the workload's name on a workload tab).
    if (scope.kind !== 'workload') {
      vars.push(serviceTextVariable());
    }
    vars.push(operationVariable());
  }
  vars.push(minDurationVariable(), statusVariable(type), traceIdVariable());
  return vars;
}

/**
 * Shows the trace view while `$traceId` is set and a hint otherwise (a trace query without an id
 * would only return an error).
 */
function toggleOnTraceId(scene: SceneObject, withTrace: SceneFlexItem[], withoutTrace: SceneFlexItem[]): () => void {
  const variable = sceneGraph.lookupVariable(VARIABLES.traceId, scene);
  if (!(variable instanceof TextBoxVariable)) {
    return () => {};
  }
  const apply = () => {
    const hasTrace = Boolean(variable.state.value.trim());
    withTrace.forEach((item) => item.state.isHidden !== !hasTrace && item.setState({ isHidden: !hasTrace }));
    withoutTrace.forEach((item) => item.state.isHidden !== hasTrace && item.setState({ isHidden: hasTrace }));
  };
  apply();
  const sub = variable.subscribeToState(apply);
  return () => sub.unsubscribe();
}

/**
 * The Traces scene: the search (TraceQL on Tempo, the search form on Jaeger) as a table of traces,
 * Grafana's trace view of the selected trace (`$traceId`, set by a click in the table or a link from
 * a flow, a log line or an exemplar) and, on the Traces page, the service graph from Tempo's
 * metrics-generator series in Prometheus.
 */
export function tracesScene(scope: SignalScope, type: TracesType): EmbeddedScene {
  const page = catalogueFor(scope);
  const searchSpec = panelByKey(page, TRACE_PANEL_KEYS.search) as TempoPanelSpec;
  const traceSpec = panelByKey(page, TRACE_PANEL_KEYS.view) as TempoPanelSpec;
  const vars = variablesFor(scope, type, page);
  const serviceGraph = scope.kind === 'page' ? serviceGraphItem() : undefined;
  if (serviceGraph) {
    vars.push(serviceGraph.variable);
  }
  const traceItems = [
    new SceneFlexItem({ height: 40, body: new SelectedTrace({}) }),
    new SceneFlexItem({ minHeight: 600, body: buildTracesPanel(traceSpec, type) }),
  ];
  const hintItems = [new SceneFlexItem({ height: 60, body: new NoTraceSelected({}) })];
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-1h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: vars }),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({ intervals: ['30s', '1m', '5m'] }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ height: 360, body: buildTracesPanel(searchSpec, type) }),
        ...hintItems,
        ...traceItems,
        ...(serviceGraph ? [serviceGraph.item] : []),
      ],
    }),
  });
  scene.addActivationHandler(() => toggleOnTraceId(scene, traceItems, hintItems));
  return scene;
}

/** The Traces scene, or the splash saying which data source to add when there is neither Tempo nor Jaeger. */
export function tracesSceneOrSplash(scope: SignalScope): EmbeddedScene {
  const type = tracesDatasourceType();
  return type
    ? tracesScene(scope, type)
    : missingDatasourceScene('tempo', 'traces (Tempo; Jaeger also works for search and the trace view)');
}
