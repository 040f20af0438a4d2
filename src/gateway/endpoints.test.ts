import { clientServer, nodeIdOf, reservedIdentity, sideIsNode, workloadOfPod } from './endpoints';
import { recordedFlows, recordedMap } from '../test/gateway/recorded';

describe('workloadOfPod', () => {
  it.each([
    ['reviews-v1-545db77b95-j2n72', 'reviews-v1'],
    ['kube-dns-6c7b8dc9f9-gnxh2', 'kube-dns'],
    ['node-local-dns-88zrp', 'node-local-dns'],
    ['web-0', 'web'],
    ['standalone', 'standalone'],
  ])('%s belongs to %s', (pod, workload) => expect(workloadOfPod(pod)).toBe(workload));
});

describe('reservedIdentity', () => {
  it('prefers the most specific reserved label', () => {
    expect(reservedIdentity({ labels: ['reserved:world', 'reserved:kube-apiserver'] })).toBe('kube-apiserver');
    expect(reservedIdentity({ labels: ['k8s:app=x'] })).toBeUndefined();
  });
});

describe('node ids against the gateway (recorded answers of one buffer)', () => {
  const map = recordedMap('service-map');
  const nodeIds = new Set(map.nodes.map((n) => n.id));
  const edgeIds = new Set(map.edges.map((e) => e.id));
  const flows = [
    ...recordedFlows('flows-latest'),
    ...recordedFlows('flows-http'),
    ...recordedFlows('flows-dns'),
    ...recordedFlows('flows-kube-system'),
  ];

  it('gives every flow side an id the gateway uses for a map node', () => {
    expect(flows.length).toBeGreaterThan(100);
    const ids = flows.flatMap((f) => Object.values(clientServer(f)).map(nodeIdOf));
    expect(ids.filter((id) => !nodeIds.has(id))).toEqual([]);
  });

  it('orients every flow (replies reversed) onto an edge of the gateway map', () => {
    const missing = flows
      .map(clientServer)
      .map(({ client, server }) => `${nodeIdOf(client)}->${nodeIdOf(server)}`)
      .filter((id) => !edgeIds.has(id));
    expect(missing).toEqual([]);
  });

  it('matches sides to node ids of every form', () => {
    const world = flows.map(clientServer).find(({ server }) => server.endpoint.labels?.includes('reserved:world'))!;
    expect(sideIsNode(world.server, 'reserved:world')).toBe(true);
    const pod = flows.map(clientServer).find(({ client }) => client.endpoint.pod_name)!;
    expect(sideIsNode(pod.client, nodeIdOf(pod.client))).toBe(true);
    expect(sideIsNode(pod.client, 'other/ns')).toBe(false);
    expect(sideIsNode({ endpoint: { identity: 42 }, names: [] }, 'identity:42')).toBe(true);
    expect(
      sideIsNode({ endpoint: { labels: ['reserved:world'] }, names: ['api.example.com'] }, 'dns:api.example.com')
    ).toBe(true);
  });
});
