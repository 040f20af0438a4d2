/**
 * Live test: every Prometheus page's scene, built as the app builds it, with its queries sent to a
 * real Prometheus (2.42, Debian) fed by the demo cluster. Run by `scripts/live-test.sh`, which starts
 * Prometheus and sets PROMETHEUS_URL and HUBBLE_METRICS (docs | rich); plain `jest` skips this file.
 */
import { EmbeddedScene } from '@grafana/scenes';
import { PROMETHEUS_PAGES } from '../../queries/catalogue';
import { clusterOverviewQueries } from '../../queries/kubernetes/clusterOverview';
import { PageQueries } from '../../queries/types';
import { catalogueScene } from '../../scenes/catalogueScene';
import { networkScene } from '../../pages/Network/networkScene';
import { installLivePrometheus, sentQueries } from './livePrometheusDatasource';
import { Drilldown, pageCases, pickDrilldown, runScene as run } from './pageScenes';
import { panelProblem } from './sceneHarness';

const PROMETHEUS_URL = process.env.PROMETHEUS_URL as string;
const MODE = process.env.HUBBLE_METRICS ?? 'docs';
/** Families only Hubble's richer metric configuration provides (see cilium-hubble.md). */
const RICH_ONLY = ['hubbleFlowContext', 'hubblePolicy', 'hubbleDnsQuery'];

jest.setTimeout(180000);

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
    target = await pickDrilldown(PROMETHEUS_URL);
  });

  // built lazily: the drill-down target is known only after beforeAll
  const cases: Array<[string, () => EmbeddedScene]> = pageCases({} as Drilldown).map(([route], i) => [
    route,
    () => pageCases(target)[i][1](),
  ]);

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
