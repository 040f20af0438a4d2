import { SceneAppPage } from '@grafana/scenes';
import { DRILLDOWN_ROUTES, drilldownUrl, PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { appPages } from './appPages';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: () => ({ getList: () => [{ uid: 'p', type: 'prometheus' }] }),
}));

describe('app routes', () => {
  const pages = appPages();

  it('gives every top-level page its ROUTES entry and URL', () => {
    for (const page of pages) {
      const route = page.state.routePath.replace('/*', '');
      expect(Object.values(ROUTES)).toContain(route);
      expect(page.state.url).toBe(`${PLUGIN_BASE_URL}/${route}`);
    }
  });

  it('drills down cluster → namespace → workload → pod with breadcrumbs to the parent', () => {
    const cluster = pages.find((p) => p.state.routePath === `${ROUTES.Cluster}/*`) as SceneAppPage;
    const nsDrilldown = cluster.state.drilldowns!.find((d) => d.routePath.startsWith('namespace'))!;
    const ns = nsDrilldown.getPage(
      { params: { namespace: 'podinfo' }, url: '', path: '', isExact: true },
      cluster
    ) as SceneAppPage;
    expect(ns.state.url).toBe(drilldownUrl.namespace('podinfo'));
    expect(ns.state.getParentPage!()).toBe(cluster);

    const wl = ns.state.drilldowns!.find((d) => d.routePath.startsWith('workload'))!;
    const workload = wl.getPage(
      { params: { kind: 'Deployment', workload: 'frontend' }, url: '', path: '', isExact: true },
      ns
    ) as SceneAppPage;
    expect(workload.state.url).toBe(`${PLUGIN_BASE_URL}/cluster/namespace/podinfo/workload/Deployment/frontend`);
    expect(workload.state.title).toBe('Deployment frontend');
    expect(workload.state.getParentPage!()).toBe(ns);

    const podDrill = ns.state.drilldowns!.find((d) => d.routePath.startsWith('pod'))!;
    const pod = podDrill.getPage(
      { params: { pod: 'frontend-abc' }, url: '', path: '', isExact: true },
      ns
    ) as SceneAppPage;
    expect(pod.state.url).toBe(drilldownUrl.pod('podinfo', 'frontend-abc'));
  });

  it('builds drill-down URLs that match the route patterns', () => {
    const toRegex = (pattern: string) => new RegExp(`^${PLUGIN_BASE_URL}/${pattern.replace(/:\w+/g, '[^/]+')}$`);
    expect(drilldownUrl.namespace('kube-system')).toMatch(toRegex(DRILLDOWN_ROUTES.namespace));
    expect(drilldownUrl.workload('a', 'DaemonSet', 'cilium')).toMatch(toRegex(DRILLDOWN_ROUTES.workload));
    expect(drilldownUrl.pod('a', 'p-1')).toMatch(toRegex(DRILLDOWN_ROUTES.pod));
    expect(drilldownUrl.node('kind-worker')).toMatch(toRegex(DRILLDOWN_ROUTES.node));
    expect(drilldownUrl.pod('a b', 'p/1')).toBe(`${PLUGIN_BASE_URL}/cluster/namespace/a%20b/pod/p%2F1`);
  });

  it('builds each page scene with the catalogue panels, or the splash when Prometheus is missing', () => {
    const cluster = pages[0];
    const scene = cluster.getScene({ params: {}, url: cluster.state.url, path: '', isExact: true });
    expect(scene.state.$variables?.state.variables.map((v) => v.state.name)).toEqual(['ds', 'cluster', 'namespace']);
  });
});
