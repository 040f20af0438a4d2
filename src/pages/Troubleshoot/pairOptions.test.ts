import { GatewayMapNode, ServiceMapResponse } from '../../gateway/types';
import { recordedMap } from '../../test/gateway/recorded';
import { DNS_GROUP, droppedPairs, pairOptions, subjectOfNode } from './pairOptions';

const node = (id: string, type: GatewayMapNode['type'], namespace = '', flows = 3): GatewayMapNode => ({
  id,
  type,
  namespace,
  name: id.includes('/') ? id.split('/')[1] : id.replace(/^\w+:/, ''),
  workload_kind: type === 'workload' ? 'Deployment' : '',
  flows: { in: flows, out: 0, dropped: 0 },
});

describe('Troubleshoot pickers', () => {
  it('names a side by its node id: workloads as they are, DNS names without prefix, nothing for identities', () => {
    expect(subjectOfNode('star-wars/xwing')).toBe('star-wars/xwing');
    expect(subjectOfNode('dns:api.github.com.')).toBe('api.github.com');
    expect(subjectOfNode('reserved:world')).toBeUndefined();
    expect(subjectOfNode('identity:16781')).toBeUndefined();
    expect(subjectOfNode('unknown')).toBeUndefined();
  });

  it('offers workloads grouped by namespace in the gateway order, then DNS names; no reserved identities', () => {
    const map: ServiceMapResponse = {
      nodes: [
        node('star-wars/xwing', 'workload', 'star-wars', 5),
        node('dns:api.github.com.', 'dns'),
        node('kube-system/coredns', 'workload', 'kube-system'),
        node('reserved:world', 'reserved'),
        node('extra/app', 'workload', 'extra'),
      ],
      edges: [],
      window: null,
    };
    expect(pairOptions(map, ['kube-system', 'star-wars'])).toEqual([
      {
        value: 'kube-system/coredns',
        label: 'kube-system/coredns',
        group: 'kube-system',
        description: 'Deployment · 3 flows',
      },
      { value: 'star-wars/xwing', label: 'star-wars/xwing', group: 'star-wars', description: 'Deployment · 5 flows' },
      { value: 'extra/app', label: 'extra/app', group: 'extra', description: 'Deployment · 3 flows' },
      { value: 'api.github.com', label: 'api.github.com', group: DNS_GROUP, description: '3 flows' },
    ]);
  });

  it("lists the demo cluster's dropped connections, most drops first", () => {
    const map = recordedMap('demo-service-map');
    const pairs = droppedPairs(map);
    expect(pairs.map((p) => `${p.source} -> ${p.destination}`)).toEqual([
      'star-wars/xwing -> star-wars/deathstar',
      'podinfo/podinfo-client -> podinfo/podinfo-backend',
    ]);
    const edge = map.edges.find((e) => e.id === 'star-wars/xwing->star-wars/deathstar')!;
    expect(pairs[0]).toEqual({
      source: 'star-wars/xwing',
      destination: 'star-wars/deathstar',
      dropped: edge.verdicts.DROPPED,
      flows: edge.flows,
    });
  });
});
