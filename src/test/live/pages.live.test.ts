/**
 * Live test: every Prometheus page's scene, built as the app builds it, with its queries sent to a
 * real Prometheus (2.42, Debian) fed by the demo cluster. Run by `scripts/live-test.sh`, which starts
 * Prometheus and sets PROMETHEUS_URL and HUBBLE_METRICS (docs | rich); plain `jest` skips this file.
 */
import { EmbeddedScene, sceneGraph } from '@grafana/scenes';
import { ciliumAgentScene, ciliumOperatorScene } from '../../pages/Cilium/ciliumScene';
import { clusterScene } from '../../pages/Cluster/clusterScene';
import { namespaceScene } from '../../pages/Namespace/namespaceScene';
import { networkScene } from '../../pages/Network/networkScene';
import { nodeScene } from '../../pages/Node/nodeScene';
import { podScene } from '../../pages/Pod/podScene';
import { serviceMapScene } from '../../pages/ServiceMap/serviceMapScene';
import { workloadScene } from '../../pages/Workload/workloadScene';
import { PROMETHEUS_PAGES } from '../../queries/catalogue';
import { clusterOverviewQueries } from '../../queries/kubernetes/clusterOverview';
import { podWorkload } from '../../queries/promql';
import { PageQueries } from '../../queries/types';
import { catalogueScene } from '../../scenes/catalogueScene';
import { MetricFamilyCheck } from '../../scenes/MetricFamilyCheck';
import { installLivePrometheus, sentQueries } from './livePrometheusDatasource';
import { instantQuery } from './prometheusClient';
import { activateTree, panelProblem, panelResults, waitForQueries } from './sceneHarness';

const PROMETHEUS_URL = process.env.PROMETHEUS_URL as string;
const MODE = process.env.HUBBLE_METRICS ?? 'docs';
/** Families only Hubble's richer metric configuration provides (see cilium-hubble.md). */
const RICH_ONLY = ['hubbleFlowContext', 'hubblePolicy', 'hubbleDnsQuery'];

jest.setTimeout(180000);

interface Drilldown {
  namespace: string;
  kind: string;
  workload: string;
  pod: string;
  node: string;
}

/** Picks drill-down targets from the data: a workload that receives HTTP (so its Hubble panels apply), one of its pods, a node. */
async function pickDrilldown(): Promise<Drilldown> {
  const now = Date.now() / 1000;
  const http = await instantQuery(
    PROMETHEUS_URL,
    'sum by (destination_namespace, destination_workload) (hubble_http_requests_total{reporter="server"})',
    now
  );
  const target = http.result.find((s) => s.metric.destination_namespace === 'podinfo') ?? http.result[0];
  expect(target).toBeDefined();
  const namespace = target.metric.destination_namespace;
  const owners = await instantQuery(
    PROMETHEUS_URL,
    podWorkload(`namespace="${namespace}"`).replace(/\$cluster/g, '.*'),
    now
  );
  const pod = owners.result.find((s) => s.metric.owner_name === target.metric.destination_workload);
  expect(pod).toBeDefined();
  const nodes = await instantQuery(PROMETHEUS_URL, 'kube_node_info', now);
  return {
    namespace,
    kind: pod!.metric.owner_kind,
    workload: pod!.metric.owner_name,
    pod: pod!.metric.pod,
    node: nodes.result.map((s) => s.metric.node).sort()[1] ?? nodes.result[0].metric.node,
  };
}

/** Builds, activates and waits for a scene; returns its panels' results and the hidden families. */
async function run(scene: EmbeddedScene) {
  const deactivate = activateTree(scene);
  try {
    await waitForQueries(scene);
    // the metric-family check hides panels after its probes: let that settle, then wait again
    await waitForQueries(scene);
    const check = sceneGraph.findObject(scene, (o) => o instanceof MetricFamilyCheck) as MetricFamilyCheck;
    return {
      panels: panelResults(scene),
      missing: (check.state.missing ?? []).map((f) => f.id),
      checkError: check.state.error,
    };
  } finally {
    deactivate();
  }
}

function expectPanelsHaveData(route: string, result: Awaited<ReturnType<typeof run>>) {
  expect(result.checkError).toBeUndefined();
  const problems = result.panels
    .filter((p) => !p.hidden)
    .map((p) => ({ panel: p.title, problem: panelProblem(p) }))
    .filter((p) => p.problem);
  if (problems.length) {
    const detail = sentQueries
      .filter((q) => q.error || q.series === 0)
      .slice(-20)
      .map((q) => `${q.refId}: ${q.error ?? 'no series'} ← ${q.expr}`);
    throw new Error(`${route}: ${JSON.stringify(problems, null, 1)}\nqueries without data:\n${detail.join('\n')}`);
  }
}

function expectHiddenOnlyForConfig(route: string, result: Awaited<ReturnType<typeof run>>) {
  if (MODE === 'rich') {
    expect({ route, missing: result.missing }).toEqual({ route, missing: [] });
    expect(result.panels.filter((p) => p.hidden)).toEqual([]);
  } else {
    expect(result.missing.every((id) => RICH_ONLY.includes(id))).toBe(true);
  }
}

describe(`pages against live Prometheus (Hubble metrics: ${MODE})`, () => {
  let target: Drilldown;
  const covered = new Set<string>();

  beforeAll(async () => {
    installLivePrometheus(PROMETHEUS_URL);
    target = await pickDrilldown();
  });

  const cases: Array<[string, () => EmbeddedScene]> = [
    ['cluster', clusterScene],
    ['cluster/namespace/:namespace', () => namespaceScene(target.namespace)],
    [
      'cluster/namespace/:namespace/workload/:kind/:workload',
      () => workloadScene(target.namespace, target.kind, target.workload),
    ],
    ['cluster/namespace/:namespace/pod/:pod', () => podScene(target.namespace, target.pod)],
    ['cluster/node/:node', () => nodeScene(target.node)],
    ['cilium', ciliumAgentScene],
    ['cilium/operator', ciliumOperatorScene],
    ['network', networkScene],
    // the metrics source only: the gateway needs the gateway, Caretta is not part of the demo
    ['service-map', () => serviceMapScene({ sources: ['metrics'] })],
  ];

  it.each(cases)('every visible panel of %s receives data without error', async (route, build) => {
    const result = await run(build());
    covered.add(route);
    expect(result.panels.length).toBeGreaterThan(0);
    expectPanelsHaveData(route, result);
    expectHiddenOnlyForConfig(route, result);
  });

  it('the network page names the Hubble option for what it hides (docs configuration only)', async () => {
    const result = await run(networkScene());
    if (MODE === 'rich') {
      expect(result.missing).toEqual([]);
    } else {
      expect(result.missing.sort()).toEqual([...RICH_ONLY].sort());
      expect(result.panels.filter((p) => p.hidden).map((p) => p.title)).toContain(
        'Policy verdicts by match and action'
      );
      // the HTTP golden signals by workload work with the documented configuration
      expect(result.panels.find((p) => p.title === 'HTTP requests by destination workload')?.hidden).toBe(false);
    }
  });

  it('HTTP latency panels receive exemplars with trace ids', async () => {
    const result = await run(networkScene());
    const p95 = result.panels.find((p) => p.key === 'panel-http-duration-p95');
    const exemplars = p95?.data?.series.find((f) => f.name === 'exemplar');
    expect(exemplars?.length).toBeGreaterThan(0);
    const traceIds = exemplars!.fields.find((f) => f.name === 'traceID')!.values;
    expect(traceIds.every((id: string) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
  });

  it('a query with a typo in a metric or a label name fails this test', async () => {
    const base = clusterOverviewQueries.panels.find((p) => p.key === 'nodes-ready')!;
    const typos: PageQueries = {
      route: 'typo',
      title: 'typo',
      panels: [
        {
          ...base,
          key: 'metric-typo',
          targets: [
            {
              ...base.targets[0],
              expr: base.targets[0].expr.replace('kube_node_status_condition', 'kube_node_status_conditions'),
            },
          ],
        },
        {
          ...base,
          key: 'label-typo',
          targets: [
            { ...base.targets[0], expr: base.targets[0].expr.replace('condition="Ready"', 'conditon="Ready"') },
          ],
        },
      ],
    };
    const result = await run(catalogueScene({ page: typos }));
    expect(result.panels.map((p) => panelProblem(p))).toEqual([
      'empty result (no series or only NaN)',
      'empty result (no series or only NaN)',
    ]);
  });

  afterAll(() => {
    // every catalogue page must be covered here, so a new page cannot skip the live test
    if (covered.size === cases.length) {
      expect(PROMETHEUS_PAGES.map((p) => p.route).filter((r) => !covered.has(r))).toEqual([]);
    }
  });
});
