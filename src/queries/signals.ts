import { logsQueries, logsTabQueries } from './loki/logs';
import { serviceGraphQueries } from './tempo/serviceGraph';
import { tracesQueries, tracesTabQueries } from './tempo/traces';
import { PageQueries, SignalPageQueries } from './types';

/** Every Loki and Tempo page of the app (the Logs and Traces pages and the drill-downs' tabs). */
export const SIGNAL_PAGES: SignalPageQueries[] = [
  logsQueries,
  ...Object.values(logsTabQueries),
  tracesQueries,
  ...Object.values(tracesTabQueries),
];

/** Prometheus queries that belong to the Logs and Traces pages (the service graph from Tempo's metrics-generator). */
export const SIGNAL_PROMETHEUS_PAGES: PageQueries[] = [serviceGraphQueries];

/** One query of the Logs and Traces pages as `npm run queries` prints it. */
export interface SignalQueryEntry {
  /** App route of the page or tab. */
  route: string;
  /** `panel` key, or `var:<name>` for a variable's stream selector. */
  panel: string;
  /** Panel title, or `Variable $<name>`. */
  title: string;
  refId: string;
  datasource: 'loki' | 'tempo' | 'jaeger';
  /** `logql`, `traceql`, `traceid` (a trace id lookup) or `jaeger` (a Jaeger search form as JSON). */
  language: 'logql' | 'traceql' | 'traceid' | 'jaeger';
  query: string;
}

/**
 * Every Loki, Tempo and Jaeger query the Logs and Traces pages and tabs can issue, de-duplicated by
 * (route, panel, refId): panel targets, and the stream selectors of the label variables.
 */
export function listSignalQueries(pages: SignalPageQueries[] = SIGNAL_PAGES): SignalQueryEntry[] {
  const out: SignalQueryEntry[] = [];
  for (const page of pages) {
    for (const v of page.variables) {
      if (v.datasource === 'loki' && v.stream) {
        out.push({
          route: page.route,
          panel: `var:${v.name}`,
          title: `Variable $${v.name}`,
          refId: v.name,
          datasource: 'loki',
          language: 'logql',
          query: v.stream,
        });
      }
    }
    for (const panel of page.panels) {
      if (panel.datasource === 'loki') {
        for (const t of panel.targets) {
          out.push({
            route: page.route,
            panel: panel.key,
            title: panel.title,
            refId: t.refId,
            datasource: 'loki',
            language: 'logql',
            query: t.expr,
          });
        }
        continue;
      }
      for (const t of panel.targets) {
        const language = t.kind === 'traceId' ? 'traceid' : 'traceql';
        out.push({
          route: page.route,
          panel: panel.key,
          title: panel.title,
          refId: t.refId,
          datasource: 'tempo',
          language,
          query: t.query,
        });
      }
      for (const j of panel.jaeger ?? []) {
        const { refId, ...form } = j;
        out.push({
          route: page.route,
          panel: panel.key,
          title: panel.title,
          refId,
          datasource: 'jaeger',
          language: 'jaeger',
          query: JSON.stringify(form),
        });
      }
    }
  }
  return out;
}
