/**
 * Writes prometheus/prometheus.yml (demo on 127.0.0.1:9400) and prometheus/prometheus.docker.yml
 * (demo as compose service `demo-cluster`) from the targets of the simulated cluster.
 * `npm run prometheus-config`; a test checks that the committed files are up to date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { committedConfigs } from '../src/prometheus/committed';

for (const [file, text] of Object.entries(committedConfigs())) {
  writeFileSync(join(__dirname, '..', 'prometheus', file), text);
  console.log(`wrote prometheus/${file}`);
}
