import {
  MAX_LIMIT,
  connectivityQueryParams,
  flowQueryParams,
  isValidParam,
  policySuggestionQueryParams,
  serviceMapQueryParams,
} from './params';
import { SUBJECT_ALLOWED, WORKLOAD_ALLOWED } from './subject';

describe('flowQueryParams', () => {
  it('sends every valid parameter under the gateway name, lists comma-joined', () => {
    const { params, problems } = flowQueryParams({
      namespace: 'default',
      pod: 'default/xwing-',
      workload: 'default/deathstar',
      verdict: ['DROPPED', 'FORWARDED'],
      protocol: ['http', 'dns'],
      httpStatus: ['5+', '404'],
      dnsQuery: 'svc\\.cluster\\.local$',
      trafficDirection: ['ingress'],
      since: new Date('2026-01-01T10:00:00.000Z'),
      until: '2026-01-01T11:00:00Z',
      limit: 500,
    });
    expect(problems).toEqual([]);
    expect(params).toEqual({
      namespace: 'default',
      pod: 'default/xwing-',
      workload: 'default/deathstar',
      verdict: 'DROPPED,FORWARDED',
      protocol: 'http,dns',
      http_status: '5+,404',
      dns_query: 'svc\\.cluster\\.local$',
      traffic_direction: 'ingress',
      since: '2026-01-01T10:00:00.000Z',
      until: '2026-01-01T11:00:00Z',
      limit: '500',
    });
  });

  it('leaves out empty values and sends nothing for an empty query', () => {
    expect(flowQueryParams({ namespace: ' ', verdict: [], httpStatus: [''], dnsQuery: '' })).toEqual({
      params: {},
      problems: [],
    });
  });

  it('leaves out what the gateway would reject and says why', () => {
    const { params, problems } = flowQueryParams({
      namespace: 'Default_NS',
      pod: 'a/b/c',
      workload: 'UPPER',
      verdict: ['DROPPED', 'ALLOWED' as never],
      httpStatus: ['5xx', '503'],
      dnsQuery: '(unclosed',
      since: 'yesterday',
      limit: MAX_LIMIT + 1,
    });
    expect(params).toEqual({ verdict: 'DROPPED', http_status: '503' });
    expect(problems.map((p) => p.parameter).sort()).toEqual([
      'dns_query',
      'http_status',
      'limit',
      'namespace',
      'pod',
      'since',
      'verdict',
      'workload',
    ]);
    expect(problems.find((p) => p.parameter === 'verdict')).toEqual({
      parameter: 'verdict',
      value: 'ALLOWED',
      allowed: expect.stringContaining('FORWARDED'),
    });
  });

  it('accepts durations as Hubble does and rejects since after until', () => {
    expect(flowQueryParams({ since: '1h30m', until: '5m' }).params).toEqual({ since: '1h30m', until: '5m' });
    const { params, problems } = flowQueryParams({ since: '2026-01-02T00:00:00Z', until: '2026-01-01T00:00:00Z' });
    expect(params).toEqual({ until: '2026-01-01T00:00:00Z' });
    expect(problems).toEqual([{ parameter: 'since', value: '2026-01-02T00:00:00Z', allowed: 'a time before until' }]);
  });

  it('takes nanosecond RFC 3339 times as flows carry them', () => {
    expect(isValidParam('since', '2021-10-04T14:28:38.735173594Z')).toBe(true);
    expect(isValidParam('since', '2021-13-04T14:28:38Z')).toBe(false);
  });
});

describe('serviceMapQueryParams', () => {
  it('sends namespace, since and until only', () => {
    expect(serviceMapQueryParams({ namespace: 'bookinfo', since: new Date(0), until: new Date(1000) }).params).toEqual({
      namespace: 'bookinfo',
      since: '1970-01-01T00:00:00.000Z',
      until: '1970-01-01T00:00:01.000Z',
    });
  });
});

describe('connectivityQueryParams', () => {
  const since = new Date('2026-01-01T10:00:00.000Z');
  const until = new Date('2026-01-01T10:15:00.000Z');

  it('sends both sides as the gateway names them (from, to) with the range', () => {
    for (const [from, to] of [
      ['star-wars/xwing', 'star-wars/deathstar'],
      ['monitoring/grafana', 'hooks.ops.internal.'],
      ['10.244.1.9', 'fd00::7'],
      ['podinfo/podinfo-client-7d9c5b8f4-abcde', '_http._tcp.example.com'],
    ]) {
      expect(connectivityQueryParams({ from, to, since, until })).toEqual({
        params: { from, to, since: since.toISOString(), until: until.toISOString() },
        problems: [],
      });
    }
  });

  it('names a missing or refused side with why and what the gateway accepts', () => {
    const { params, problems } = connectivityQueryParams({ from: 'deathstar', since, until });
    expect(params).toEqual({ since: since.toISOString(), until: until.toISOString() });
    expect(problems).toEqual([
      {
        parameter: 'from',
        value: 'deathstar',
        allowed: SUBJECT_ALLOWED,
        reason: 'a bare name is ambiguous: "deathstar"; give namespace/name or a DNS name with a dot',
      },
      { parameter: 'to', value: '', allowed: SUBJECT_ALLOWED, reason: 'missing parameter "to"' },
    ]);
    for (const bad of ['Star-Wars/xwing', 'a/b/c', 'exa mple.com', 'under_score/x', `${'a'.repeat(64)}.com`]) {
      expect(connectivityQueryParams({ from: bad, to: 'a/b' }).problems.map((p) => p.parameter)).toEqual(['from']);
    }
  });

  it('the policy suggestion takes one namespace/workload', () => {
    expect(policySuggestionQueryParams({ workload: 'star-wars/deathstar', since }).params).toEqual({
      workload: 'star-wars/deathstar',
      since: since.toISOString(),
    });
    expect(policySuggestionQueryParams({ workload: 'api.github.com' }).problems).toEqual([
      {
        parameter: 'workload',
        value: 'api.github.com',
        allowed: WORKLOAD_ALLOWED,
        reason: 'not namespace/workload: "api.github.com"',
      },
    ]);
  });
});
