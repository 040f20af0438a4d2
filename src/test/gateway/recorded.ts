/**
 * The gateway's real answers recorded by `record.ts` (src/test/gateway/__fixtures__/<name>.json), for
 * tests that run without the gateway: the scene tests serve them through `installGatewayTransport`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FlowsResponse, HubbleFlow, ServiceMapResponse } from '../../gateway/types';
import { GatewayAnswer, GatewayCall, GatewayHandler } from './gatewayTransport';

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
  | 'demo-flows-podinfo-http'
  | 'demo-service-map';

/** One recorded answer: `{ status, body }`. */
export function recorded(name: RecordedName): GatewayAnswer {
  return JSON.parse(fs.readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as GatewayAnswer;
}

/** The flows of a recorded `/api/v1/flows` answer. */
export function recordedFlows(
  name:
    'flows-latest' | 'flows-http' | 'flows-dns' | 'flows-kube-system' | 'demo-flows-dropped' | 'demo-flows-podinfo-http'
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
        return recorded('demo-flows-dropped');
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
