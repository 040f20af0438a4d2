/**
 * The gateway's real answers recorded by `record.ts` (src/test/gateway/__fixtures__/<name>.json), for
 * tests that run without the gateway: the scene tests serve them through `installGatewayTransport`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConnectivityReport, PolicySuggestion } from '../../gateway/connectivityTypes';
import { FlowsResponse, GatewayStatus, HubbleFlow, ServiceMapResponse } from '../../gateway/types';
import { GatewayAnswer, GatewayCall, GatewayHandler } from './gatewayTransport';
import { DEMO_PAIRS, DemoPair } from './demoPairs';

const DIR = path.resolve(__dirname, '__fixtures__');

/** Names of the recorded answers (file names without `.json`). */
export type RecordedName =
  | 'flows-latest'
  | 'flows-http'
  | 'flows-dns'
  | 'flows-kube-system'
  | 'service-map'
  | 'service-map-bookinfo'
  | 'namespaces'
  | 'status'
  | 'error-400-verdict'
  | 'error-400-since'
  | 'error-404-path'
  | 'error-401-token'
  | 'error-503-status'
  | 'demo-flows-dropped'
  | 'demo-flows-dropped-client'
  | 'demo-flows-podinfo-http'
  | 'demo-service-map'
  | 'demo-namespaces'
  | `demo-connectivity-${DemoPair}`
  | 'demo-http-errors-xwing'
  | 'demo-http-errors-podinfo-client'
  | 'demo-http-errors-grafana'
  | 'demo-policy-suggestion-deathstar'
  | 'error-400-connectivity-from';

/** One recorded answer: `{ status, body }`. */
export function recorded(name: RecordedName): GatewayAnswer {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as GatewayAnswer;
}

/** The flows of a recorded `/api/v1/flows` answer. */
export function recordedFlows(
  name:
    | 'flows-latest'
    | 'flows-http'
    | 'flows-dns'
    | 'flows-kube-system'
    | 'demo-flows-dropped'
    | 'demo-flows-dropped-client'
    | 'demo-flows-podinfo-http'
): HubbleFlow[] {
  return (recorded(name).body as FlowsResponse).flows;
}

/** A recorded `/api/v1/service-map` answer. */
export function recordedMap(name: 'service-map' | 'service-map-bookinfo' | 'demo-service-map'): ServiceMapResponse {
  return recorded(name).body as ServiceMapResponse;
}

/**
 * Serves recorded answers the way the gateway would pick them: flows by verdict / protocol /
 * namespace (DROPPED and podinfo from the demo's generated traffic, the rest from the captures),
 * the map by namespace, namespaces and status as recorded.
 */
export const recordedGateway: GatewayHandler = (call: GatewayCall) => {
  switch (call.path) {
    case '/api/v1/flows':
      if (call.params.verdict === 'DROPPED') {
        return recorded(
          call.params.workload === 'podinfo/podinfo-client' ? 'demo-flows-dropped-client' : 'demo-flows-dropped'
        );
      }
      if (call.params.namespace === 'podinfo') {
        return recorded('demo-flows-podinfo-http');
      }
      if (call.params.protocol === 'http') {
        return recorded('flows-http');
      }
      if (call.params.protocol === 'dns') {
        return recorded('flows-dns');
      }
      return recorded(call.params.namespace === 'kube-system' ? 'flows-kube-system' : 'flows-latest');
    case '/api/v1/service-map':
      return recorded(call.params.namespace === 'bookinfo' ? 'service-map-bookinfo' : 'service-map');
    case '/api/v1/namespaces':
      return recorded('namespaces');
    case '/api/v1/status':
      return recorded('status');
    default:
      return recorded('error-404-path');
  }
};

/** A recorded `/api/v1/connectivity` answer about one of the demo's pairs. */
export function recordedReport(pair: DemoPair): ConnectivityReport {
  return recorded(`demo-connectivity-${pair}`).body as ConnectivityReport;
}

/** The recorded `/api/v1/policy-suggestion` answer (star-wars/deathstar). */
export function recordedSuggestion(): PolicySuggestion {
  return recorded('demo-policy-suggestion-deathstar').body as PolicySuggestion;
}

const HTTP_ERRORS_BY_WORKLOAD: Record<string, RecordedName> = {
  'star-wars/xwing': 'demo-http-errors-xwing',
  'podinfo/podinfo-client': 'demo-http-errors-podinfo-client',
  'monitoring/grafana': 'demo-http-errors-grafana',
};

/**
 * Serves the recorded answers of the demo cluster's generated traffic as the Troubleshoot page and
 * the Suggested policy tab ask for them: connectivity by `from`/`to` (DEMO_PAIRS), HTTP errors
 * flows by workload, the baseline of star-wars/deathstar, the demo's service map and namespaces.
 * A question nothing was recorded for throws (the test transport answers 502, as Grafana's proxy
 * does when the gateway fails); an unknown path is the gateway's recorded 404.
 */
export const recordedDemoGateway: GatewayHandler = (call: GatewayCall) => {
  switch (call.path) {
    case '/api/v1/connectivity': {
      const pair = (Object.keys(DEMO_PAIRS) as DemoPair[]).find(
        (p) => DEMO_PAIRS[p].from === call.params.from && DEMO_PAIRS[p].to === call.params.to
      );
      if (!pair) {
        throw new Error(`no recorded connectivity answer for ${call.params.from} -> ${call.params.to}`);
      }
      return recorded(`demo-connectivity-${pair}`);
    }
    case '/api/v1/flows': {
      const name = HTTP_ERRORS_BY_WORKLOAD[call.params.workload];
      if (!name || call.params.http_status !== '4+,5+') {
        throw new Error(`no recorded flows answer for ${JSON.stringify(call.params)}`);
      }
      return recorded(name);
    }
    case '/api/v1/policy-suggestion':
      return recorded('demo-policy-suggestion-deathstar');
    case '/api/v1/service-map':
      return recorded('demo-service-map');
    case '/api/v1/namespaces':
      return recorded('demo-namespaces');
    default:
      return recorded('error-404-path');
  }
};

/** Why the recorded query-mode status says the gateway is in query mode. */
export const QUERY_MODE_REASON =
  'Hubble Relay reported more than --query-mode-rate 40000 flows/s in 4 samples in a row (last 61,000 flows/s)';

/**
 * The recorded status as a gateway in query mode answers it (large cluster: no follow stream, the
 * `mode` block of hubble-gateway's /api/v1/status), for the app's mode notices.
 */
export function queryModeStatus(): GatewayAnswer {
  const real = recorded('status');
  const body = real.body as GatewayStatus;
  return {
    ...real,
    body: {
      ...body,
      relay: { ...body.relay, stream: 'stopped' },
      mode: {
        current: 'query',
        setting: 'auto',
        since: '2026-11-29T18:00:00Z',
        reason: QUERY_MODE_REASON,
        flow_rate: 61000,
        query_mode_rate: 40000,
        follow_mode_rate: 25000,
      },
    },
  };
}

/** recordedGateway, with the status of a gateway in query mode. */
export const queryModeGateway: GatewayHandler = (call: GatewayCall) =>
  call.path === '/api/v1/status' ? queryModeStatus() : recordedGateway(call);
