/**
 * The modules a plugin's `module.js` may import from Grafana instead of bundling them: the list in
 * `.config/bundler/externals.ts`, each provided from the npm package (and version) the plugin
 * builds against. Not provided because nothing installs them here (and the app imports none):
 * `angular`, `emotion` (v10), `@grafana/slate-react`.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as d3 from 'd3';
import * as i18next from 'i18next';
import * as jquery from 'jquery';
import * as lodash from 'lodash';
// eslint-disable-next-line no-restricted-imports -- Grafana provides moment to plugins; the host must too
import * as moment from 'moment';
import * as prismjs from 'prismjs';
import * as react from 'react';
import * as reactJsxDevRuntime from 'react/jsx-dev-runtime';
import * as reactJsxRuntime from 'react/jsx-runtime';
import * as reactDom from 'react-dom';
import * as reactRedux from 'react-redux';
import * as reactRouter from 'react-router';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as slate from 'slate';
import * as slatePlainSerializer from 'slate-plain-serializer';

export const EXTERNALS: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  d3,
  i18next,
  jquery,
  lodash,
  moment,
  prismjs,
  react,
  'react/jsx-dev-runtime': reactJsxDevRuntime,
  'react/jsx-runtime': reactJsxRuntime,
  'react-dom': reactDom,
  'react-redux': reactRedux,
  'react-router': reactRouter,
  redux,
  rxjs,
  slate,
  'slate-plain-serializer': slatePlainSerializer,
};

interface SystemJS {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import(url: string): Promise<any>;
}

/** SystemJS (6.15, `dist/system.js` + `dist/extras/amd.js`), loaded by the host page after this bundle. */
export function systemJs(): SystemJS {
  const system = (window as unknown as { System?: SystemJS }).System;
  if (!system) {
    throw new Error('SystemJS is not loaded: the host page loads system.js and amd.js after the host bundle');
  }
  return system;
}

/** Registers every external as Grafana does: `package:<name>` modules and an import map from the bare names. */
export function registerExternals(): void {
  const system = systemJs();
  const imports: Record<string, string> = {};
  for (const [name, ns] of Object.entries(EXTERNALS)) {
    const namespace = ns as { default?: unknown };
    system.set(`package:${name}`, { ...namespace, default: namespace.default ?? namespace, __useDefault: true });
    imports[name] = `package:${name}`;
  }
  system.addImportMap({ imports });
}
