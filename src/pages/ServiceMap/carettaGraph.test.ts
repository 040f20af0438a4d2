import { FieldType } from '@grafana/data';
import { SERVICE_MAP_REFS } from '../../queries/hubble/serviceMap';
import { carettaGraph, carettaNode } from './carettaGraph';
import { nodeGraphFrames } from './nodeGraphFrames';

const link = (
  cn: string,
  cname: string,
  ck: string,
  sn: string,
  sname: string,
  sk: string,
  port: string,
  value: number
) => ({
  client_namespace: cn,
  client_name: cname,
  client_kind: ck,
  server_namespace: sn,
  server_name: sname,
  server_kind: sk,
  server_port: port,
  value,
});

describe('Caretta service map', () => {
  const rows = [
    link('shop', 'web', 'Deployment', 'shop', 'db', 'StatefulSet', '5432', 2048),
    link('shop', 'web', 'Deployment', 'shop', 'db', 'StatefulSet', '9187', 100),
    link('shop', 'web', 'Deployment', '', '1.2.3.4', 'external', '443', 512),
    link('', 'worker-1', 'node', 'shop', 'web', 'Deployment', '8080', 64),
  ];
  const frame = {
    refId: SERVICE_MAP_REFS.caretta,
    length: rows.length,
    fields: [
      ...Object.keys(rows[0])
        .filter((k) => k !== 'value')
        .map((k) => ({
          name: k,
          type: FieldType.string,
          config: {},
          values: rows.map((r) => String(r[k as keyof typeof r])),
        })),
      { name: 'Value', type: FieldType.number, config: {}, values: rows.map((r) => r.value) },
    ],
  };

  it('builds one edge per client → server with bytes/s and ports', () => {
    const graph = carettaGraph([frame]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['external:1.2.3.4', 'node:worker-1', 'shop/db', 'shop/web']);
    expect(graph.edges.find((e) => e.id === 'shop/web->shop/db')).toMatchObject({
      byteRate: 2148,
      ports: ['5432/TCP', '9187/TCP'],
    });
    const [nodes, edges] = nodeGraphFrames(graph);
    expect(
      edges.fields.find((f) => f.name === 'mainstat')!.values[edges.fields[0].values.indexOf('shop/web->shop/db')]
    ).toBe('2.15 kB/s');
    const db = nodes.fields[0].values.indexOf('shop/db');
    expect(nodes.fields.find((f) => f.name === 'url')!.values[db]).toBe(
      '/a/seed-kubeobs-app/cluster/namespace/shop/workload/StatefulSet/db?'
    );
  });

  it('names Caretta ends by kind', () => {
    expect(carettaNode('x', 'pod-a', 'pod')).toMatchObject({
      id: 'x/pod-a',
      kind: 'workload',
      workloadKind: undefined,
    });
    expect(carettaNode('', 'n1', 'node').id).toBe('node:n1');
    expect(carettaNode('', '8.8.8.8', 'external').id).toBe('external:8.8.8.8');
  });
});
