import { FieldType, NodeGraphDataFrameFieldNames as F } from '@grafana/data';
import { recordedMap } from '../../test/gateway/recorded';
import { keepNamespaces } from '../../gateway/queryRunners';
import { ServiceMapResponse } from '../../gateway/types';
import { gatewayGraph, windowSeconds } from './gatewayGraph';
import { DROP_COLOR, DROP_DASH, EDGE_LINK, ERROR_COLOR, NODE_LINK, WHY_LINK, nodeGraphFrames } from './nodeGraphFrames';

const RANGE = { from: 0, to: 3600_000 };
const values = (frame: ReturnType<typeof nodeGraphFrames>[number], name: string) =>
  frame.fields.find((f) => f.name === name)!.values;

describe('gateway service map → node graph frames (recorded real answer)', () => {
  const map = recordedMap('service-map');
  const seconds = windowSeconds(map, RANGE);
  const graph = gatewayGraph(map, RANGE);
  const [nodes, edges] = nodeGraphFrames(graph);

  it('keeps every node and edge of the answer', () => {
    expect(nodes.name).toBe('nodes');
    expect(edges.name).toBe('edges');
    expect(nodes.meta?.preferredVisualisationType).toBe('nodeGraph');
    expect(nodes.length).toBe(map.nodes.length);
    expect(edges.length).toBe(map.edges.length);
    expect(values(edges, F.id)).toEqual(map.edges.map((e) => e.id));
    expect(values(edges, F.source)).toEqual(map.edges.map((e) => e.source));
    expect(values(edges, F.target)).toEqual(map.edges.map((e) => e.target));
  });

  it('has the node graph fields with the right types', () => {
    expect(nodes.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        F.id,
        F.title,
        F.subTitle,
        F.mainStat,
        F.secondaryStat,
        'arc__ok',
        'arc__failed',
        'detail__kind',
        'detail__opens',
        'url',
      ])
    );
    expect(edges.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        F.id,
        F.source,
        F.target,
        F.mainStat,
        F.secondaryStat,
        F.color,
        F.strokeDasharray,
        'detail__flows',
        'detail__ports',
        'detail__protocols',
        'url',
      ])
    );
    const arcs = nodes.fields.filter((f) => f.name.startsWith('arc__'));
    expect(arcs.every((f) => f.type === FieldType.number)).toBe(true);
    // arcs of a node add up to 1
    for (let i = 0; i < nodes.length; i++) {
      expect(arcs[0].values[i] + arcs[1].values[i]).toBeCloseTo(1, 9);
    }
  });

  it("turns counts into rates over the answer window, with the gateway's 5xx ratio and p95", () => {
    expect(seconds).toBeCloseTo((Date.parse(map.window!.until) - Date.parse(map.window!.since)) / 1000, 3);
    for (const e of map.edges) {
      const g = graph.edges.find((x) => x.id === e.id)!;
      expect(g.flowRate).toBeCloseTo(e.flows / seconds, 12);
      if (e.http) {
        expect(g.requestRate).toBeCloseTo(e.http.requests / seconds, 12);
        if (e.http.responses) {
          expect(g.errorRatio).toBeCloseTo(e.http.errors / e.http.responses, 12);
        }
        expect(g.p95Ms).toBe(e.http.latency_ms?.p95);
      }
    }
    const withErrors = map.edges.findIndex((e) => e.http && e.http.errors / e.http.responses >= 0.05);
    expect(withErrors).toBeGreaterThanOrEqual(0);
    expect(values(edges, F.color)[withErrors]).toBe(ERROR_COLOR);
    // one unit on every edge (flows/s, named by the field), HTTP rates beside the errors
    expect(values(edges, F.mainStat)[withErrors]).toMatch(/flows\/s$/);
    expect(edges.fields.find((f) => f.name === F.mainStat)!.config.displayName).toBe('Flows per second');
    expect(values(edges, F.secondaryStat)[withErrors]).toMatch(/^[\d.]+ req\/s · [\d.]+% 5xx · p95 [\d.]+ (ms|s)/);
  });

  it('names identity nodes by what their labels say, and says so when nothing is known', () => {
    const answer: ServiceMapResponse = {
      nodes: [
        {
          id: 'identity:3418',
          type: 'identity',
          namespace: 'bookinfo',
          name: '3418',
          workload_kind: '',
          label: 'bookinfo app=productpage',
          flows: { in: 1, out: 0, dropped: 0 },
        },
        {
          id: 'identity:16370',
          type: 'identity',
          namespace: '',
          name: '16370',
          workload_kind: '',
          flows: { in: 0, out: 1, dropped: 0 },
        },
      ],
      edges: [
        {
          id: 'identity:16370->identity:3418',
          source: 'identity:16370',
          target: 'identity:3418',
          flows: 3,
          verdicts: { FORWARDED: 3 },
          ports: [],
          protocols: [],
        },
      ],
      window: null,
    };
    const [n] = nodeGraphFrames(gatewayGraph(answer, RANGE));
    expect(values(n, F.title)).toEqual(['identity 16370 (labels unknown)', 'bookinfo app=productpage']);
    expect(values(n, F.subTitle)).toEqual(['', 'identity 3418']);
  });

  it('links nodes to their page and edges to the Flows page filtered to the pair', () => {
    expect(nodes.fields[0].config.links).toEqual([NODE_LINK]);
    expect(edges.fields[0].config.links).toEqual([EDGE_LINK, WHY_LINK]);
    const i = map.edges.findIndex((e) => e.id === 'bookinfo/productpage-v1->bookinfo/details-v1');
    expect(values(edges, 'url')[i]).toBe(
      '/a/seed-kubeobs-app/flows?workload=bookinfo/productpage-v1&client=bookinfo/productpage-v1&server=bookinfo/details-v1&'
    );
    const world = map.edges.findIndex((e) => e.target === 'reserved:world');
    expect(values(edges, 'url')[world]).toContain('server=reserved:world');
    // the captures carry no workload kinds: workload nodes open their namespace page
    const details = map.nodes.findIndex((n) => n.id === 'bookinfo/details-v1');
    expect(values(nodes, 'url')[details]).toBe('/a/seed-kubeobs-app/cluster/namespace/bookinfo?');
    expect(values(nodes, 'detail__opens')[details]).toBe('namespace page');
  });

  it('opens the workload page when the gateway knows the kind, and marks edges with drops', () => {
    const withKind: ServiceMapResponse = {
      ...map,
      nodes: map.nodes.map((n) => (n.id === 'bookinfo/details-v1' ? { ...n, workload_kind: 'Deployment' } : n)),
      edges: map.edges.map((e) =>
        e.id === 'bookinfo/productpage-v1->bookinfo/details-v1' ? { ...e, verdicts: { ...e.verdicts, DROPPED: 5 } } : e
      ),
    };
    const [n, e] = nodeGraphFrames(gatewayGraph(withKind, RANGE));
    const node = map.nodes.findIndex((x) => x.id === 'bookinfo/details-v1');
    expect(values(n, 'url')[node]).toBe(
      '/a/seed-kubeobs-app/cluster/namespace/bookinfo/workload/Deployment/details-v1?'
    );
    const edge = map.edges.findIndex((x) => x.id === 'bookinfo/productpage-v1->bookinfo/details-v1');
    expect(values(e, F.color)[edge]).toBe(DROP_COLOR);
    expect(values(e, F.strokeDasharray)[edge]).toBe(DROP_DASH);
    expect(values(e, F.secondaryStat)[edge]).toMatch(/flows\/s dropped$/);
    expect(values(n, 'arc__failed')[node]).toBeGreaterThan(0);
  });

  it('keeps only edges touching the chosen namespaces when several are selected (the data source filters)', () => {
    const g = gatewayGraph(keepNamespaces(map, ['bookinfo', 'istio-system']), RANGE);
    const ns = new Map(map.nodes.map((x) => [x.id, x.namespace]));
    expect(g.edges.length).toBeGreaterThan(0);
    expect(g.edges.length).toBeLessThan(map.edges.length);
    expect(
      g.edges.every(
        (x) =>
          ['bookinfo', 'istio-system'].includes(ns.get(x.source)!) ||
          ['bookinfo', 'istio-system'].includes(ns.get(x.target)!)
      )
    ).toBe(true);
    expect(new Set(g.nodes.map((x) => x.id))).toEqual(new Set(g.edges.flatMap((x) => [x.source, x.target])));
  });

  it('the bookinfo answer (namespace=bookinfo) converts the same way', () => {
    const b = recordedMap('service-map-bookinfo');
    const [n, e] = nodeGraphFrames(gatewayGraph(b, RANGE));
    expect([n.length, e.length]).toEqual([b.nodes.length, b.edges.length]);
  });
});

describe("gateway service map of the demo cluster's traffic (recorded real answer)", () => {
  const map = recordedMap('demo-service-map');
  const [nodes, edges] = nodeGraphFrames(gatewayGraph(map, RANGE));
  const ids = values(edges, F.id);

  it('marks the edges with drops (xwing → deathstar, podinfo-client → podinfo-backend) red and dashed, and only those', () => {
    const dropping = ['podinfo/podinfo-client->podinfo/podinfo-backend', 'star-wars/xwing->star-wars/deathstar'];
    expect(map.edges.filter((e) => e.verdicts.DROPPED).map((e) => e.id)).toEqual(dropping);
    for (const id of dropping) {
      const i = ids.indexOf(id);
      expect(values(edges, F.color)[i]).toBe(DROP_COLOR);
      expect(values(edges, F.strokeDasharray)[i]).toBe(DROP_DASH);
      expect(values(edges, F.secondaryStat)[i]).toMatch(/flows\/s dropped$/);
    }
    expect(values(edges, F.color).filter((c: string) => c === DROP_COLOR)).toHaveLength(dropping.length);
    const tie = ids.indexOf('star-wars/tiefighter->star-wars/deathstar');
    expect(values(edges, F.strokeDasharray)[tie]).toBe('');
    expect(values(edges, F.mainStat)[tie]).toMatch(/flows\/s$/);
    expect(values(edges, F.mainStat).every((s: string) => s.endsWith(' flows/s'))).toBe(true);
  });

  it('offers "Why?" on every edge: the Troubleshoot page for its pair, with the panel time range', () => {
    const links = edges.fields.find((f) => f.name === F.id)!.config.links!;
    expect(links.map((l) => l.title)).toEqual([
      'Kubernetes Observability/Show flows',
      'Kubernetes Observability/Why? Troubleshoot this connection',
    ]);
    expect(links[1].url).toBe('${__data.fields.why}${__url_time_range}');
    const why = (id: string) => values(edges, 'why')[ids.indexOf(id)];
    expect(why('star-wars/xwing->star-wars/deathstar')).toBe(
      '/a/seed-kubeobs-app/troubleshoot?source=star-wars/xwing&destination=star-wars/deathstar&'
    );
    // reserved identities have no name the gateway looks up: that side is left to pick
    const fromHost = ids.find((id: string) => id.startsWith('reserved:host->') && id.includes('/'))!;
    expect(why(fromHost)).toBe(`/a/seed-kubeobs-app/troubleshoot?destination=${fromHost.split('->')[1]}&`);
  });

  it('opens workload pages with the kinds Cilium reported', () => {
    const url = (id: string) => values(nodes, 'url')[values(nodes, F.id).indexOf(id)];
    expect(url('star-wars/deathstar')).toBe(
      '/a/seed-kubeobs-app/cluster/namespace/star-wars/workload/Deployment/deathstar?'
    );
    expect(url('monitoring/prometheus')).toBe(
      '/a/seed-kubeobs-app/cluster/namespace/monitoring/workload/StatefulSet/prometheus?'
    );
    expect(values(nodes, F.subTitle)[values(nodes, F.id).indexOf('star-wars/deathstar')]).toBe(
      'Deployment · star-wars'
    );
    expect(url('reserved:host')).toBe('/a/seed-kubeobs-app/flows?client=reserved:host&');
  });
});
