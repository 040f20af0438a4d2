import { SceneObjectBase, SceneObjectState, sceneGraph } from '@grafana/scenes';
import { fetchFlows } from '../../gateway/client';
import { GatewayError, toGatewayError } from '../../gateway/errors';
import { FlowQuery } from '../../gateway/params';
import { HubbleFlow } from '../../gateway/types';
import { FLOW_FILTERS_KEY, FlowFilters } from './FlowFilters';
import { FilterName, FlowFilterValues, toFlowQuery } from './filterState';
import { mergeNewest, newestTime } from './followMerge';

/** How often follow mode polls the gateway, in milliseconds. */
export const FOLLOW_INTERVAL_MS = 3000;

/** Filters whose change needs a new request (the others act on the flows already loaded). */
const SERVER_FILTERS: FilterName[] = [
  'namespace',
  'pod',
  'workload',
  'verdict',
  'protocol',
  'httpStatus',
  'dnsQuery',
  'trafficDirection',
  'limit',
  'follow',
];

export interface FlowsLoaderState extends SceneObjectState {
  /** Flows newest first, as the gateway sent them (follow mode: merged, at most `limit`). */
  flows: HubbleFlow[];
  loading: boolean;
  error?: GatewayError;
  /** Epoch ms of the last successful answer. */
  updatedAt?: number;
}

function serverPart(f: FlowFilterValues): string {
  return JSON.stringify(SERVER_FILTERS.map((n) => f[n]));
}

/**
 * Fetches `GET /api/v1/flows` for the scene's filters (found by key) and time range: once per change
 * of a gateway filter or of the time range (the refresh picker included); in follow mode every
 * FOLLOW_INTERVAL_MS with `since` = the newest flow shown and no `until`, merging new flows on top.
 * A newer request supersedes an older one still in flight.
 */
export class FlowsLoader extends SceneObjectBase<FlowsLoaderState> {
  private seq = 0;
  private timer?: ReturnType<typeof setInterval>;

  constructor(state: Partial<FlowsLoaderState> = {}) {
    super({ flows: [], loading: false, ...state });
    this.addActivationHandler(() => this.onActivate());
  }

  private filters(): FlowFilters {
    return sceneGraph.findByKeyAndType(this, FLOW_FILTERS_KEY, FlowFilters);
  }

  private onActivate(): () => void {
    const filters = this.filters();
    const timeRange = sceneGraph.getTimeRange(this);
    let lastServer = serverPart(filters.values());
    const filterSub = filters.subscribeToState(() => {
      const next = serverPart(filters.values());
      if (next !== lastServer) {
        lastServer = next;
        this.reload();
      }
    });
    const timeSub = timeRange.subscribeToState((s, prev) => {
      if (s.value !== prev.value && !filters.values().follow) {
        this.reload();
      }
    });
    this.reload();
    return () => {
      filterSub.unsubscribe();
      timeSub.unsubscribe();
      this.stopFollow();
      this.seq++;
    };
  }

  /** The gateway query for the current filters and time range (follow mode: from the range start, open end). */
  public query(): FlowQuery {
    const f = this.filters().values();
    const range = sceneGraph.getTimeRange(this).state.value;
    const q = toFlowQuery(f, { from: range.from.toDate(), to: range.to.toDate() });
    return f.follow ? { ...q, until: undefined } : q;
  }

  /** Replaces the flows with a fresh answer; starts or stops follow polling to match the filters. */
  public reload(): Promise<void> {
    this.stopFollow();
    const follow = this.filters().values().follow;
    const done = this.request(this.query(), (flows) => flows);
    if (follow) {
      this.timer = setInterval(() => this.poll(), FOLLOW_INTERVAL_MS);
    }
    return done;
  }

  /** Follow mode: asks for flows since the newest one shown and merges them on top (at most `limit` rows). */
  public poll(): Promise<void> {
    const since = newestTime(this.state.flows);
    const base = this.query();
    const limit = this.filters().values().limit;
    return this.request({ ...base, since: since ?? base.since, until: undefined }, (flows) =>
      mergeNewest(this.state.flows, flows, limit)
    );
  }

  private stopFollow(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async request(query: FlowQuery, apply: (flows: HubbleFlow[]) => HubbleFlow[]): Promise<void> {
    const seq = ++this.seq;
    this.setState({ loading: true });
    try {
      const { flows } = await fetchFlows(query, { requestId: `kubeobs-flows-${this.state.key ?? 'table'}` });
      if (seq === this.seq) {
        this.setState({ flows: apply(flows), loading: false, error: undefined, updatedAt: Date.now() });
      }
    } catch (e) {
      if (seq === this.seq) {
        this.setState({ loading: false, error: toGatewayError(e) });
      }
    }
  }
}
