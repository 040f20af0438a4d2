/**
 * `npm run package`: the plugin as the zip Grafana's catalog and `grafana cli --pluginUrl` install:
 * one folder named by the plugin id holding dist/, written to artifacts/<id>-<version>.zip with its
 * SHA-1 and MD5 beside it (`<zip>.sha1`, `<zip>.md5`, as sha1sum and md5sum print them).
 *
 *   npm run package                        production build (no source maps), then the zip
 *   npm run package -- --source-maps       the same with source maps (build --env sourcemaps)
 *   npm run package -- --no-build          zip dist/ as it is (after npm run build && npm run sign)
 *   options: --dist DIR (default dist), --out DIR (default artifacts)
 *
 * It refuses a dist/ that holds test files or fixtures (scripts/testFileGlobs.ts), source maps it
 * was not asked for, a plugin.json whose version was not filled in, or files that differ from
 * what a MANIFEST.txt (from `npm run sign`) lists: Grafana rejects such a signature.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { glob } from 'glob';
import yazl from 'yazl';
import { TEST_FILE_GLOBS } from './testFileGlobs';

const REPO = path.resolve(__dirname, '..');

/** What was written: the zip, its checksums (hex), the folder inside it and the files packed. */
export interface PackageResult {
  zip: string;
  sha1: string;
  md5: string;
  folder: string;
  files: string[];
  signed: boolean;
}

/** A refusal that says what is wrong and how to fix it. */
class PackageError extends Error {}

/** The files of `dist` (relative, `/`-separated, sorted), with everything that must not ship checked. */
async function checkedFiles(dist: string, sourceMaps: boolean): Promise<string[]> {
  if (!fs.existsSync(path.join(dist, 'plugin.json')) || !fs.existsSync(path.join(dist, 'module.js'))) {
    throw new PackageError(`${dist} holds no built plugin (plugin.json, module.js): run npm run build first`);
  }
  const files = (await glob('**/*', { cwd: dist, nodir: true, dot: true, posix: true })).sort();
  const tests = (await glob([...TEST_FILE_GLOBS], { cwd: dist, nodir: true, dot: true, posix: true })).sort();
  if (tests.length > 0) {
    throw new PackageError(
      `${dist} holds test files or fixtures (${tests.join(', ')}): rebuild with npm run build, which leaves them out`
    );
  }
  const maps = files.filter((f) => f.endsWith('.map'));
  if (maps.length > 0 && !sourceMaps) {
    throw new PackageError(
      `${dist} holds source maps (${maps.join(', ')}): rebuild without them (npm run build) or ship them with --source-maps`
    );
  }
  return files;
}

/** plugin.json's id and version, refusing the build-time placeholders. */
function pluginIdAndVersion(dist: string): { id: string; version: string } {
  const plugin = JSON.parse(fs.readFileSync(path.join(dist, 'plugin.json'), 'utf8'));
  const id = String(plugin.id ?? '');
  const version = String(plugin.info?.version ?? '');
  if (!/^[0-9a-z]+-([0-9a-z]+-)?app$/.test(id) || !/^\d+\.\d+\.\d+/.test(version)) {
    throw new PackageError(
      `${dist}/plugin.json has id ${JSON.stringify(id)} and version ${JSON.stringify(version)}: build it with npm run build, which fills them in`
    );
  }
  return { id, version };
}

/**
 * When dist/ was signed (MANIFEST.txt, a PGP clear-signed JSON with the SHA-256 of every file), checks
 * that it lists exactly the other files with their current contents. Returns whether it was signed.
 */
function checkManifest(dist: string, files: string[]): boolean {
  const manifestFile = path.join(dist, 'MANIFEST.txt');
  if (!fs.existsSync(manifestFile)) {
    return false;
  }
  const text = fs.readFileSync(manifestFile, 'utf8');
  const json = /^\{[\s\S]*^\}$/m.exec(text.split('-----BEGIN PGP SIGNATURE-----')[0]);
  const listed: Record<string, string> = json ? (JSON.parse(json[0]).files ?? {}) : {};
  const changed = files
    .filter((f) => f !== 'MANIFEST.txt')
    .filter(
      (f) =>
        listed[f] !==
        crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(dist, f)))
          .digest('hex')
    );
  const missing = Object.keys(listed).filter((f) => !files.includes(f));
  if (changed.length > 0 || missing.length > 0) {
    throw new PackageError(
      `${dist} changed after it was signed (${[...changed, ...missing].join(', ')}): sign it again (npm run sign), or remove MANIFEST.txt for an unsigned package`
    );
  }
  return true;
}

/** Writes the zip: a folder entry for `folder` and each subfolder, then every file under it. */
function writeZip(dist: string, folder: string, files: string[], zipPath: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const folders = new Set<string>([folder]);
  for (const f of files) {
    const parts = f.split('/').slice(0, -1);
    parts.forEach((_, i) => folders.add([folder, ...parts.slice(0, i + 1)].join('/')));
  }
  for (const d of [...folders].sort()) {
    zip.addEmptyDirectory(d);
  }
  for (const f of files) {
    zip.addFile(path.join(dist, f), `${folder}/${f}`);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(zipPath);
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
}

/** Builds (unless `build` is false) and packages; see the module comment. */
export async function packagePlugin(opts: {
  dist: string;
  out: string;
  build: boolean;
  sourceMaps: boolean;
}): Promise<PackageResult> {
  if (opts.build) {
    const args = ['run', '-s', 'build', ...(opts.sourceMaps ? ['--', '--env', 'sourcemaps'] : [])];
    console.log(`building: npm ${args.join(' ')}`);
    const r = spawnSync('npm', args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) {
      throw new PackageError(`npm ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    }
  }
  const files = await checkedFiles(opts.dist, opts.sourceMaps);
  const { id, version } = pluginIdAndVersion(opts.dist);
  const signed = checkManifest(opts.dist, files);
  fs.mkdirSync(opts.out, { recursive: true });
  const zip = path.join(opts.out, `${id}-${version}.zip`);
  await writeZip(opts.dist, id, files, zip);
  const bytes = fs.readFileSync(zip);
  const sha1 = crypto.createHash('sha1').update(bytes).digest('hex');
  const md5 = crypto.createHash('md5').update(bytes).digest('hex');
  fs.writeFileSync(`${zip}.sha1`, `${sha1}  ${path.basename(zip)}\n`);
  fs.writeFileSync(`${zip}.md5`, `${md5}  ${path.basename(zip)}\n`);
  return { zip, sha1, md5, folder: id, files, signed };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'source-maps': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      dist: { type: 'string', default: path.join(REPO, 'dist') },
      out: { type: 'string', default: path.join(REPO, 'artifacts') },
    },
    strict: true,
  });
  const r = await packagePlugin({
    dist: path.resolve(values.dist),
    out: path.resolve(values.out),
    build: !values['no-build'],
    sourceMaps: values['source-maps'],
  });
  console.log(
    [
      `${path.relative(process.cwd(), r.zip)}: ${r.files.length} files in ${r.folder}/, ${fs.statSync(r.zip).size} bytes, ${r.signed ? 'signed (MANIFEST.txt)' : 'unsigned'}`,
      `SHA-1 ${r.sha1}`,
      `MD5   ${r.md5}`,
    ].join('\n')
  );
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e instanceof PackageError ? `package: ${e.message}` : e);
    process.exit(1);
  });
}
