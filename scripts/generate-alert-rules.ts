/**
 * Writes every alerting file generated from the template catalogue (src/alerting/):
 * provisioning/alerting/*.yaml, alerting/prometheus/*.rules.yaml (+ tests/), alerting/loki/*.rules.yaml.
 *
 *   npm run alerts:generate            write the files
 *   npm run alerts:generate -- --check exit 1 when a checked-in file differs (CI)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateFiles } from './alerting/files';

const root = join(__dirname, '..');
const check = process.argv.includes('--check');
let stale = 0;

for (const file of generateFiles()) {
  const target = join(root, file.path);
  let current: string | undefined;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === file.content) {
    continue;
  }
  if (check) {
    console.error(`out of date: ${file.path}`);
    stale++;
  } else {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`wrote ${file.path}`);
  }
}
if (check && stale > 0) {
  console.error('run `npm run alerts:generate` and commit the result');
  process.exit(1);
}
