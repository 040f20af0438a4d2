/**
 * Where test code and test data live, as globs relative to a source or build folder: tests next to
 * the code (`*.test.*`, `*.spec.*`), test folders (`test/`, `testing/`, `__tests__/`), mocks and
 * recorded fixtures. The build leaves them out of dist/ (webpack.config.ts) and `npm run package`
 * refuses a dist/ that holds any (scripts/package.ts).
 */
export const TEST_FILE_GLOBS = [
  '**/__fixtures__/**',
  '**/__mocks__/**',
  '**/__tests__/**',
  '**/test/**',
  '**/testing/**',
  '**/*.test.*',
  '**/*.spec.*',
] as const;
