import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LargeHistoryResult } from '../../demo-cluster/src/scale/largeHistory';
import { cachedHistory, historyDir, linkBlocks, markRulesComplete, rulesBlocksDir, rulesHash } from './benchData';

const SHAPE = { nodes: 3, podsPerNode: 2, hubbleMetrics: 'docs' as const, minutes: 65 };

/** Writes a fake block (a ULID-named folder with meta.json and a chunk) as the history writer would. */
function fakeBlock(dir: string, ulid: string): void {
  mkdirSync(join(dir, ulid, 'chunks'), { recursive: true });
  writeFileSync(join(dir, ulid, 'meta.json'), '{}');
  writeFileSync(join(dir, ulid, 'chunks', '000001'), 'x');
}

describe('the benchmark data dir', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-data-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a history once and reuses it for the same shape, not for another', async () => {
    let writes = 0;
    const write = async (blocks: string) => {
      writes++;
      fakeBlock(blocks, '01AAAAAAAAAAAAAAAAAAAAAAAA');
      return { ulid: '01AAAAAAAAAAAAAAAAAAAAAAAA', lastMs: 1000 } as LargeHistoryResult;
    };
    const first = await cachedHistory(dir, SHAPE, write, () => {});
    const second = await cachedHistory(dir, SHAPE, write, () => {});
    expect([first.reused, second.reused, writes]).toEqual([false, true, 1]);
    expect(second.history.ulid).toBe('01AAAAAAAAAAAAAAAAAAAAAAAA');
    await cachedHistory(dir, { ...SHAPE, hubbleMetrics: 'rich' }, write, () => {});
    expect(writes).toBe(2);
  });

  it('writes again when an earlier write stopped before it finished', async () => {
    mkdirSync(join(historyDir(dir, SHAPE), 'blocks'), { recursive: true });
    fakeBlock(join(historyDir(dir, SHAPE), 'blocks'), '01BBBBBBBBBBBBBBBBBBBBBBBB');
    const { reused, blocksDir } = await cachedHistory(
      dir,
      SHAPE,
      async (blocks) => {
        fakeBlock(blocks, '01CCCCCCCCCCCCCCCCCCCCCCCC');
        return { ulid: '01CCCCCCCCCCCCCCCCCCCCCCCC', lastMs: 1 } as LargeHistoryResult;
      },
      () => {}
    );
    expect(reused).toBe(false);
    expect(readdirSync(blocksDir)).toEqual(['01CCCCCCCCCCCCCCCCCCCCCCCC']);
  });

  it('links blocks into a run dir by hard link, so the run can delete them without touching the kept ones', () => {
    fakeBlock(join(dir, 'kept'), '01DDDDDDDDDDDDDDDDDDDDDDDD');
    linkBlocks(join(dir, 'kept'), join(dir, 'run'));
    const kept = join(dir, 'kept', '01DDDDDDDDDDDDDDDDDDDDDDDD', 'chunks', '000001');
    const linked = join(dir, 'run', '01DDDDDDDDDDDDDDDDDDDDDDDD', 'chunks', '000001');
    expect(statSync(linked).ino).toBe(statSync(kept).ino);
    rmSync(join(dir, 'run'), { recursive: true });
    expect(existsSync(kept)).toBe(true);
  });

  it('keeps recorded series only for the rules that wrote them', () => {
    const history = historyDir(dir, SHAPE);
    mkdirSync(history, { recursive: true });
    const oldHash = rulesHash([{ record: 'a', expr: 'up' }]);
    const newHash = rulesHash([{ record: 'a', expr: 'up == 1' }]);
    expect(newHash).not.toBe(oldHash);
    const old = rulesBlocksDir(history, oldHash);
    markRulesComplete(old.dir, ['a']);
    expect(rulesBlocksDir(history, oldHash).complete).toBe(true);
    const fresh = rulesBlocksDir(history, newHash);
    expect(fresh.complete).toBe(false);
    expect(existsSync(old.dir)).toBe(false);
  });
});
