import { ROUTES } from '../../constants';
import { panel, table } from '../define';
import { PageQueries } from '../types';

/**
 * Tempo's metrics-generator (processor `service-graphs`) writes these series to Prometheus by
 * remote write: one series per client → server pair seen in spans (a CLIENT span and its SERVER
 * child, or a PRODUCER/CONSUMER pair), labels `client`, `server`, `connection_type`.
 * The pages query them through `$ds` like any other Prometheus series; they carry a `cluster` label
 * only when Tempo's remote write adds one, so the queries do not filter on it.
 */
const RANGE = '[$__range]';

/** Key of the service graph panel. */
export const SERVICE_GRAPH_KEY = 'service-graph';

/** Service graph of the Traces page (route `traces`): three instant tables joined into a node graph. */
export const serviceGraphQueries: PageQueries = {
  route: ROUTES.Traces,
  title: 'Traces › Service graph',
  panels: [
    panel({
      key: SERVICE_GRAPH_KEY,
      title: 'Service graph',
      section: 'Service graph',
      viz: 'nodeGraph',
      wide: true,
      description:
        'Services as nodes, calls as edges (Tempo metrics-generator series traces_service_graph_*): request rate, error rate and p95 server latency over the time range.',
      targets: [
        table(`sum by (client, server) (rate(traces_service_graph_request_total${RANGE}))`, { refId: 'requests' }),
        table(`sum by (client, server) (rate(traces_service_graph_request_failed_total${RANGE}))`, { refId: 'failed' }),
        table(
          `histogram_quantile(0.95, sum by (client, server, le) (rate(traces_service_graph_request_server_seconds_bucket${RANGE})))`,
          {
            refId: 'p95',
          }
        ),
      ],
    }),
  ],
};
