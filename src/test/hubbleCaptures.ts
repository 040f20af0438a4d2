/**
 * Where the tests find the real Hubble captures (`hubble observe -o json` lines, the seven
 * `basic-sample-*.json` files described in the README's "Test data"): `$HUBBLE_FIXTURES_DIR`, else
 * `../shared/fixtures/hubble-flows` beside the repository root. Tests that read them are skipped
 * without them, each skipped group with one line saying what is skipped and how to get them.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Absolute path of the captures folder (it may not exist). */
export const HUBBLE_CAPTURES_DIR = path.resolve(
  process.env.HUBBLE_FIXTURES_DIR || path.join(__dirname, '../../../shared/fixtures/hubble-flows')
);

/**
 * Why the captures cannot be read (one sentence with how to get them), or undefined when the
 * folder holds at least one `*.json` capture.
 */
export function capturesMissing(): string | undefined {
  const files = fs.existsSync(HUBBLE_CAPTURES_DIR) ? fs.readdirSync(HUBBLE_CAPTURES_DIR) : [];
  if (files.some((f) => f.endsWith('.json'))) {
    return undefined;
  }
  return (
    `the real Hubble captures are not in ${HUBBLE_CAPTURES_DIR}: put the seven basic-sample-*.json files ` +
    `there or set HUBBLE_FIXTURES_DIR to their folder (README, "Test data")`
  );
}

/**
 * `describe` when the captures are there; otherwise `describe.skip`, after writing one line to
 * stderr: `skipped "<name>": <why and how to get them>`.
 */
export function describeWithCaptures(name: string, fn: () => void): void {
  const missing = capturesMissing();
  if (!missing) {
    describe(name, fn);
    return;
  }
  process.stderr.write(`skipped "${name}": ${missing}\n`);
  describe.skip(name, fn);
}
