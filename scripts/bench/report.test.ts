import { BenchRequest } from './requests';
import { RULES_SUFFIX, Table, markdownReport, targetChecks, total } from './report';

const request = (source: string, kind: BenchRequest['kind'] = 'range'): BenchRequest => ({
  source,
  kind,
  expr: kind === 'labels' ? 'kube_namespace_status_phase' : 'up',
  label: kind === 'labels' ? 'namespace' : undefined,
  start: 0,
  end: 3600,
});
/** A table whose requests took these seconds in three runs each (median = the middle one). */
const table = (name: string, ...rows: Array<[string, number[], number?]>): Table => ({
  name,
  rows: rows.map(([source, seconds, results = 5]) => ({
    request: request(source, source.startsWith('variable') ? 'labels' : 'range'),
    runs: seconds.map((s) => ({ seconds: s, samples: 2_000_000, results })),
  })),
});

const byName = new Map<string, Table>(
  [
    table('cluster', ['pods-by-phase', [4, 5, 40]], ['variable namespace', [0.5, 0.4, 0.6], 1701]),
    table(`cluster${RULES_SUFFIX}`, ['pods-by-phase', [0.2, 0.3, 0.1]]),
    table('network', ['http-p95', [3, 3, 3]]),
    table(`network${RULES_SUFFIX}`, ['http-p95', [1, 1, 1]]),
    table('cilium', ['regeneration', [1, 1, 1]]),
    table('cilium-dashboard.json', ['regeneration', [4, 4, 4]]),
    table('hubble-dashboard.json', ['latency', [2, 2, 2]]),
    table('hubble-dns-namespace.json', ['dns', [2, 2, 2]]),
  ].map((t) => [t.name, t])
);

describe('the page benchmark report', () => {
  it('totals a page as the sum of its requests’ medians', () => {
    expect(total(byName.get('cluster')!)).toBeCloseTo(5.5);
  });

  it('checks the issue-11 targets per pass, the Network page against hubble-dashboard.json and all Hubble dashboards', () => {
    const raw = targetChecks(byName, '');
    expect(raw.map((c) => [c.label, c.ok])).toEqual([
      ['Cluster page ≤ 3 s', false],
      ['cilium ≤ 1.0× cilium-dashboard.json', true],
      ['network ≤ 1.0× hubble-dashboard.json', false],
      ['network ≤ 1.0× all hubble-*.json', true],
    ]);
    expect(targetChecks(byName, RULES_SUFFIX).map((c) => c.ok)).toEqual([true, true, true]);
  });

  it('writes README tables: pages with both passes and ratios, dashboards, variables with more than one value', () => {
    const md = markdownReport(byName, {
      nodes: 1000,
      pods: 30000,
      namespaces: 1701,
      workloads: 5948,
      series: 2_550_408,
      hubbleMetrics: 'docs',
      runs: 3,
      loads: ['1.2', '1.4'],
      command: 'npm run bench:pages -- --nodes 1000',
      passes: ['', RULES_SUFFIX],
    });
    expect(md).toContain('load average (1 min) while measuring: 1.2, 1.4');
    expect(md).toContain('| cluster | 2 | 5.50 s | 0.200 s |  | range pods-by-phase, 5.00 s (2.0 M samples) |');
    expect(md).toContain('| network | 1 | 3.00 s | 1.00 s | 1.50× / 0.50× of `hubble-dashboard.json` |');
    expect(md).toContain('| `all hubble-*.json` | 2 | 4.00 s |');
    expect(md).toContain('| `label_values(kube_namespace_status_phase, namespace)` | cluster | 1701 | 0.500 s |');
    expect(md).toContain('- **missed**: Cluster page ≤ 3 s: 5.500 s');
    expect(md).toContain('- met: Cluster page ≤ 3 s: 0.200 s');
  });
});
