import { build, Plugin } from 'esbuild';
import path from 'node:path';

const PAGE_ENTRY = path.resolve(__dirname, '../page/main.tsx');

/**
 * `react-custom-scrollbars-2` is CommonJS imported by @grafana/ui's `.mjs` build as a default
 * export; esbuild then follows Node and hands over the whole `module.exports` object, and React
 * fails with error #130 in `CustomScrollbar`. An ES module shim exports the component as default.
 */
const scrollbarsShim: Plugin = {
  name: 'react-custom-scrollbars-2-default',
  setup(b) {
    b.onResolve({ filter: /^react-custom-scrollbars-2$/ }, (args) =>
      args.namespace === 'shim' ? undefined : { path: 'react-custom-scrollbars-2', namespace: 'shim' }
    );
    b.onLoad({ filter: /.*/, namespace: 'shim' }, () => ({
      contents:
        "import * as m from 'react-custom-scrollbars-2/lib/index.js';\n" +
        "export * from 'react-custom-scrollbars-2/lib/index.js';\nexport default m.Scrollbars;",
      resolveDir: path.resolve(__dirname, '../../../..'),
      loader: 'js',
    }));
  },
};

const NODE_MODULES = path.resolve(__dirname, '../../../../node_modules');

/**
 * Two resolutions webpack tolerates and esbuild does not: @grafana/scenes imports a `defaultOptions`
 * for the table panel that @grafana/schema's build lacks (webpack warns and leaves it undefined), and
 * `setPluginPage` (@grafana/runtime) and `initializeI18n` (@grafana/i18n) are internal (Grafana
 * imports them from source): the host takes them from the files the packages' indexes re-export
 * from, so each is one module.
 */
const grafanaResolutions: Plugin = {
  name: 'grafana-resolutions',
  setup(b) {
    b.onResolve(
      { filter: /^@grafana\/schema\/dist\/esm\/raw\/composable\/table\/panelcfg\/x\/TablePanelCfg_types\.gen$/ },
      () => ({
        path: 'table-panel-cfg',
        namespace: 'lenient',
      })
    );
    b.onLoad({ filter: /.*/, namespace: 'lenient' }, () => ({
      contents:
        `export * from ${JSON.stringify(path.join(NODE_MODULES, '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/types.gen.mjs'))};\n` +
        'export const defaultOptions = undefined;',
      resolveDir: NODE_MODULES,
      loader: 'js',
    }));
    b.onResolve({ filter: /^@grafana\/(runtime|i18n)\/dist\// }, (args) => ({
      path: path.join(NODE_MODULES, args.path),
    }));
  },
};

/** The host page's JavaScript and CSS, bundled in memory with esbuild (production React). */
export async function bundleHostPage(): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: [PAGE_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: !process.env.BROWSER_HOST_REBUILD,
    sourcemap: false,
    outdir: 'out',
    define: {
      'process.env.NODE_ENV': process.env.BROWSER_HOST_REBUILD ? '"development"' : '"production"',
      global: 'window',
    },
    loader: { '.ttf': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    plugins: [scrollbarsShim, grafanaResolutions],
    logLevel: 'error',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  return { js, css };
}
