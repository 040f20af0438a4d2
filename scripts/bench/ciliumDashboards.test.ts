import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpolate, loadCiliumDashboards, rangeSeconds } from './ciliumDashboards';

/** A dashboard in the shape of Cilium's (Grafana JSON model), made up for this test. */
const DASHBOARD = {
  title: 'Made-up agent dashboard',
  time: { from: 'now-30m', to: 'now' },
  templating: {
    list: [
      { name: 'DS_PROMETHEUS', type: 'datasource' },
      { name: 'pod', type: 'query', query: 'label_values(cilium_version, pod)', current: { value: '$__all' } },
      { name: 'node', type: 'query', query: { query: 'label_values(node)' }, current: { value: 'n1' } },
    ],
  },
  panels: [
    { type: 'row', title: 'Open row', collapsed: false, panels: [] },
    {
      type: 'graph',
      title: 'Errors',
      targets: [
        { expr: 'sum(rate(cilium_errors_warnings_total{pod=~"$pod"}[1m])) by (level)', refId: 'A' },
        { expr: 'up{node="$node"}', refId: 'B', hide: true },
      ],
    },
    { type: 'stat', title: 'Agents', targets: [{ expr: 'count(cilium_version{node="${node}"})', instant: true }] },
    {
      type: 'row',
      title: 'Closed row',
      collapsed: true,
      panels: [{ type: 'graph', title: 'Hidden until opened', targets: [{ expr: 'cilium_policy' }] }],
    },
    { type: 'graph', title: 'Rate', targets: [{ expr: 'rate(cilium_drop_count_total[$__rate_interval])' }] },
  ],
};

describe("Cilium's dashboards as the benchmark runs them", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-dash-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs visible panels at the dashboard range with defaults for variables, and the query variables', async () => {
    writeFileSync(join(dir, 'agent.json'), JSON.stringify(DASHBOARD));
    const [d] = await loadCiliumDashboards(dir, 10_000);
    expect(d.title).toBe('Made-up agent dashboard');
    expect(d.requests).toEqual([
      { source: 'variable pod', kind: 'labels', label: 'pod', expr: 'cilium_version', start: 8200, end: 10_000 },
      { source: 'variable node', kind: 'labels', label: 'node', expr: '', start: 8200, end: 10_000 },
      {
        source: 'Errors',
        kind: 'range',
        expr: 'sum(rate(cilium_errors_warnings_total{pod=~".*"}[1m])) by (level)',
        start: 8200,
        end: 10_000,
        step: 15,
      },
      { source: 'Agents', kind: 'instant', expr: 'count(cilium_version{node="n1"})', start: 10_000, end: 10_000 },
      { source: 'Rate', kind: 'range', expr: 'rate(cilium_drop_count_total[60s])', start: 8200, end: 10_000, step: 15 },
    ]);
  });

  it('gives a variable without "All" its first value, as Grafana selects it, and runs at a given range', async () => {
    const single = {
      title: 'Made-up workload dashboard',
      time: { from: 'now-6h' },
      templating: {
        list: [
          { name: 'ns', type: 'query', includeAll: false, sort: 2, current: {}, query: 'label_values(http_total, ns)' },
          {
            name: 'src',
            type: 'query',
            includeAll: true,
            current: {},
            query: 'label_values(http_total{ns="$ns"}, src)',
          },
        ],
      },
      panels: [
        { type: 'graph', title: 'Requests', targets: [{ expr: 'sum(rate(http_total{ns="$ns", src=~"$src"}[5m]))' }] },
      ],
    };
    writeFileSync(join(dir, 'workload.json'), JSON.stringify(single));
    const asked: string[] = [];
    const [d] = await loadCiliumDashboards(dir, 10_000, {
      rangeS: 3600,
      labelValues: async (label, selector) => {
        asked.push(`${label} ${selector}`);
        return ['alpha', 'omega', 'beta'];
      },
    });
    // sort 2 is alphabetical, descending: Grafana selects "omega"; "All" stays all
    expect(asked).toEqual(['ns http_total']);
    expect(d.requests.map((r) => r.expr)).toEqual([
      'http_total',
      'http_total{ns="omega"}',
      'sum(rate(http_total{ns="omega", src=~".*"}[5m]))',
    ]);
    expect(d.requests[2]).toMatchObject({ start: 6400, end: 10_000, step: 15 });
  });

  it('says where to get the dashboards when the folder has none', async () => {
    await expect(loadCiliumDashboards(dir, 0)).rejects.toThrow(/no dashboard JSON in .*README/);
  });

  it('reads Grafana relative ranges and interpolates built-ins as Grafana does', () => {
    expect(rangeSeconds('now-6h')).toBe(21600);
    expect(rangeSeconds(undefined)).toBe(3600);
    expect(interpolate('x[$__interval] $__range ${__rate_interval}', new Map(), 30, 3600)).toBe('x[30s] 3600s 60s');
  });
});
