import {
  DEFAULT_FILTERS,
  FILTER_URL_KEYS,
  FilterName,
  FlowFilterValues,
  filtersFromUrl,
  filtersToUrl,
  flowsPageUrl,
  toFlowQuery,
} from './filterState';

const ALL = Object.keys(FILTER_URL_KEYS) as FilterName[];

describe('filter state', () => {
  const filters: FlowFilterValues = {
    ...DEFAULT_FILTERS,
    namespace: 'default',
    pod: 'default/xwing',
    workload: 'default/deathstar',
    verdict: ['DROPPED'],
    protocol: ['tcp', 'http'],
    httpStatus: ['5+'],
    dnsQuery: 'example\\.com',
    trafficDirection: 'ingress',
    limit: 500,
    client: 'default/xwing',
    server: 'default/deathstar',
    hide: ['kube-dns', 'host'],
    follow: true,
  };

  it('round-trips through the URL under the gateway parameter names', () => {
    const url = filtersToUrl(filters, ALL);
    expect(url).toEqual({
      namespace: 'default',
      pod: 'default/xwing',
      workload: 'default/deathstar',
      verdict: 'DROPPED',
      protocol: 'tcp,http',
      http_status: '5+',
      dns_query: 'example\\.com',
      traffic_direction: 'ingress',
      limit: '500',
      client: 'default/xwing',
      server: 'default/deathstar',
      hide: 'kube-dns,host',
      follow: 'true',
    });
    expect(filtersFromUrl(url, ALL)).toEqual(filters);
  });

  it('leaves defaults out of the URL and resets absent keys to defaults', () => {
    expect(Object.values(filtersToUrl(DEFAULT_FILTERS, ALL)).filter((v) => v !== undefined)).toEqual([]);
    expect(filtersFromUrl({}, ALL)).toEqual(DEFAULT_FILTERS);
  });

  it('drops unknown verdicts, protocols, directions and hide options from a URL, normalizing case', () => {
    expect(
      filtersFromUrl(
        {
          verdict: 'dropped,ALLOWED',
          protocol: 'HTTP,smtp',
          traffic_direction: 'sideways',
          hide: 'host,cats',
          limit: '-3',
        },
        ALL
      )
    ).toMatchObject({
      verdict: ['DROPPED'],
      protocol: ['http'],
      trafficDirection: undefined,
      hide: ['host'],
      limit: 100,
    });
  });

  it('builds the gateway query from the server-side filters and the time range', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const to = new Date('2026-01-01T01:00:00Z');
    expect(toFlowQuery(filters, { from, to })).toEqual({
      namespace: 'default',
      pod: 'default/xwing',
      workload: 'default/deathstar',
      verdict: ['DROPPED'],
      protocol: ['tcp', 'http'],
      httpStatus: ['5+'],
      dnsQuery: 'example\\.com',
      trafficDirection: ['ingress'],
      since: from,
      until: to,
      limit: 500,
    });
  });

  it('builds Flows page links', () => {
    expect(
      flowsPageUrl(
        { workload: 'default/xwing', client: 'default/xwing', server: 'reserved:world' },
        { from: 'now-1h', to: 'now' }
      )
    ).toBe(
      '/a/seed-kubeobs-app/flows?workload=default%2Fxwing&client=default%2Fxwing&server=reserved%3Aworld&from=now-1h&to=now'
    );
    expect(flowsPageUrl({})).toBe('/a/seed-kubeobs-app/flows');
  });
});
