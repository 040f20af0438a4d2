import { flowLogsUrl, flowTraceId, flowTraceUrl } from './flowLinks';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const T = '2024-05-01T12:00:00.123456789Z';
const T_MS = Date.UTC(2024, 4, 1, 12, 0, 0, 123);
const FIVE_MIN = 5 * 60 * 1000;

/** An HTTP request flow from frontend to podinfo, in `hubble observe -o json` shape. */
const flow = {
  time: T,
  verdict: 'FORWARDED',
  source: { namespace: 'frontend', pod_name: 'frontend-6d5f7c9b8-abcde', labels: ['k8s:app=frontend'] },
  destination: { namespace: 'podinfo', pod_name: 'podinfo-7d9c8b6f5-x7k2p' },
  l7: { type: 'REQUEST', http: { method: 'GET', url: 'http://podinfo.podinfo:9898/api/info' } },
  trace_context: { parent: { trace_id: TRACE } },
};

function parse(url: string) {
  const u = new URL(url, 'http://grafana.local');
  return { path: u.pathname, params: Object.fromEntries(u.searchParams.entries()) };
}

describe('flowLogsUrl', () => {
  it('opens the source pod Logs tab five minutes either side of the flow', () => {
    const { path, params } = parse(flowLogsUrl(flow, 'source')!);
    expect(path).toBe('/a/seed-kubeobs-app/cluster/namespace/frontend/pod/frontend-6d5f7c9b8-abcde/logs');
    expect(params).toEqual({ from: String(T_MS - FIVE_MIN), to: String(T_MS + FIVE_MIN) });
  });

  it('opens the destination pod and pins the Loki data source when given', () => {
    const { path, params } = parse(flowLogsUrl(flow, 'destination', { lokiUid: 'loki' })!);
    expect(path).toBe('/a/seed-kubeobs-app/cluster/namespace/podinfo/pod/podinfo-7d9c8b6f5-x7k2p/logs');
    expect(params['var-loki']).toBe('loki');
  });

  it('has no logs link for endpoints that are not pods', () => {
    expect(flowLogsUrl({ ...flow, destination: { namespace: '', pod_name: '' } }, 'destination')).toBeUndefined();
    expect(flowLogsUrl({ time: T }, 'source')).toBeUndefined();
  });

  it('encodes names', () => {
    expect(flowLogsUrl({ time: T, source: { namespace: 'a b', pod_name: 'p/1' } }, 'source')).toContain(
      '/namespace/a%20b/pod/p%2F1/logs?'
    );
  });
});

describe('flowTraceUrl', () => {
  it('opens the trace on the Traces page around the flow time', () => {
    const { path, params } = parse(flowTraceUrl(flow, { tracesUid: 'tempo' })!);
    expect(path).toBe('/a/seed-kubeobs-app/traces');
    expect(params).toEqual({
      from: String(T_MS - FIVE_MIN),
      to: String(T_MS + FIVE_MIN),
      'var-traces': 'tempo',
      'var-traceId': TRACE,
    });
  });

  it('needs a valid W3C trace id', () => {
    expect(flowTraceUrl({ time: T })).toBeUndefined();
    expect(flowTraceId({ trace_context: { parent: { trace_id: '0'.repeat(32) } } })).toBeUndefined();
    expect(flowTraceId({ trace_context: { parent: { trace_id: 'xyz' } } })).toBeUndefined();
    expect(flowTraceId({ trace_context: { parent: { trace_id: TRACE.toUpperCase() } } })).toBe(TRACE);
  });
});
