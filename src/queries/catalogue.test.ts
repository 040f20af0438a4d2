import { DRILLDOWN_ROUTES } from '../constants';
import { catalogueEntries, pageEntries, PROMETHEUS_PAGES, variablesIn } from './catalogue';
import { METRIC_FAMILIES } from './features';

/** Variables each page defines: `ds`/`cluster` everywhere, label variables, route params, `$reporter`, Grafana built-ins. */
function definedVariables(route: string, labelVars: string[]): Set<string> {
  const params = [...route.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const extra = route === 'network' ? ['reporter'] : [];
  return new Set(['ds', 'cluster', '__rate_interval', '__range', '__interval', ...labelVars, ...params, ...extra]);
}

describe('query catalogue', () => {
  it('finds Grafana variables but not regex groups', () => {
    expect(
      variablesIn('label_replace(x{a=~"$ns"}, "r", "$1", "o", "(.*)") [$__rate_interval] ${pod:regex} [[node]]')
    ).toEqual(['ns', '__rate_interval', 'pod', 'node']);
  });

  it('has a page for every drill-down route', () => {
    const routes = PROMETHEUS_PAGES.map((p) => p.route);
    for (const route of Object.values(DRILLDOWN_ROUTES)) {
      expect(routes).toContain(route);
    }
  });

  it.each(PROMETHEUS_PAGES.map((p) => [p.route, p] as const))(
    '%s uses only variables the page defines',
    (route, page) => {
      const defined = definedVariables(
        route,
        (page.variables ?? []).map((v) => v.name)
      );
      const undefinedUses = pageEntries(page).flatMap((e) =>
        e.variables.filter((v) => !defined.has(v)).map((v) => `${e.title}: $${v}`)
      );
      expect(undefinedUses).toEqual([]);
    }
  );

  it.each(PROMETHEUS_PAGES.map((p) => [p.route, p] as const))(
    '%s has unique panel keys and known metric families',
    (_route, page) => {
      const keys = page.panels.map((p) => p.key);
      expect(new Set(keys).size).toBe(keys.length);
      const unknown = page.panels.flatMap((p) => (p.requires ?? []).filter((id) => !METRIC_FAMILIES[id]));
      expect(unknown).toEqual([]);
    }
  );

  it('never depends on job names, which differ between scrape setups', () => {
    expect(catalogueEntries().filter((e) => /\bjob\s*=/.test(e.query))).toEqual([]);
  });

  it('filters every panel query by cluster so multi-cluster data is never mixed', () => {
    const withoutCluster = catalogueEntries().filter(
      (e) => !e.title.startsWith('Variable') && !e.variables.includes('cluster')
    );
    expect(withoutCluster.map((e) => `${e.page}: ${e.title}`)).toEqual([]);
  });

  it('never uses kube-state-metrics v1 names that return nothing on current clusters', () => {
    const v1 =
      /kube_node_status_allocatable_(pods|cpu_cores|memory_bytes)|kube_node_status_capacity_(pods|cpu_cores|memory_bytes)|kube_pod_container_resource_requests_(cpu_cores|memory_bytes)/;
    expect(catalogueEntries().filter((e) => v1.test(e.query))).toEqual([]);
  });

  it('lists each query with page, title, datasource, query and variables', () => {
    const entries = catalogueEntries();
    expect(entries.length).toBeGreaterThan(100);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(['datasource', 'page', 'query', 'title', 'variables']);
      expect(e.query.length).toBeGreaterThan(5);
    }
  });
});
