import { ALERT_TEMPLATES } from '../alerting/catalogue';
import { buildExpression } from '../alerting/expr';
import { DRILLDOWN_ROUTES, ROUTES, WORKLOAD_POLICY_TAB } from '../constants';
import { PARAM_RULES } from '../gateway/params';
import { ciliumAgentQueries } from './cilium/agent';
import { ciliumOperatorQueries } from './cilium/operator';
import { networkQueries } from './hubble/network';
import { pairHttpErrorsQuery } from './hubble/gateway';
import { serviceMapQueries } from './hubble/serviceMap';
import { clusterOverviewQueries } from './kubernetes/clusterOverview';
import { namespaceQueries } from './kubernetes/namespace';
import { nodeQueries } from './kubernetes/node';
import { podQueries } from './kubernetes/pod';
import { workloadQueries } from './kubernetes/workload';
import { METRIC_FAMILIES, probeQuery } from './features';
import { CLUSTER_VARIABLE_QUERY, labelValuesQuery } from './promql';
import { RECORDING_RULES } from './recordingRules';
import { listSignalQueries, SIGNAL_PROMETHEUS_PAGES } from './signals';
import { DatasourceType, PageQueries } from './types';

/** Every page's Prometheus queries: the one list that pages, `npm run queries` and the live test share. */
export const PROMETHEUS_PAGES: PageQueries[] = [
  clusterOverviewQueries,
  namespaceQueries,
  workloadQueries,
  podQueries,
  nodeQueries,
  ciliumAgentQueries,
  ciliumOperatorQueries,
  networkQueries,
  serviceMapQueries,
];

/** One line of `npm run queries`: a query a page can issue. */
export interface CatalogueEntry {
  /** App route of the page (with `:params` for drill-downs). */
  page: string;
  /** Panel title (or what the query is for). */
  title: string;
  /** Data source plugin type. */
  datasource: DatasourceType;
  /** Query text with its `$variables`. */
  query: string;
  /** Names of the variables used, built-ins (`__rate_interval`) included, in order of first use. */
  variables: string[];
}

const VARIABLE = /\$(\w+)|\$\{(\w+)(?:[.:][^}]*)?\}|\[\[(\w+)(?::\w+)?\]\]/g;

/** Grafana variable names in a query: `$name`, `${name}`, `${name:format}`, `[[name]]`; not regex groups like `$1`. */
export function variablesIn(query: string): string[] {
  const names: string[] = [];
  for (const m of query.matchAll(VARIABLE)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (!/^\d+$/.test(name) && !names.includes(name)) {
      names.push(name);
    }
  }
  return names;
}

function entry(page: string, title: string, datasource: DatasourceType, query: string): CatalogueEntry {
  return { page, title, datasource, query, variables: variablesIn(query) };
}

/** The metric families a page checks for when it opens (the union of its panels' `requires`). */
export function familiesOf(page: PageQueries): string[] {
  return [...new Set(page.panels.flatMap((p) => p.requires ?? []))];
}

/**
 * Every query of a page, in the order the page issues them: its variables' queries (`$cluster`,
 * then its label variables), its metric-family probes, then each panel target.
 */
export function pageEntries(page: PageQueries): CatalogueEntry[] {
  return [
    entry(page.route, 'Variable $cluster', 'prometheus', CLUSTER_VARIABLE_QUERY),
    ...(page.variables ?? []).map((v) =>
      entry(
        page.route,
        `Variable $${v.name}`,
        'prometheus',
        labelValuesQuery(v.metric, v.labelName ?? v.name, v.selector)
      )
    ),
    ...familiesOf(page).map((id) =>
      entry(page.route, `Metric check: ${METRIC_FAMILIES[id].name}`, 'prometheus', probeQuery(METRIC_FAMILIES[id]))
    ),
    ...page.panels.flatMap((panel) =>
      panel.targets.flatMap((t) => [
        entry(page.route, panel.title, panel.datasource, t.expr),
        ...(t.recorded ? [entry(page.route, `${panel.title} (recording rules)`, panel.datasource, t.recorded)] : []),
      ])
    ),
  ];
}

/** The app's optional recording rules (src/queries/recordingRules.ts), as Prometheus evaluates them. */
export function recordingRuleEntries(): CatalogueEntry[] {
  return RECORDING_RULES.map((r) => entry('recording rules', `Record ${r.record}`, 'prometheus', r.expr));
}

/** Every query of every page, in page order. */
export function catalogueEntries(pages: PageQueries[] = PROMETHEUS_PAGES): CatalogueEntry[] {
  return pages.flatMap(pageEntries);
}

/**
 * The queries of the Logs and Traces pages and their drill-down tabs: LogQL (Loki), TraceQL and
 * trace id lookups (Tempo), Jaeger search forms (as JSON), and the service graph's PromQL over
 * Tempo's metrics-generator series. Kept out of `catalogueEntries()`, whose checks and live test are
 * about the Prometheus pages.
 */
export function signalEntries(): CatalogueEntry[] {
  return [
    ...listSignalQueries().map((e) => entry(e.route, e.title, e.datasource, e.query)),
    ...SIGNAL_PROMETHEUS_PAGES.flatMap((page) =>
      page.panels.flatMap((panel) => panel.targets.map((t) => entry(page.route, panel.title, 'prometheus', t.expr)))
    ),
  ];
}

/**
 * The Alerts page's previews: each template's full rule expression with its default parameters,
 * evaluated on `$ds` (PromQL) or `$loki` (LogQL). Source: `src/alerting/` (the templates' catalogue).
 */
export function alertPreviewEntries(): CatalogueEntry[] {
  return ALERT_TEMPLATES.map((t) => entry(ROUTES.Alerts, `Preview: ${t.title}`, t.datasource, buildExpression(t).expr));
}

/**
 * The Hubble gateway requests of the Flows, Service map and Troubleshoot pages (and the workload
 * Flows and Suggested policy tabs), as HTTP/JSON API calls through the plugin proxy with their
 * parameters as variables.
 */
export function gatewayEntries(): CatalogueEntry[] {
  const flowParams = [
    ...Object.keys(PARAM_RULES).filter((k) => !['since', 'until', 'limit'].includes(k)),
    'since',
    'until',
    'limit',
  ];
  const query = (path: string, params: string[]) => `GET ${path}?${params.map((p) => `${p}=$${p}`).join('&')}`;
  const httpErrors = pairHttpErrorsQuery('$workload');
  return [
    entry(ROUTES.Flows, 'Flows table', 'hubble-gateway', query('/api/v1/flows', flowParams)),
    entry(ROUTES.Flows, 'Namespace filter options', 'hubble-gateway', 'GET /api/v1/namespaces'),
    entry(ROUTES.Flows, 'Gateway mode (large-cluster notice)', 'hubble-gateway', 'GET /api/v1/status'),
    entry(ROUTES.ServiceMap, 'Gateway mode (large-cluster notice)', 'hubble-gateway', 'GET /api/v1/status'),
    entry(
      ROUTES.ServiceMap,
      'Service map (live, from the gateway)',
      'hubble-gateway',
      query('/api/v1/service-map', ['namespace', 'since', 'until'])
    ),
    entry(
      ROUTES.Troubleshoot,
      'Connectivity report (findings, fixes, suggested policy)',
      'hubble-gateway',
      query('/api/v1/connectivity', ['from', 'to', 'since', 'until'])
    ),
    entry(
      ROUTES.Troubleshoot,
      'HTTP errors between the pair',
      'hubble-gateway',
      `GET /api/v1/flows?workload=${httpErrors.workload}&protocol=${httpErrors.protocol?.join(',')}` +
        `&http_status=${httpErrors.httpStatus?.join(',')}&since=$since&until=$until&limit=${httpErrors.limit}`
    ),
    entry(
      ROUTES.Troubleshoot,
      'Source and destination options',
      'hubble-gateway',
      query('/api/v1/service-map', ['since', 'until'])
    ),
    entry(ROUTES.Troubleshoot, 'Source and destination options', 'hubble-gateway', 'GET /api/v1/namespaces'),
    entry(
      `${DRILLDOWN_ROUTES.workload}/${WORKLOAD_POLICY_TAB}`,
      'Suggested policy (baseline from observed traffic)',
      'hubble-gateway',
      query('/api/v1/policy-suggestion', ['workload', 'since', 'until'])
    ),
    entry('configuration', 'Test connection', 'hubble-gateway', 'GET /api/v1/status'),
  ];
}

/** Everything `npm run queries` prints: the Prometheus pages, the recording rules, Logs and Traces, the Alerts page's previews, the gateway calls. */
export function allEntries(): CatalogueEntry[] {
  return [
    ...catalogueEntries(),
    ...recordingRuleEntries(),
    ...signalEntries(),
    ...alertPreviewEntries(),
    ...gatewayEntries(),
  ];
}
