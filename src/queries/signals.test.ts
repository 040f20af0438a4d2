import { parser as logqlParser } from '@grafana/lezer-logql';
import { parser as traceqlParser } from '@grafana/lezer-traceql';
import { DRILLDOWN_ROUTES } from '../constants';
import { allEntries } from './catalogue';
import { panelByKey } from './define';
import { logsTabQueries } from './loki/logs';
import { listSignalQueries, SIGNAL_PAGES } from './signals';
import {
  JAEGER_STATUS_OPTIONS,
  MIN_DURATIONS,
  TEMPO_STATUS_OPTIONS,
  TRACE_PANEL_KEYS,
  tracesQueries,
  tracesTabQueries,
} from './tempo/traces';

/** Positions of the parser's error nodes in `query` (empty when the query parses). */
function errorNodes(parser: typeof logqlParser, query: string): number[] {
  const errors: number[] = [];
  parser.parse(query).iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(node.from);
      }
    },
  });
  return errors;
}

/** Replaces `$name` and `${name}` by the sample's value; fails on a variable the sample lacks. */
function substitute(query: string, sample: Record<string, string>): string {
  return query.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
    if (!(name in sample)) {
      throw new Error(`no sample value for ${whole} in ${query}`);
    }
    return sample[name];
  });
}

/** Values the variables take: the "All" values, single values as the data sources escape them, and every option of the lists. */
const LOKI_SAMPLES: Array<Record<string, string>> = [
  { namespace: '.+', pod: '.*', container: '.*', app: '.*', search: '', __auto: '1m' },
  {
    namespace: 'podinfo|frontend',
    pod: 'podinfo-7d9c8b6f5-[a-z0-9]{5}',
    container: 'podinfo',
    app: 'podinfo',
    search: 'error',
    __auto: '15s',
  },
  {
    namespace: 'kube-system',
    pod: 'coredns-5d78c9869d-x7k2p',
    container: '.*',
    app: '.*',
    search: 'Dispatch successful',
    __auto: '5m',
  },
];

const TEMPO_SAMPLES: Array<Record<string, string>> = [];
for (const minDuration of MIN_DURATIONS) {
  for (const status of TEMPO_STATUS_OPTIONS) {
    TEMPO_SAMPLES.push({
      service: minDuration === '0ms' ? '.+' : 'frontend',
      span: minDuration === '0ms' ? '.*' : 'GET /api/.*',
      minDuration,
      status: status.value,
      namespace: 'podinfo',
      workload: 'podinfo',
      pod: 'podinfo-7d9c8b6f5-x7k2p',
    });
  }
}

const entries = listSignalQueries();

describe('Logs and Traces query catalogue', () => {
  it('lists the queries of every Logs and Traces page and tab', () => {
    const routes = new Set(entries.map((e) => e.route));
    expect(routes.size).toBe(SIGNAL_PAGES.length);
    expect(entries.filter((e) => e.language === 'logql').length).toBeGreaterThanOrEqual(6);
    expect(entries.filter((e) => e.language === 'traceql').length).toBe(4);
  });

  it.each(entries.filter((e) => e.language === 'logql').map((e) => [`${e.route} ${e.panel}/${e.refId}`, e.query]))(
    'LogQL %s parses with @grafana/lezer-logql',
    (_name, query) => {
      for (const sample of LOKI_SAMPLES) {
        const text = substitute(query, sample);
        expect({ text, errors: errorNodes(logqlParser, text) }).toEqual({ text, errors: [] });
      }
    }
  );

  it.each(entries.filter((e) => e.language === 'traceql').map((e) => [`${e.route} ${e.panel}/${e.refId}`, e.query]))(
    'TraceQL %s parses with @grafana/lezer-traceql',
    (_name, query) => {
      for (const sample of TEMPO_SAMPLES) {
        const text = substitute(query, sample);
        expect({ text, errors: errorNodes(traceqlParser, text) }).toEqual({ text, errors: [] });
      }
    }
  );

  it('trace id lookups take the id itself (32 hex digits)', () => {
    for (const e of entries.filter((x) => x.language === 'traceid')) {
      expect(substitute(e.query, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' })).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('Jaeger searches use only Jaeger query fields and known variables', () => {
    for (const e of entries.filter((x) => x.language === 'jaeger')) {
      const form = JSON.parse(e.query);
      expect(
        Object.keys(form).every((k) =>
          ['queryType', 'query', 'service', 'operation', 'minDuration', 'tags', 'limit'].includes(k)
        )
      ).toBe(true);
      const text = substitute(e.query, {
        service: 'frontend',
        workload: 'podinfo',
        operation: '',
        minDuration: '0ms',
        status: JAEGER_STATUS_OPTIONS[1].value,
        traceId: 'abc',
      });
      expect(text).not.toContain('$');
    }
  });

  it('npm run queries lists every one of them (catalogue allEntries), with the service graph PromQL', () => {
    const listed = new Set(allEntries().map((e) => `${e.datasource} ${e.query}`));
    expect(entries.filter((e) => !listed.has(`${e.datasource} ${e.query}`))).toEqual([]);
    expect([...listed].filter((q) => q.includes('traces_service_graph_request_total'))).toHaveLength(1);
  });

  it('a broken query is caught (the check is not vacuous)', () => {
    expect(errorNodes(logqlParser, '{namespace="a"')).not.toEqual([]);
    expect(errorNodes(logqlParser, 'sum(count_over_time({a="b"} [$__auto]))')).not.toEqual([]);
    expect(errorNodes(traceqlParser, '{ resource.service.name="a" && }')).not.toEqual([]);
  });
});

describe('catalogue panels by key', () => {
  it('every traces page and tab has the search and the trace view under their keys', () => {
    for (const page of [tracesQueries, ...Object.values(tracesTabQueries)]) {
      expect(panelByKey(page, TRACE_PANEL_KEYS.search).viz).toBe('table');
      expect(panelByKey(page, TRACE_PANEL_KEYS.view).viz).toBe('traces');
    }
  });

  it('names the page and the key it cannot find', () => {
    expect(() => panelByKey(tracesQueries, 'no-such-panel')).toThrow(
      'catalogue page traces has no panel "no-such-panel"'
    );
  });

  it('has one Logs and one Traces tab per drill-down, on that drill-down route', () => {
    for (const kind of ['namespace', 'workload', 'pod'] as const) {
      expect(logsTabQueries[kind].route).toBe(`${DRILLDOWN_ROUTES[kind]}/logs`);
      expect(tracesTabQueries[kind].route).toBe(`${DRILLDOWN_ROUTES[kind]}/traces`);
    }
  });
});
