import { ReplaySubject } from 'rxjs';
import { LoadingState, PanelData } from '@grafana/data';
import {
  MultiValueVariable,
  SceneDataProvider,
  SceneDataProviderResult,
  SceneDataState,
  SceneObjectBase,
  VariableDependencyConfig,
  sceneGraph,
} from '@grafana/scenes';
import { fetchServiceMap } from '../../gateway/client';
import { GatewayError, toGatewayError } from '../../gateway/errors';
import { gatewayGraph } from './gatewayGraph';
import { nodeGraphFrames } from './nodeGraphFrames';

/** Key of the gateway provider, so the page's message object can find it. */
export const GATEWAY_MAP_DATA_KEY = 'gateway-service-map-data';

export interface GatewayServiceMapDataState extends SceneDataState {
  /** Why the last request failed (also in `data.errors`), shown as a GatewayAlert by the page. */
  error?: GatewayError;
}

/**
 * The node graph's data from the gateway (`GET /api/v1/service-map`): fetched when activated and
 * again when the time range (refresh included) or `$namespace` changes; turned into `nodes` and
 * `edges` frames. One selected namespace is sent to the gateway; several are filtered here.
 */
export class GatewayServiceMapData
  extends SceneObjectBase<GatewayServiceMapDataState>
  implements SceneDataProvider<GatewayServiceMapDataState>
{
  private readonly results = new ReplaySubject<SceneDataProviderResult>(1);
  private seq = 0;

  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: ['namespace'],
    onReferencedVariableValueChanged: () => this.load(),
  });

  constructor(state: Partial<GatewayServiceMapDataState> = {}) {
    super({ key: GATEWAY_MAP_DATA_KEY, ...state });
    this.addActivationHandler(() => {
      const timeRange = sceneGraph.getTimeRange(this);
      const sub = timeRange.subscribeToState((s, prev) => {
        if (s.value !== prev.value) {
          this.load();
        }
      });
      if (!sceneGraph.hasVariableDependencyInLoadingState(this)) {
        this.load();
      }
      return () => {
        sub.unsubscribe();
        this.seq++;
      };
    });
  }

  /** Every published PanelData (the latest first for a new subscriber), as SceneDataProvider requires. */
  public getResultsStream() {
    return this.results.asObservable();
  }

  /** Namespaces chosen in `$namespace`; undefined for All or when the page has no such variable. */
  public namespaces(): string[] | undefined {
    const v = sceneGraph.lookupVariable('namespace', this);
    if (!(v instanceof MultiValueVariable) || v.hasAllValue()) {
      return undefined;
    }
    const value = v.getValue();
    const list = (Array.isArray(value) ? value : [value]).map(String).filter((s) => s && s !== '$__all');
    return list.length ? list : undefined;
  }

  /** Fetches the map for the current range and namespaces; a newer call supersedes an older one. */
  public async load(): Promise<void> {
    const seq = ++this.seq;
    const range = sceneGraph.getTimeRange(this).state.value;
    const namespaces = this.namespaces();
    this.publish({ state: LoadingState.Loading, series: this.state.data?.series ?? [], timeRange: range });
    try {
      const map = await fetchServiceMap(
        {
          namespace: namespaces?.length === 1 ? namespaces[0] : undefined,
          since: range.from.toDate(),
          until: range.to.toDate(),
        },
        { requestId: 'kubeobs-gateway-service-map' }
      );
      if (seq === this.seq) {
        const graph = gatewayGraph(map, { from: range.from.valueOf(), to: range.to.valueOf() }, namespaces);
        this.publish({ state: LoadingState.Done, series: nodeGraphFrames(graph), timeRange: range }, undefined);
      }
    } catch (e) {
      if (seq === this.seq) {
        const error = toGatewayError(e);
        this.publish(
          {
            state: LoadingState.Error,
            series: [],
            timeRange: range,
            errors: [{ message: `${error.title}: ${error.message}` }],
          },
          error
        );
      }
    }
  }

  private publish(data: PanelData, error?: GatewayError): void {
    this.setState(data.state === LoadingState.Loading ? { data } : { data, error });
    this.results.next({ origin: this, data });
  }
}
