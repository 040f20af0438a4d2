/**
 * `npm run package` makes the zip Grafana installs: it runs the real command (production build
 * included), unpacks the zip and checks the layout, the checksums, and that neither source maps
 * nor test files or fixtures ship; then, on copies of dist/, that it refuses what must not ship.
 *
 *   node --import tsx --test scripts/package.node.test.ts      (scripts/test.sh runs it)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import yauzl from 'yauzl';

const REPO = path.resolve(__dirname, '..');
const PLUGIN_ID = 'seed-kubeobs-app';
const VERSION = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version;
const ZIP_NAME = `${PLUGIN_ID}-${VERSION}.zip`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeobs-package-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs `npm run package -- ARGS`; returns its exit code and output. */
function runPackage(args: string[]): { code: number | null; out: string } {
  const r = spawnSync('npm', ['run', '-s', 'package', '--', ...args], { cwd: REPO, encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Every entry of a zip: name, and contents for files (folders end in `/`). */
function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) {
        return reject(err);
      }
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          entries.set(entry.fileName, Buffer.alloc(0));
          return zip.readEntry();
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e) {
            return reject(e);
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const digest = (algorithm: string, bytes: Buffer) => crypto.createHash(algorithm).update(bytes).digest('hex');

/** A copy of the built dist/ to tamper with. */
function distCopy(name: string): string {
  const dir = path.join(tmp, name);
  fs.cpSync(path.join(REPO, 'dist'), dir, { recursive: true });
  return dir;
}

let entries: Map<string, Buffer>;
let zipBytes: Buffer;
const out = path.join(tmp, 'out');

before(async () => {
  const r = runPackage(['--out', out]);
  assert.equal(r.code, 0, r.out);
  zipBytes = fs.readFileSync(path.join(out, ZIP_NAME));
  entries = await unzip(path.join(out, ZIP_NAME));
});

test('the zip holds one folder named by the plugin id, with the built plugin in it', () => {
  const names = [...entries.keys()];
  assert.ok(
    names.every((n) => n.startsWith(`${PLUGIN_ID}/`)),
    names.join('\n')
  );
  assert.ok(entries.has(`${PLUGIN_ID}/`), 'the folder itself is an entry');
  for (const f of ['plugin.json', 'module.js', 'README.md', 'CHANGELOG.md', 'LICENSE', 'img/logo.svg']) {
    assert.ok(entries.has(`${PLUGIN_ID}/${f}`), `${f} is in the zip`);
  }
  const plugin = JSON.parse(entries.get(`${PLUGIN_ID}/plugin.json`)!.toString('utf8'));
  assert.equal(plugin.id, PLUGIN_ID);
  assert.equal(plugin.info.version, VERSION);
  assert.doesNotMatch(JSON.stringify(plugin), /%VERSION%|%TODAY%|%PLUGIN_ID%/);
  // every file of dist/ is in the zip, byte for byte, and nothing else
  const files = names.filter((n) => !n.endsWith('/')).map((n) => n.slice(PLUGIN_ID.length + 1));
  const dist = fs.readdirSync(path.join(REPO, 'dist'), { recursive: true, withFileTypes: true });
  const distFiles = dist
    .filter((d) => d.isFile())
    .map((d) => path.relative(path.join(REPO, 'dist'), path.join(d.parentPath, d.name)).split(path.sep).join('/'));
  assert.deepEqual(files.sort(), distFiles.sort());
  for (const f of files) {
    assert.ok(entries.get(`${PLUGIN_ID}/${f}`)!.equals(fs.readFileSync(path.join(REPO, 'dist', f))), f);
  }
});

test('no source maps, no tests, no fixtures ship', () => {
  const shipped = [...entries.keys()];
  assert.deepEqual(
    shipped.filter((n) => /\.map$|__fixtures__|__mocks__|__tests__|\/test\/|\/testing\/|\.(test|spec)\./.test(n)),
    []
  );
});

test('the catalog page is src/README.md with its placeholders filled in', () => {
  const readme = entries.get(`${PLUGIN_ID}/README.md`)!.toString('utf8');
  const source = fs.readFileSync(path.join(REPO, 'src', 'README.md'), 'utf8');
  assert.equal(readme, source.replace(/%VERSION%/g, VERSION).replace(/%PLUGIN_ID%/g, PLUGIN_ID));
  assert.match(readme, /^# Kubernetes Observability/);
});

test('SHA-1 and MD5 files beside the zip hold its checksums, as sha1sum and md5sum print them', () => {
  assert.equal(
    fs.readFileSync(path.join(out, `${ZIP_NAME}.sha1`), 'utf8'),
    `${digest('sha1', zipBytes)}  ${ZIP_NAME}\n`
  );
  assert.equal(fs.readFileSync(path.join(out, `${ZIP_NAME}.md5`), 'utf8'), `${digest('md5', zipBytes)}  ${ZIP_NAME}\n`);
});

test('a dist/ with fixtures, tests or source maps is refused, naming them', () => {
  const dist = distCopy('tampered');
  fs.mkdirSync(path.join(dist, 'gateway', '__fixtures__'), { recursive: true });
  fs.writeFileSync(path.join(dist, 'gateway', '__fixtures__', 'status.json'), '{}');
  fs.writeFileSync(path.join(dist, 'flows.test.js'), '');
  let r = runPackage(['--no-build', '--dist', dist, '--out', path.join(tmp, 'refused')]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /holds test files or fixtures \(flows\.test\.js, gateway\/__fixtures__\/status\.json\)/);
  assert.ok(!fs.existsSync(path.join(tmp, 'refused', ZIP_NAME)));

  const withMaps = distCopy('maps');
  fs.writeFileSync(path.join(withMaps, 'module.js.map'), '{}');
  r = runPackage(['--no-build', '--dist', withMaps, '--out', path.join(tmp, 'refused')]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /holds source maps \(module\.js\.map\).*--source-maps/);
});

test('--source-maps ships the maps that are there', async () => {
  const withMaps = distCopy('maps-asked');
  fs.writeFileSync(path.join(withMaps, 'module.js.map'), '{}');
  const r = runPackage(['--no-build', '--source-maps', '--dist', withMaps, '--out', path.join(tmp, 'maps')]);
  assert.equal(r.code, 0, r.out);
  assert.ok((await unzip(path.join(tmp, 'maps', ZIP_NAME))).has(`${PLUGIN_ID}/module.js.map`));
});

test('a signed dist/ ships its MANIFEST.txt, and is refused once a file changed after signing', async () => {
  const dist = distCopy('signed');
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dist, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())) {
    const rel = path.relative(dist, path.join(f.parentPath, f.name)).split(path.sep).join('/');
    files[rel] = digest('sha256', fs.readFileSync(path.join(dist, rel)));
  }
  // the layout of @grafana/sign-plugin's MANIFEST.txt (the signature itself is not checked here)
  const manifest = JSON.stringify({ manifestVersion: '2.0.0', plugin: PLUGIN_ID, version: VERSION, files }, null, 2);
  fs.writeFileSync(
    path.join(dist, 'MANIFEST.txt'),
    `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n${manifest}\n-----BEGIN PGP SIGNATURE-----\nnot checked\n-----END PGP SIGNATURE-----\n`
  );
  let r = runPackage(['--no-build', '--dist', dist, '--out', path.join(tmp, 'signed-out')]);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /signed \(MANIFEST\.txt\)/);
  assert.ok((await unzip(path.join(tmp, 'signed-out', ZIP_NAME))).has(`${PLUGIN_ID}/MANIFEST.txt`));

  fs.appendFileSync(path.join(dist, 'module.js'), '\n');
  r = runPackage(['--no-build', '--dist', dist, '--out', path.join(tmp, 'signed-changed')]);
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /changed after it was signed \(module\.js\): sign it again \(npm run sign\)/);
});
