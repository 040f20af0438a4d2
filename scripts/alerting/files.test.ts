/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { generateFiles } from './files';

const root = join(__dirname, '..', '..');

describe('generated alerting files', () => {
  it.each(generateFiles().map((f) => [f.path, f]))('%s is checked in and matches the generator', (path, file) => {
    let current = '';
    try {
      current = readFileSync(join(root, path), 'utf8');
    } catch {
      throw new Error(`${path} is missing: run npm run alerts:generate`);
    }
    if (current !== file.content) {
      throw new Error(`${path} differs from the catalogue: run npm run alerts:generate and commit`);
    }
  });
});
