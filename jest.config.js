// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...base,
  transform: {
    ...base.transform,
    // d3 and other Grafana dependencies ship .mjs files: compile them like the rest.
    '^.+\\.mjs$': base.transform['^.+\\.(t|j)sx?$'],
  },
  // Tests sit next to their code: the plugin's in src/, the rule generator's in scripts/.
  testMatch: [...base.testMatch, '<rootDir>/scripts/**/*.test.ts'],
  // The live test needs a real Prometheus (scripts/live-test.sh starts one); plain `jest` skips it.
  // *.node.test.ts are node:test files that run real commands (a build, the demo): scripts/test.sh
  // runs each with `node --import tsx --test`.
  testPathIgnorePatterns: [
    '/node_modules/',
    '\\.node\\.test\\.ts$',
    ...(process.env.PROMETHEUS_URL ? [] : ['\\.live\\.test\\.tsx?$']),
  ],
};
