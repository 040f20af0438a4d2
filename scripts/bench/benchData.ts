/**
 * Where `npm run bench:pages` keeps its synthetic cluster between runs (`--data-dir DIR`): writing
 * 1,000 nodes takes tens of minutes, so a run reuses the block written by an earlier run with the
 * same shape, and the recording rules' blocks written for the same rules.
 *
 * Layout of DIR:
 * - `history-<nodes>n-<pods>p-<hubble>-<minutes>m/blocks/<ulid>/`: the synthetic cluster's block;
 *   `history.json` beside it: what `writeLargeHistory` returned (its presence marks the block complete);
 * - `…/rules-<hash>/<ulid>/`: the blocks `promtool tsdb create-blocks-from rules` wrote for the rules
 *   whose text hashes to `<hash>`; `rules.json` marks them complete. Other hashes are removed;
 * - `run-<pid>/`: the Prometheus data directory of one run, its blocks hard links to the above (so
 *   Prometheus may compact or delete them without touching the cache); removed when the run ends.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { LargeHistoryResult } from '../../demo-cluster/src/scale/largeHistory';

/** What identifies a synthetic cluster's history: its size, Hubble configuration and length. */
export interface HistoryShape {
  nodes: number;
  podsPerNode: number;
  hubbleMetrics: 'docs' | 'rich';
  minutes: number;
}

/** Folder of a shape's history inside the data dir. */
export function historyDir(dataDir: string, s: HistoryShape): string {
  return join(dataDir, `history-${s.nodes}n-${s.podsPerNode}p-${s.hubbleMetrics}-${s.minutes}m`);
}

/** Short hash of the recording rules' names and expressions: their blocks are valid for these rules only. */
export function rulesHash(rules: Array<{ record: string; expr: string }>): string {
  return createHash('sha256')
    .update(JSON.stringify(rules.map((r) => [r.record, r.expr])))
    .digest('hex')
    .slice(0, 12);
}

/** The block folders (ULID-named, holding `meta.json`) directly under `dir`. */
export function blockDirs(dir: string): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'meta.json')))
    .map((e) => e.name);
}

/**
 * Makes `to/<block>` for the given blocks of `from` (default: all), each file a hard link (a copy
 * where the file system refuses links, e.g. across devices). Returns the blocks linked.
 */
export function linkBlocks(from: string, to: string, blocks: string[] = blockDirs(from)): string[] {
  const linkTree = (src: string, dst: string) => {
    mkdirSync(dst, { recursive: true });
    for (const e of readdirSync(src, { withFileTypes: true })) {
      const s = join(src, e.name);
      const d = join(dst, e.name);
      if (e.isDirectory()) {
        linkTree(s, d);
      } else {
        try {
          linkSync(s, d);
        } catch {
          copyFileSync(s, d);
        }
      }
    }
  };
  for (const block of blocks) {
    linkTree(join(from, block), join(to, block));
  }
  return blocks;
}

/**
 * The history of `shape` in `dataDir`: read back when a complete one is there, else written by
 * `write(blocksDir)` (into an emptied folder) and recorded. Returns it with its blocks folder.
 */
export async function cachedHistory(
  dataDir: string,
  shape: HistoryShape,
  write: (blocksDir: string) => Promise<LargeHistoryResult>,
  log: (m: string) => void
): Promise<{ history: LargeHistoryResult; blocksDir: string; reused: boolean }> {
  const dir = historyDir(dataDir, shape);
  const blocksDir = join(dir, 'blocks');
  const marker = join(dir, 'history.json');
  if (existsSync(marker) && blockDirs(blocksDir).length > 0) {
    const history = JSON.parse(readFileSync(marker, 'utf8')) as LargeHistoryResult;
    log(`reusing the synthetic cluster in ${dir} (written ${new Date(history.lastMs).toISOString()})`);
    return { history, blocksDir, reused: true };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(blocksDir, { recursive: true });
  const history = await write(blocksDir);
  writeFileSync(marker, JSON.stringify(history, null, 1));
  return { history, blocksDir, reused: false };
}

/**
 * The recording rules' blocks for rules hashing to `hash`: the folder, and whether it is complete
 * (`rules.json` written by {@link markRulesComplete}). Folders of other hashes are removed.
 */
export function rulesBlocksDir(historyFolder: string, hash: string): { dir: string; complete: boolean } {
  for (const e of readdirSync(historyFolder)) {
    if (e.startsWith('rules-') && e !== `rules-${hash}`) {
      rmSync(join(historyFolder, e), { recursive: true, force: true });
    }
  }
  const dir = join(historyFolder, `rules-${hash}`);
  const complete = existsSync(join(dir, 'rules.json'));
  if (!complete) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
  }
  return { dir, complete };
}

/** Marks a rules folder complete, naming the recorded series it holds. */
export function markRulesComplete(dir: string, records: string[]): void {
  writeFileSync(join(dir, 'rules.json'), JSON.stringify({ records }, null, 1));
}
