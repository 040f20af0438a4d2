import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadFlowsFile } from './file';
import { createFlowHub } from './hub';
import { FlowJson } from './types';

const good = (time: string, node = 'kind-worker', extra = {}) =>
  JSON.stringify({ flow: { time, verdict: 'FORWARDED', node_name: node, ...extra }, node_name: node, time });

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempFile(lines: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'demo-flows-'));
  dirs.push(dir);
  const f = join(dir, 'flows.json');
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

test('malformed lines are skipped, counted and reported with their line numbers', () => {
  const file = tempFile([
    good('2024-01-01T00:00:00.000000001Z'),
    '{"flow": {"time": "2024-01-01T00:00:01Z"',
    '',
    '[1, 2, 3]',
    JSON.stringify({ flow: { time: 'yesterday', verdict: 'FORWARDED', node_name: 'n' } }),
    JSON.stringify({ node_status: { state_change: 'NODE_CONNECTED' } }),
    JSON.stringify({ flow: { time: '2024-01-01T00:00:02Z', node_name: 'n' } }),
    good('2024-01-01T00:00:03.5Z', 'kind-worker2'),
  ]);
  const warnings: string[] = [];
  const r = loadFlowsFile(file, (m) => warnings.push(m));
  assert.equal(r.flows.length, 2);
  assert.deepEqual(
    r.skipped.map((s) => s.line),
    [2, 4, 5, 7]
  );
  assert.match(r.skipped[0].reason, /invalid JSON/);
  assert.match(r.skipped[2].reason, /time/);
  assert.match(r.skipped[3].reason, /verdict/);
  assert.equal(r.nonFlowEvents, 1);
  for (const line of [2, 4, 5, 7]) {
    assert.ok(
      warnings.some((w) => w.includes(`${file}:${line}:`)),
      `a warning names line ${line}`
    );
  }
  assert.ok(warnings.some((w) => /skipped 4 malformed line/.test(w)));
});

test('a flows file is replayed alone, in file order, re-timed so the newest flow is at the first advance', () => {
  const file = tempFile([
    good('2024-01-01T00:00:00.100000000Z', 'a', { uuid: 'first' }),
    'not json',
    good('2024-01-01T00:00:05.250000000Z', 'b', { uuid: 'newest' }),
    good('2024-01-01T00:00:02.000000007Z', 'c', { uuid: 'older-but-later-in-file' }),
  ]);
  const warnings: string[] = [];
  const anchor = Date.UTC(2026, 0, 1, 12, 0, 0);
  const hub = createFlowHub({
    flowsFile: file,
    fixturesDir: null,
    epochMs: anchor - 1000,
    warn: (m) => warnings.push(m),
  });
  const seen: FlowJson[] = [];
  hub.subscribe((f) => seen.push(f));
  hub.advanceTo(anchor);
  hub.advanceTo(anchor + 60_000);
  assert.deepEqual(
    seen.map((f) => f.uuid),
    ['first', 'newest', 'older-but-later-in-file']
  );
  assert.equal(seen[1].time, '2026-01-01T12:00:00.000000000Z');
  assert.equal(seen[0].time, '2026-01-01T11:59:54.850000000Z');
  assert.equal(seen[2].time, '2026-01-01T11:59:56.750000007Z');
  assert.deepEqual(
    hub.recent(10).map((f) => f.uuid),
    ['first', 'newest', 'older-but-later-in-file']
  );
  assert.equal(hub.stats().skippedLines, 1);
  assert.ok(warnings.some((w) => w.includes(':2:')));
});
