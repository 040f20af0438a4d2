/**
 * The build: the toolchain's webpack config (`.config/`, never edited) extended as create-plugin
 * documents ("Extend the webpack config"). Its copy rules are rebuilt from the toolchain's own
 * patterns (.config/bundler/copyFiles.ts) with two changes, and source maps become opt-in:
 *
 * - Screenshots: the toolchain copies plugin.json `info.screenshots` from `src/<path>`; ours live
 *   in docs/screenshots/ (made by `npm run screenshots`, shown by the README), so they are taken
 *   from there, to the same `img/screenshots/` paths in dist/.
 * - Test code never ships. The toolchain copies every `src/**\/*.json` into dist/ (plugin.json is
 *   one), which also copied the gateway's recorded test answers; files matching
 *   {@link TEST_FILE_GLOBS} are left out, whatever folder they are moved to.
 * - No source maps in a production build unless asked: `npm run build -- --env sourcemaps`
 *   (`npm run package -- --source-maps` passes it on). Development builds keep theirs.
 */
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';
import { copyFilePatterns } from './.config/bundler/copyFiles';
import { TEST_FILE_GLOBS } from './scripts/testFileGlobs';

const SCREENSHOTS_IN_PLUGIN = 'img/screenshots/';

/** The toolchain's copy patterns, screenshots from docs/screenshots/, test files and fixtures ignored. */
function copyPatterns() {
  return copyFilePatterns.map((pattern) => ({
    ...pattern,
    from: pattern.from.startsWith(SCREENSHOTS_IN_PLUGIN)
      ? `../docs/screenshots/${path.basename(pattern.from)}`
      : pattern.from,
    globOptions: { ignore: [...TEST_FILE_GLOBS] },
  }));
}

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  const plugins = base.plugins ?? [];
  if (!plugins.some((plugin) => plugin instanceof CopyWebpackPlugin)) {
    throw new Error(
      'webpack.config.ts: .config/webpack/webpack.config.ts no longer uses CopyWebpackPlugin; update the copy rules here'
    );
  }
  return {
    ...base,
    devtool: env.production ? (env.sourcemaps ? 'source-map' : false) : base.devtool,
    plugins: plugins.map((plugin) =>
      plugin instanceof CopyWebpackPlugin ? new CopyWebpackPlugin({ patterns: copyPatterns() }) : plugin
    ),
  };
};

export default config;
