import { map } from 'rxjs';
import { DataFrame } from '@grafana/data';
import { VariableHide } from '@grafana/schema';
import {
  EmbeddedScene,
  PanelBuilders,
  SceneControlsSpacer,
  SceneDataProvider,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObject,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';
import { VARIABLES } from '../../constants';
import { isGatewayConfigured } from '../../gateway/client';
import { gatewayQueryRunner } from '../../gateway/dataSource';
import { serviceMapOf } from '../../gateway/frames';
import { SERVICE_MAP_ALL_NAMESPACES_QUERY, SERVICE_MAP_QUERY } from '../../queries/hubble/gateway';
import { CARETTA_MAP_PANELS, HUBBLE_MAP_PANELS, serviceMapQueries } from '../../queries/hubble/serviceMap';
import { PanelSpec } from '../../queries/types';
import { MetricFamilyCheck } from '../../scenes/MetricFamilyCheck';
import { PROMETHEUS_DS } from '../../scenes/datasourceVariables';
import { labelVariable, prometheusVariables } from '../../scenes/variables';
import { GatewayModeNotice } from '../../gateway/ui/GatewayModeNotice';
import { GATEWAY_MAP_DATA_KEY, GatewayMapStatus } from './GatewayMapStatus';
import { carettaGraph } from './carettaGraph';
import { gatewayGraph } from './gatewayGraph';
import { Graph } from './graph';
import { metricsGraph } from './metricsGraph';
import { nodeGraphFrames } from './nodeGraphFrames';
import { MAP_SOURCES, MapSource, sourceVariable } from './sourceVariable';

/** Options of the service map scene. */
export interface ServiceMapSceneOptions {
  /** Sources offered (default all three). Without Prometheus only the gateway makes sense. */
  sources?: MapSource[];
  /** Whether the Prometheus variables (`ds`, `cluster`, `namespace`) exist; default true. */
  prometheus?: boolean;
}

/** What a missing metric family costs the map, for the family check's message. */
const MISSING_MEANS: Record<string, string[]> = {
  hubbleHttp: ['HTTP edges (request rate, 5xx ratio, p95)'],
  hubbleFlowContext: ['non-HTTP edges and drops'],
  kubeStateMetrics: ['links from nodes to their workload page'],
  caretta: ['the Caretta map'],
};

/** Key of the node graph panel of each source (`panel-service-map-<source>`). */
export const mapPanelKey = (source: MapSource) => `panel-service-map-${source}`;

function nodeGraphPanel(source: MapSource, title: string, description: string, data: SceneDataProvider): VizPanel {
  const panel = PanelBuilders.nodegraph().setTitle(title).setDescription(description).setData(data).build();
  panel.setState({ key: mapPanelKey(source) });
  return panel;
}

/** Instant table queries of catalogue panels, turned into node graph frames by `toGraph`. */
function metricsData(specs: PanelSpec[], toGraph: (frames: DataFrame[]) => Graph, key: string): SceneDataTransformer {
  return new SceneDataTransformer({
    $data: new SceneQueryRunner({
      key,
      datasource: PROMETHEUS_DS,
      queries: specs.flatMap((s) => s.targets.map((t) => ({ ...t, range: !t.instant }))),
    }),
    transformations: [() => (source) => source.pipe(map((frames: DataFrame[]) => nodeGraphFrames(toGraph(frames))))],
  });
}

/**
 * The gateway's service map (gateway data source, `$namespace` when the page has it) turned into
 * node graph frames. The runner's key lets the page's message find it.
 */
function gatewayData(withNamespace: boolean): SceneDataTransformer {
  const query = withNamespace ? SERVICE_MAP_QUERY : SERVICE_MAP_ALL_NAMESPACES_QUERY;
  return new SceneDataTransformer({
    $data: gatewayQueryRunner(GATEWAY_MAP_DATA_KEY, [query]),
    transformations: [
      () => (source) => source.pipe(map((frames: DataFrame[]) => nodeGraphFrames(gatewayGraph(serviceMapOf(frames))))),
    ],
  });
}

function familyCheck(specs: PanelSpec[], key: string): MetricFamilyCheck {
  const families = [...new Set(specs.flatMap((s) => s.requires ?? []))];
  return new MetricFamilyCheck({
    key,
    families,
    hides: Object.fromEntries(families.map((id) => [id, MISSING_MEANS[id] ?? []])),
  });
}

/** The items shown for each source; the others are hidden (so their data is not fetched). */
type SourceItems = Partial<Record<MapSource, SceneFlexItem[]>>;

/**
 * Behavior: shows the items of the selected `$source` and hides the rest, now and on every change;
 * the Prometheus data source picker shows only when the map comes from Prometheus.
 */
function showSelectedSource(items: SourceItems) {
  return (scene: SceneObject) => {
    const variable = sceneGraph.lookupVariable('source', scene);
    const datasource = sceneGraph.lookupVariable(VARIABLES.prometheus, scene);
    const apply = () => {
      const selected = String(variable?.getValue() ?? '');
      const hide = selected === 'gateway' ? VariableHide.hideVariable : VariableHide.dontHide;
      if (datasource && datasource.state.hide !== hide) {
        datasource.setState({ hide });
      }
      for (const [source, list] of Object.entries(items)) {
        for (const item of list ?? []) {
          const isHidden = source !== selected;
          if (item.state.isHidden !== isHidden) {
            item.setState({ isHidden });
          }
        }
      }
    };
    apply();
    const sub = variable?.subscribeToState(apply);
    return () => sub?.unsubscribe();
  };
}

/**
 * The service map: Grafana's node graph fed by the selected source (`$source`): the gateway (live,
 * the gateway data source's service map query) or Hubble metrics or Caretta (catalogue queries in
 * src/queries/hubble/serviceMap.ts), each through a SceneDataTransformer to node graph frames.
 * `$namespace` keeps edges with either end in the chosen namespaces. Nodes open their workload
 * page, edges the Flows page filtered to the pair.
 */
export function serviceMapScene(options: ServiceMapSceneOptions = {}): EmbeddedScene {
  const sources = options.sources ?? MAP_SOURCES;
  const prometheus = options.prometheus ?? true;
  const initial: MapSource =
    sources.includes('gateway') && (isGatewayConfigured() || sources.length === 1)
      ? 'gateway'
      : (sources.find((s) => s !== 'gateway') ?? sources[0]);
  const items: SourceItems = {};

  if (sources.includes('gateway')) {
    const data = gatewayData(prometheus);
    items.gateway = [
      new SceneFlexItem({ ySizing: 'content', body: new GatewayMapStatus({}) }),
      new SceneFlexItem({ ySizing: 'content', body: new GatewayModeNotice({ feature: 'liveMap' }) }),
      new SceneFlexItem({
        minHeight: 600,
        body: nodeGraphPanel(
          'gateway',
          'Service map (live, Hubble gateway)',
          'Who talks to whom in the flows the gateway holds: rates over the time range, drops dashed red, 5xx orange. Click a node for its page, an edge for its flows.',
          data
        ),
      }),
    ];
  }
  if (sources.includes('metrics')) {
    items.metrics = [
      new SceneFlexItem({ ySizing: 'content', body: familyCheck(HUBBLE_MAP_PANELS, 'service-map-metrics-check') }),
      new SceneFlexItem({
        minHeight: 600,
        body: nodeGraphPanel(
          'metrics',
          'Service map (Hubble metrics)',
          'HTTP edges from hubble_http_requests_total and its duration histogram (requests/s, 5xx ratio, p95); flow edges and drops from hubble_flows_processed_total when it has source/destination context.',
          metricsData(HUBBLE_MAP_PANELS, metricsGraph, 'service-map-metrics-data')
        ),
      }),
    ];
  }
  if (sources.includes('caretta')) {
    items.caretta = [
      new SceneFlexItem({ ySizing: 'content', body: familyCheck(CARETTA_MAP_PANELS, 'service-map-caretta-check') }),
      new SceneFlexItem({
        minHeight: 600,
        body: nodeGraphPanel(
          'caretta',
          'Service map (Caretta)',
          'Bytes per second on each link Caretta observed (caretta_links_observed).',
          metricsData(CARETTA_MAP_PANELS, carettaGraph, 'service-map-caretta-data')
        ),
      }),
    ];
  }

  const variables = prometheus
    ? prometheusVariables(...(serviceMapQueries.variables ?? []).map(labelVariable), sourceVariable(sources, initial))
    : new SceneVariableSet({ variables: [sourceVariable(sources, initial)] });

  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-15m', to: 'now' }),
    $variables: variables,
    $behaviors: [showSelectedSource(items)],
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({ intervals: ['30s', '1m', '5m'] }),
    ],
    body: new SceneFlexLayout({ direction: 'column', children: MAP_SOURCES.flatMap((s) => items[s] ?? []) }),
  });
}
