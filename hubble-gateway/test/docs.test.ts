/**
 * Every gateway metric the documentation names (hubble-gateway/README.md and deploy/, the
 * repository's README.md, DEVELOPERS.md and docs/) is one the gateway exports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createMetrics } from '../src/metrics';

const GATEWAY = path.resolve(__dirname, '..');
const REPO = path.resolve(GATEWAY, '..');

function docs(): string[] {
  const inDir = (dir: string, ext: RegExp) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => ext.test(f))
          .map((f) => path.join(dir, f))
      : [];
  return [
    path.join(GATEWAY, 'README.md'),
    ...inDir(path.join(GATEWAY, 'deploy'), /\.ya?ml$/),
    path.join(REPO, 'README.md'),
    path.join(REPO, 'DEVELOPERS.md'),
    ...inDir(path.join(REPO, 'docs'), /\.md$/),
  ].filter((f) => fs.existsSync(f));
}

test('every hubble_gateway_* metric named in the docs exists', async () => {
  const text = await createMetrics().registry.metrics();
  const exported = new Set([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => m[1]));
  const missing: string[] = [];
  let named = 0;
  for (const file of docs()) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\bhubble_gateway_[a-z0-9_]+/g)) {
      named++;
      const base = m[0].replace(/_(bucket|sum|count)$/, '');
      if (!exported.has(m[0]) && !exported.has(base)) {
        missing.push(`${path.relative(REPO, file)}: ${m[0]}`);
      }
    }
  }
  assert.ok(named > 5, `the docs name metrics (${named})`);
  assert.deepEqual(missing, []);
});
