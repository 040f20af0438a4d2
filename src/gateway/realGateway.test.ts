/**
 * The app's data layer against the REAL gateway: the demo Hubble Relay replays every fixture capture
 * over gRPC on 127.0.0.1, the gateway (hubble-gateway/) follows it, and the app's client reaches the
 * gateway through a transport that plays Grafana's plugin proxy (bearer token added server-side).
 */
import { lastValueFrom } from 'rxjs';
import { LoadingState } from '@grafana/data';
import { EmbeddedScene, SceneFlexLayout, SceneTimeRange } from '@grafana/scenes';
import { compareFlowTimes, flowTimeMs } from './flowTime';
import { clientServer, nodeIdOf } from './endpoints';
import { requestFlows, requestNamespaces, requestServiceMap, requestStatus } from './client';
import { FlowQuery, MAX_LIMIT, flowQueryParams } from './params';
import { gatewayErrorOf, toGatewayError } from './errors';
import { HubbleFlow } from './types';
import { setAppSettings } from '../settings';
import { installGrafanaRuntime } from '../test/grafanaRuntime';
import { GatewayCall, installGatewayTransport } from '../test/gateway/gatewayTransport';
import { gatewayQueryRunner } from './dataSource';
import { flowsOf, serviceMapOf } from './frames';
import { GatewayQuery, GatewayQueryType } from './query';
import {
  FlowsFile,
  RealGateway,
  allCapturesFile,
  demoFlowsFile,
  startRealGateway,
  waitUntil,
} from '../test/gateway/realGateway';
import { capturesMissing, describeWithCaptures } from '../test/hubbleCaptures';
import { toFlowRow } from '../pages/Flows/flowRows';
import { mergeNewest, newestTime } from './followMerge';
import { DEFAULT_FILTERS, toFlowQuery } from '../pages/Flows/filterState';
import { gatewayGraph } from '../pages/ServiceMap/gatewayGraph';
import { DROP_COLOR, nodeGraphFrames } from '../pages/ServiceMap/nodeGraphFrames';
import { visibleFlows } from '../pages/Flows/clientFilters';
import { flowTraceId } from '../links';
import { connectivityQuery, pairHttpErrorsQuery, policySuggestionQuery } from '../queries/hubble/gateway';
import { DEMO_PAIRS } from '../test/gateway/demoPairs';
import { runGatewayQueries } from '../test/gateway/runQueries';
import { connectivityReportOf, policySuggestionOf } from './connectivityFrames';

jest.setTimeout(120000);

const TOKEN = 'app-integration-token';
let gw: RealGateway;
let captures: FlowsFile | undefined;
let calls: GatewayCall[];

/** The plugin proxy in front of the real gateway: adds the token unless `withToken` is false. */
function useProxy(withToken = true): void {
  calls = installGatewayTransport((call) => gw.get(call.path, call.params, withToken));
}

beforeAll(async () => {
  if (capturesMissing()) {
    return; // the groups that use this gateway are skipped (describeWithCaptures)
  }
  captures = allCapturesFile();
  gw = await startRealGateway({ flowsFile: captures.file, token: TOKEN, rate: 20 });
  setAppSettings({ hubbleGatewayUrl: gw.url });
});

afterAll(async () => {
  setAppSettings({});
  await gw?.stop();
  captures?.remove();
});

beforeEach(() => useProxy());

const l4 = (f: HubbleFlow) => Object.keys(f.l4 ?? {})[0] ?? '';

/** Each filter, and a check every flow of the gateway's answer must pass. */
const FILTER_CASES: Array<[string, FlowQuery, (f: HubbleFlow) => boolean]> = [
  [
    'namespace',
    { namespace: 'kube-system' },
    (f) => f.source?.namespace === 'kube-system' || f.destination?.namespace === 'kube-system',
  ],
  [
    'pod',
    { pod: 'kube-system/kube-dns' },
    (f) => [f.source, f.destination].some((e) => e?.namespace === 'kube-system' && e.pod_name?.startsWith('kube-dns')),
  ],
  [
    'workload',
    { workload: 'bookinfo/productpage-v1' },
    (f) => Object.values(clientServer(f)).some((s) => nodeIdOf(s) === 'bookinfo/productpage-v1'),
  ],
  ['verdict', { verdict: ['REDIRECTED'] }, (f) => f.verdict === 'REDIRECTED'],
  ['protocol http', { protocol: ['http'] }, (f) => Boolean(f.l7?.http)],
  ['protocol dns', { protocol: ['dns'] }, (f) => Boolean(f.l7?.dns)],
  ['protocol icmp', { protocol: ['icmp'] }, (f) => l4(f).startsWith('ICMP')],
  ['protocol tcp,udp', { protocol: ['tcp', 'udp'] }, (f) => ['TCP', 'UDP'].includes(l4(f))],
  ['http_status', { httpStatus: ['5+'] }, (f) => (f.l7?.http?.code ?? 0) >= 500],
  ['http_status exact', { httpStatus: ['200'] }, (f) => f.l7?.http?.code === 200],
  [
    'dns_query',
    { dnsQuery: 'svc\\.cluster\\.local\\.$' },
    (f) => /svc\.cluster\.local\.$/.test(f.l7?.dns?.query ?? ''),
  ],
  ['traffic_direction', { trafficDirection: ['egress'] }, (f) => f.traffic_direction === 'EGRESS'],
  ['limit', { limit: 7 }, () => true],
];

describeWithCaptures('flows through the real gateway', () => {
  it('turns the newest flows into table rows, newest first', async () => {
    const { flows } = await lastValueFrom(requestFlows({ limit: 300 }));
    expect(flows).toHaveLength(300);
    for (let i = 1; i < flows.length; i++) {
      expect(compareFlowTimes(flows[i - 1].time, flows[i].time)).toBeGreaterThanOrEqual(0);
    }
    const rows = flows.map(toFlowRow);
    expect(rows.every((r) => Number.isFinite(r.timeMs) && r.source.title && r.destination.title && r.verdict)).toBe(
      true
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(calls[0].params).toEqual({ limit: '300' });
  });

  it.each(FILTER_CASES)(
    'filter %s: the gateway accepts the parameter and every flow satisfies it',
    async (_name, query, holds) => {
      const { flows } = await lastValueFrom(requestFlows({ limit: 1000, ...query }));
      expect(flows.length).toBeGreaterThan(0);
      expect(flows.filter((f) => !holds(f))).toEqual([]);
      if (query.limit) {
        expect(flows).toHaveLength(query.limit);
      }
    }
  );

  it('sends the filter bar state as accepted parameters, time range included', async () => {
    const now = Date.now();
    const filters = {
      ...DEFAULT_FILTERS,
      namespace: 'bookinfo',
      protocol: ['http' as const],
      httpStatus: ['5+'],
      trafficDirection: 'egress' as const,
    };
    const query = toFlowQuery(filters, { from: new Date(now - 365 * 86400_000), to: new Date(now + 60_000) });
    expect(flowQueryParams(query).problems).toEqual([]);
    const { flows } = await lastValueFrom(requestFlows(query));
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((f) => f.traffic_direction === 'EGRESS' && (f.l7?.http?.code ?? 0) >= 500)).toBe(true);
    expect(calls[0].params).toMatchObject({
      namespace: 'bookinfo',
      protocol: 'http',
      http_status: '5+',
      traffic_direction: 'egress',
      limit: '100',
    });
  });

  it('follow mode: polling since the newest flow shown brings only newer flows, merged without repeats', async () => {
    const first = (await lastValueFrom(requestFlows({ limit: 50 }))).flows;
    await new Promise((r) => setTimeout(r, 1500));
    const since = newestTime(first)!;
    const polled = (await lastValueFrom(requestFlows({ since, limit: 50 }))).flows;
    expect(polled.length).toBeGreaterThan(0);
    expect(polled.every((f) => compareFlowTimes(f.time, since) >= 0)).toBe(true);
    const merged = mergeNewest(first, polled, 50);
    expect(merged).toHaveLength(50);
    expect(compareFlowTimes(newestTime(merged), since)).toBeGreaterThan(0);
    expect(new Set(merged.map((f) => JSON.stringify(f))).size).toBe(50);
  });

  it('an absolute since/until range returns flows inside it', async () => {
    const latest = (await lastValueFrom(requestFlows({ limit: 200 }))).flows;
    const until = new Date(flowTimeMs(latest[20].time));
    const since = new Date(flowTimeMs(latest[150].time));
    const { flows } = await lastValueFrom(requestFlows({ since, until, limit: 1000 }));
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.every((f) => flowTimeMs(f.time) >= since.getTime() && flowTimeMs(f.time) <= until.getTime() + 1)).toBe(
      true
    );
  });
});

describeWithCaptures('service map through the real gateway', () => {
  it('becomes node graph frames: one node per gateway node, one edge per gateway edge', async () => {
    const map = await lastValueFrom(requestServiceMap({}));
    const graph = gatewayGraph(map, { from: Date.now() - 3600_000, to: Date.now() });
    const [nodes, edges] = nodeGraphFrames(graph);
    expect(nodes.length).toBe(map.nodes.length);
    expect(edges.length).toBe(map.edges.length);
    const ids = new Set(nodes.fields.find((f) => f.name === 'id')!.values);
    const edgeField = (name: string) => edges.fields.find((f) => f.name === name)!.values;
    expect(edgeField('source').every((s: string) => ids.has(s))).toBe(true);
    expect(edgeField('target').every((t: string) => ids.has(t))).toBe(true);
    // HTTP edges carry their 5xx ratio and p95 as the gateway computed them
    const http = map.edges.filter((e) => e.http?.latency_ms && e.http.responses > 0);
    expect(http.length).toBeGreaterThan(0);
    for (const e of http) {
      const g = graph.edges.find((x) => x.id === `${e.source}->${e.target}`)!;
      expect(g.errorRatio).toBeCloseTo(e.http!.errors / e.http!.responses, 6);
      expect(g.p95Ms).toBe(e.http!.latency_ms!.p95);
    }
  });

  it('keeps edges with an end in the namespace', async () => {
    const map = await lastValueFrom(
      requestServiceMap({
        namespace: 'bookinfo',
        since: new Date(Date.now() - 365 * 86400_000),
        until: new Date(),
      })
    );
    expect(map.edges.length).toBeGreaterThan(0);
    const ns = new Map(map.nodes.map((n) => [n.id, n.namespace]));
    expect(map.edges.every((e) => ns.get(e.source) === 'bookinfo' || ns.get(e.target) === 'bookinfo')).toBe(true);
    expect(calls[0].params).toMatchObject({ namespace: 'bookinfo' });
  });

  it('lists namespaces and Relay status', async () => {
    expect((await lastValueFrom(requestNamespaces())).namespaces.map((n) => n.namespace)).toEqual(
      expect.arrayContaining(['bookinfo', 'kube-system'])
    );
    const status = await lastValueFrom(requestStatus());
    expect(status.relay.stream).toBe('connected');
    expect(status.nodes.length).toBeGreaterThan(0);
  });
});

describeWithCaptures('the gateway data source, for real', () => {
  beforeAll(installGrafanaRuntime);

  /** Runs queries through a SceneQueryRunner over the last year and returns the finished PanelData. */
  async function query(queries: GatewayQuery[]) {
    const runner = gatewayQueryRunner('real-gateway', queries);
    const scene = new EmbeddedScene({
      $timeRange: new SceneTimeRange({ from: 'now-1y', to: 'now+1m' }),
      $data: runner,
      body: new SceneFlexLayout({ children: [] }),
    });
    const deactivate = scene.activate();
    try {
      await waitUntil('the answers', async () => {
        const data = runner.state.data;
        const answered = new Set(data?.series.map((f) => f.refId)).size === queries.length;
        return data?.state === LoadingState.Error || (data?.state === LoadingState.Done && answered);
      });
      return runner.state.data!;
    } finally {
      deactivate();
    }
  }

  it('answers a filtered flows query and a two-namespace service map query with what the gateway holds', async () => {
    const data = await query([
      { refId: 'flows', queryType: GatewayQueryType.Flows, namespace: 'bookinfo', protocol: ['http'], limit: 50 },
      { refId: 'map', queryType: GatewayQueryType.ServiceMap, namespace: 'bookinfo,kube-system' },
    ]);
    expect(data.errors ?? []).toEqual([]);
    const flows = flowsOf(data.series);
    expect(flows).toHaveLength(50);
    expect(flows.every((f) => f.l7?.http && [f.source, f.destination].some((e) => e?.namespace === 'bookinfo'))).toBe(
      true
    );
    const map = serviceMapOf(data.series);
    const ns = new Map(map.nodes.map((n) => [n.id, n.namespace]));
    const touches = (id: string) => ['bookinfo', 'kube-system'].includes(ns.get(id) ?? '');
    expect(map.edges.length).toBeGreaterThan(0);
    expect(map.edges.filter((e) => !touches(e.source) && !touches(e.target))).toEqual([]);
    expect(map.nodes.map((n) => n.namespace)).toEqual(expect.arrayContaining(['bookinfo', 'kube-system']));
  });

  it('says what to fix when the token is missing', async () => {
    useProxy(false);
    const data = await query([{ refId: 'status', queryType: GatewayQueryType.Status }]);
    expect(data.state).toBe(LoadingState.Error);
    expect(gatewayErrorOf(data)).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(data.errors![0].message).toContain('Set the Gateway token');
  });
});

describeWithCaptures('gateway errors, for real', () => {
  it('a bad parameter is a 400 naming it (the client never sends one)', async () => {
    const answer = await gw.get('/api/v1/flows', { traffic_direction: 'sideways' });
    expect(answer.status).toBe(400);
    const e = toGatewayError({ status: answer.status, data: answer.body });
    expect(e).toMatchObject({ kind: 'bad-request' });
    expect(e.title).toContain('traffic_direction');
  });

  it('a missing token is "set the Gateway token"', async () => {
    useProxy(false);
    await expect(lastValueFrom(requestFlows({}))).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
  });

  it('with Relay gone: status is "check --relay-address", flows still come from the buffer', async () => {
    await gw.killRelay();
    await expect(lastValueFrom(requestStatus())).rejects.toMatchObject({ kind: 'relay-unreachable', status: 503 });
    expect((await lastValueFrom(requestFlows({ limit: 5 }))).flows).toHaveLength(5);
  });
});

describe("the demo cluster's generated traffic through the real gateway", () => {
  let demo: RealGateway;
  let demoFlows: FlowsFile | undefined;

  beforeAll(async () => {
    installGrafanaRuntime();
    demoFlows = demoFlowsFile(60);
    demo = await startRealGateway({ flowsFile: demoFlows.file });
    setAppSettings({ hubbleGatewayUrl: demo.url }); // also without the captures' gateway above
  });
  afterAll(async () => {
    await demo?.stop();
    demoFlows?.remove();
  });
  beforeEach(() => {
    calls = installGatewayTransport((call) => demo.get(call.path, call.params));
  });

  it('DROPPED flows carry their drop reason, the deny rule when one matched, and workload links', async () => {
    const { flows } = await lastValueFrom(requestFlows({ verdict: ['DROPPED'], limit: 500 }));
    const byReason = new Map<string, HubbleFlow[]>();
    for (const f of flows) {
      byReason.set(f.drop_reason_desc ?? '', [...(byReason.get(f.drop_reason_desc ?? '') ?? []), f]);
    }
    // CT_MAP_INSERTION_FAILED only while the demo's conntrack map is nearly full (sim/faults.ts)
    expect([...byReason.keys()].filter((r) => r !== 'CT_MAP_INSERTION_FAILED').sort()).toEqual([
      'POLICY_DENIED',
      'POLICY_DENY',
    ]);
    // no allow rule: xwing -> deathstar at the deathstar's ingress, no *_denied_by (as real Cilium)
    for (const f of byReason.get('POLICY_DENIED')!) {
      const row = toFlowRow(f, 0);
      expect(row).toMatchObject({ verdict: 'DROPPED', dropReason: 'Policy denied' });
      expect(row.source.url).toMatch(
        /^\/a\/seed-kubeobs-app\/cluster\/namespace\/star-wars\/workload\/Deployment\/xwing/
      );
      expect(f.traffic_direction).toBe('INGRESS');
      expect(f.ingress_denied_by ?? []).toEqual([]);
    }
    // an explicit deny rule: podinfo-client's egress, named in egress_denied_by
    for (const f of byReason.get('POLICY_DENY')!) {
      expect(toFlowRow(f, 0).source.url).toMatch(/\/namespace\/podinfo\/workload\/Deployment\/podinfo-client/);
      expect(f.traffic_direction).toBe('EGRESS');
      expect(f.egress_denied_by?.[0]?.name).toBe('deny-client-to-backend');
    }
  });

  it('the service-map pair filter shows exactly the flows of the dropped edge', async () => {
    // xwing alone sends about 870 to 1,000 flows a minute: ask for all the gateway serves
    const { flows } = await lastValueFrom(requestFlows({ workload: 'star-wars/xwing', limit: MAX_LIMIT }));
    const pair = visibleFlows(flows, { hide: [], client: 'star-wars/xwing', server: 'star-wars/deathstar' });
    expect(pair.length).toBeGreaterThan(0);
    expect(
      pair.every(
        (f) => Object.values(clientServer(f)).map(nodeIdOf).join('->') === 'star-wars/xwing->star-wars/deathstar'
      )
    ).toBe(true);
    const map = await lastValueFrom(requestServiceMap({ namespace: 'star-wars' }));
    const edge = map.edges.find((e) => e.id === 'star-wars/xwing->star-wars/deathstar')!;
    // every flow of the edge in the buffer is in the pair (the answer holds all of them)
    expect(pair.length).toBe(edge.flows);
    const [nodes, edges] = nodeGraphFrames(gatewayGraph(map, { from: Date.now() - 60_000, to: Date.now() }));
    const i = edges.fields[0].values.indexOf(edge.id);
    expect(edges.fields.find((f) => f.name === 'color')!.values[i]).toBe(DROP_COLOR);
    expect(edges.fields.find((f) => f.name === 'url')!.values[i]).toBe(
      '/a/seed-kubeobs-app/flows?workload=star-wars/xwing&client=star-wars/xwing&server=star-wars/deathstar&'
    );
    const j = nodes.fields[0].values.indexOf('star-wars/deathstar');
    expect(nodes.fields.find((f) => f.name === 'url')!.values[j]).toBe(
      '/a/seed-kubeobs-app/cluster/namespace/star-wars/workload/Deployment/deathstar?'
    );
  });

  it.each([
    ['xwing-deathstar', 'policy-denied', 'ingress', 'POLICY_DENIED', 'star-wars/rule1'],
    ['client-backend', 'policy-deny-rule', 'egress', 'POLICY_DENY', 'podinfo/deny-client-to-backend'],
    ['grafana-hooks', 'dns', 'egress', null, null],
  ] as const)(
    'the Troubleshoot query answers for the dropped pair %s: worst finding %s at %s',
    async (pair, kind, direction, dropReason, policy) => {
      const { from, to } = DEMO_PAIRS[pair];
      const data = await runGatewayQueries(
        [connectivityQuery(from, to), ...(pair === 'xwing-deathstar' ? [pairHttpErrorsQuery(from)] : [])],
        [],
        { range: { from: 'now-1h', to: 'now+1m' }, timeoutMs: 60_000 }
      );
      expect(data.errors ?? []).toEqual([]);
      const report = connectivityReportOf(data.series)!;
      expect(report).toMatchObject({ from, to });
      const worst = report.findings[0];
      expect(worst).toMatchObject({ severity: 'error', kind, direction, drop_reason: dropReason });
      if (policy) {
        expect(worst.policies.map((p) => `${p.namespace}/${p.name}`)).toContain(policy);
      }
      // the suggestion: allows xwing at the deathstar's ingress; cannot beat the deny rule; none for DNS
      const suggestion = report.suggested_policy;
      expect(suggestion?.applies ?? null).toBe(
        { 'xwing-deathstar': true, 'client-backend': false, 'grafana-hooks': null }[pair]
      );
      if (pair === 'grafana-hooks') {
        expect(report.dns.find((d) => d.query === 'hooks.ops.internal')?.rcode).toBe('SERVFAIL');
      }
    }
  );

  it('the Suggested policy tab gets a baseline for the deathstar: its tiefighter clients, in audit mode first', async () => {
    const data = await runGatewayQueries([policySuggestionQuery('star-wars', 'deathstar')], [], {
      range: { from: 'now-1h', to: 'now+1m' },
      timeoutMs: 60_000,
    });
    const suggestion = policySuggestionOf(data.series)!;
    expect(suggestion.policies.map((p) => p.name)).toEqual(['deathstar-baseline-ingress']);
    expect(suggestion.yaml).toContain('app.kubernetes.io/name: tiefighter');
    expect(suggestion.yaml).not.toContain('xwing');
    expect(suggestion.note).toContain('policyAuditMode=true');
  });

  it('HTTP flows carry trace ids the drawer links to', async () => {
    const { flows } = await lastValueFrom(requestFlows({ namespace: 'podinfo', protocol: ['http'], limit: 200 }));
    expect(flows.filter((f) => flowTraceId(f)).length).toBeGreaterThan(0);
  });
});
