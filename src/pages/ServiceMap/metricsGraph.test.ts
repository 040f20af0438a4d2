import { DataFrame, FieldType, NodeGraphDataFrameFieldNames as F } from '@grafana/data';
import { SERVICE_MAP_REFS as REF } from '../../queries/hubble/serviceMap';
import { contextNode, metricsGraph } from './metricsGraph';
import { nodeGraphFrames } from './nodeGraphFrames';

/** An instant query in table format, as the Prometheus data source returns it: label columns and `Value #<refId>`. */
function table(refId: string, rows: Array<Record<string, string | number>>): DataFrame {
  const labels = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== 'value')))].sort();
  return {
    refId,
    length: rows.length,
    fields: [
      { name: 'Time', type: FieldType.time, config: {}, values: rows.map(() => 1700000000000) },
      ...labels.map((l) => ({
        name: l,
        type: FieldType.string,
        config: {},
        values: rows.map((r) => String(r[l] ?? '')),
      })),
      { name: `Value #${refId}`, type: FieldType.number, config: {}, values: rows.map((r) => Number(r.value)) },
    ],
  };
}

/** The same as one frame per series (a number field with labels), the other shape Grafana produces. */
function series(refId: string, rows: Array<Record<string, string | number>>): DataFrame[] {
  return rows.map(({ value, ...labels }) => ({
    refId,
    length: 1,
    fields: [
      { name: 'Time', type: FieldType.time, config: {}, values: [1700000000000] },
      {
        name: 'Value',
        type: FieldType.number,
        config: {},
        labels: labels as Record<string, string>,
        values: [Number(value)],
      },
    ],
  }));
}

const http = (sn: string, sw: string, dn: string, dw: string, value: number) => ({
  source_namespace: sn,
  source_workload: sw,
  destination_namespace: dn,
  destination_workload: dw,
  value,
});

const REQUESTS = [
  http('default', 'tiefighter', 'default', 'deathstar', 2),
  http('default', 'xwing', 'default', 'deathstar', 1),
  http('', '', 'default', 'deathstar', 0.5),
];
const ERRORS = [http('default', 'tiefighter', 'default', 'deathstar', 0.1)];
const P95 = [
  http('default', 'tiefighter', 'default', 'deathstar', 0.045),
  http('default', 'xwing', 'default', 'deathstar', NaN),
];
const FLOWS = [
  {
    source_namespace: 'default',
    source: 'xwing',
    destination_namespace: 'default',
    destination: 'deathstar',
    verdict: 'DROPPED',
    value: 0.4,
  },
  {
    source_namespace: 'default',
    source: 'xwing',
    destination_namespace: 'default',
    destination: 'deathstar',
    verdict: 'FORWARDED',
    value: 1.6,
  },
  {
    source_namespace: 'default',
    source: 'tiefighter',
    destination_namespace: '',
    destination: 'reserved:world',
    verdict: 'FORWARDED',
    value: 3,
  },
];
const KINDS = [{ namespace: 'default', owner_kind: 'Deployment', owner_name: 'deathstar', value: 1 }];

describe('metrics service map', () => {
  it.each([
    ['table', (ref: string, rows: Array<Record<string, string | number>>) => [table(ref, rows)]],
    ['per-series', series],
  ])('builds HTTP and flow edges from %s frames', (_shape, shape) => {
    const frames = [
      ...shape(REF.requests, REQUESTS),
      ...shape(REF.errors, ERRORS),
      ...shape(REF.p95, P95),
      ...shape(REF.flows, FLOWS),
      ...shape(REF.kinds, KINDS),
    ];
    const graph = metricsGraph(frames);
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'default/deathstar',
      'default/tiefighter',
      'default/xwing',
      'reserved:world',
      'unknown',
    ]);
    const byId = new Map(graph.edges.map((e) => [e.id, e]));
    expect(byId.get('default/tiefighter->default/deathstar')).toMatchObject({
      requestRate: 2,
      errorRatio: 0.05,
      p95Ms: 45,
    });
    expect(byId.get('default/xwing->default/deathstar')).toMatchObject({
      requestRate: 1,
      errorRatio: 0,
      flowRate: 2,
      dropRate: 0.4,
    });
    expect(byId.get('default/xwing->default/deathstar')!.p95Ms).toBeUndefined();
    expect(byId.get('default/tiefighter->reserved:world')).toMatchObject({ flowRate: 3, dropRate: 0 });
    expect(byId.get('unknown->default/deathstar')).toMatchObject({ requestRate: 0.5 });
    expect(graph.nodes.find((n) => n.id === 'default/deathstar')!.workloadKind).toBe('Deployment');

    const [nodes, edges] = nodeGraphFrames(graph);
    const v = (name: string) => edges.fields.find((f) => f.name === name)!.values;
    const xwing = v(F.id).indexOf('default/xwing->default/deathstar');
    expect(v(F.color)[xwing]).toBe('#e02f44');
    // the flow metric has context: every edge is in flows/s, HTTP rates move to the secondary stat
    expect(v(F.mainStat)[xwing]).toBe('2.00 flows/s');
    expect(v(F.secondaryStat)[xwing]).toBe('1.00 req/s · 0.00% 5xx · 0.40 flows/s dropped');
    const tie = v(F.id).indexOf('default/tiefighter->default/deathstar');
    expect(v(F.mainStat)[tie]).toBe('');
    expect(v(F.secondaryStat)[tie]).toBe('2.00 req/s · 5.00% 5xx · p95 45.0 ms');
    expect(v(F.color)[tie]).toBe('#ff9830');
    const deathstar = nodes.fields[0].values.indexOf('default/deathstar');
    expect(nodes.fields.find((f) => f.name === 'url')!.values[deathstar]).toBe(
      '/a/seed-kubeobs-app/cluster/namespace/default/workload/Deployment/deathstar?'
    );
    const nodeMain = nodes.fields.find((f) => f.name === F.mainStat)!;
    expect(nodeMain.config.displayName).toBe('Flows per second');
    expect(nodeMain.values[deathstar]).toBe('2.00 flows/s');
    expect(nodes.fields.find((f) => f.name === F.secondaryStat)!.values[deathstar]).toMatch(/^3\.50 req\/s in/);
  });

  it('reads reserved identities from the flow context labels', () => {
    expect(contextNode('', 'reserved:host')).toEqual({
      id: 'reserved:host',
      kind: 'reserved',
      name: 'host',
      namespace: '',
    });
    expect(contextNode('default', 'xwing').id).toBe('default/xwing');
    expect(contextNode('', '').id).toBe('unknown');
  });

  it("ignores the flow metric without context labels (Cilium's documented configuration sums it by verdict only)", () => {
    const noContext = table(REF.flows, [
      { source_namespace: '', source: '', destination_namespace: '', destination: '', verdict: 'DROPPED', value: 3 },
      { source_namespace: '', source: '', destination_namespace: '', destination: '', verdict: 'FORWARDED', value: 30 },
    ]);
    expect(metricsGraph([noContext, table(REF.requests, REQUESTS.slice(0, 1))]).edges.map((e) => e.id)).toEqual([
      'default/tiefighter->default/deathstar',
    ]);
  });

  it('is empty without data', () => {
    expect(metricsGraph([])).toEqual({ nodes: [], edges: [] });
    const [nodes, edges] = nodeGraphFrames(metricsGraph([]));
    expect([nodes.length, edges.length]).toEqual([0, 0]);
  });
});
