import { FieldType, toDataFrame } from '@grafana/data';
import { serviceGraphFrames } from './serviceGraphFrames';

function table(refId: string, rows: Array<[string, string, number]>) {
  return toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: rows.map(() => 1) },
      { name: 'client', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'server', type: FieldType.string, values: rows.map((r) => r[1]) },
      { name: 'Value', type: FieldType.number, values: rows.map((r) => r[2]) },
    ],
  });
}

describe('serviceGraphFrames', () => {
  const [nodes, edges] = serviceGraphFrames([
    table('requests', [
      ['loadgen', 'frontend', 10],
      ['frontend', 'podinfo', 8],
    ]),
    table('failed', [['frontend', 'podinfo', 2]]),
    table('p95', [
      ['loadgen', 'frontend', 0.2],
      ['frontend', 'podinfo', 0.05],
    ]),
  ]);
  const col = (frame: typeof nodes, name: string) => frame.fields.find((f) => f.name === name)!.values;

  it('makes one node per service with requests received, p95 and failure arcs', () => {
    expect(nodes.name).toBe('nodes');
    expect(col(nodes, 'id')).toEqual(['frontend', 'loadgen', 'podinfo']);
    expect(col(nodes, 'mainstat')).toEqual([10, 0, 8]);
    expect(col(nodes, 'secondarystat')).toEqual([0.2, null, 0.05]);
    expect(col(nodes, 'arc__failed')).toEqual([0, 0, 0.25]);
    expect(col(nodes, 'arc__success')).toEqual([1, 1, 0.75]);
  });

  it('makes one edge per client → server pair with rate and error share', () => {
    expect(edges.name).toBe('edges');
    expect(col(edges, 'source')).toEqual(['loadgen', 'frontend']);
    expect(col(edges, 'target')).toEqual(['frontend', 'podinfo']);
    expect(col(edges, 'mainstat')).toEqual([10, 8]);
    expect(col(edges, 'secondarystat')).toEqual([0, 0.25]);
  });

  it('gives empty frames for no data', () => {
    const [n, e] = serviceGraphFrames([]);
    expect(n.length).toBe(0);
    expect(e.length).toBe(0);
  });
});
