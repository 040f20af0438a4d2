/**
 * `npm run queries`: prints every query every page can issue, one JSON object per line:
 * { page, title, datasource, query, variables }. Reads the same catalogue as the pages and the live test.
 */
import { catalogueEntries } from '../src/queries/catalogue';

for (const entry of catalogueEntries()) {
  process.stdout.write(JSON.stringify(entry) + '\n');
}
