/**
 * `npm run queries`: prints every query every page can issue, one JSON object per line:
 * { page, title, datasource, query, variables }. Reads the same catalogue as the pages and the live test:
 * the Prometheus pages first, then the Logs and Traces pages (LogQL, TraceQL, Jaeger, service graph PromQL).
 */
import { allEntries } from '../src/queries/catalogue';

for (const entry of allEntries()) {
  process.stdout.write(JSON.stringify(entry) + '\n');
}
