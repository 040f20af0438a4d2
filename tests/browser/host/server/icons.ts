import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Unicons release Grafana 12's icon set comes from (`public/img/icons/unicons`). */
const UNICONS = '@iconscout/unicons@4.2.0';

/**
 * Grafana serves every Unicons line icon from `public/build/img/icons/unicons/`; @grafana/ui's
 * package ships only some of them. This fetches the Unicons package's tarball once with `npm pack`
 * (not `npm install`: its own dependencies are build tools we do not need) and keeps its
 * `svg/line/` folder in `cacheDir`. Returns that folder.
 * Errors: throws with npm's message when the registry cannot be reached.
 */
export function ensureUnicons(cacheDir: string): string {
  const line = path.join(cacheDir, 'svg', 'line');
  if (fs.existsSync(path.join(line, 'spinner.svg'))) {
    return line;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-host-unicons-'));
  try {
    const tarball = execFileSync('npm', ['pack', UNICONS, '--silent', '--pack-destination', tmp], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop()!;
    fs.mkdirSync(cacheDir, { recursive: true });
    execFileSync('tar', ['-xzf', path.join(tmp, tarball), '-C', cacheDir, '--strip-components=1', 'package/svg/line']);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return line;
}
