/**
 * The build: the toolchain's webpack config (`.config/`, never edited) extended as create-plugin
 * documents ("Extend the webpack config"). The toolchain copies plugin.json `info.screenshots` from
 * `src/<path>`; ours live in docs/screenshots/ (made by `npm run screenshots`, shown by the README),
 * so their copy patterns take them from there, to the same `img/screenshots/` paths in dist/.
 */
import path from 'node:path';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

const SCREENSHOTS_IN_PLUGIN = 'img/screenshots/';

type CopyPattern = { from: string; to?: string };

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  for (const plugin of baseConfig.plugins ?? []) {
    if (plugin instanceof CopyWebpackPlugin) {
      const copy = plugin as unknown as { patterns: Array<CopyPattern | string> };
      copy.patterns = copy.patterns.map((p) =>
        typeof p === 'object' && p.from.startsWith(SCREENSHOTS_IN_PLUGIN)
          ? { ...p, from: `../docs/screenshots/${path.basename(p.from)}` }
          : p
      );
    }
  }
  return baseConfig;
};

export default config;
