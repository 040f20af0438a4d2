import React, { Suspense, lazy } from 'react';
import { AppPlugin, type AppRootProps } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { LoadingPlaceholder } from '@grafana/ui';
import type { AppConfigProps } from './components/AppConfig/AppConfig';
import { PLUGIN_ID } from './constants';
import { AppJsonData } from './settings';

/**
 * The plugin's own copy of @grafana/i18n (bundled with @grafana/scenes) must be initialised before
 * anything renders, as Grafana's apps do; else every scene logs "t() was called before i18n was
 * initialized". Started once, awaited by both lazy roots.
 */
let translations: Promise<unknown> | undefined;
function withTranslations<T>(load: () => Promise<T>): () => Promise<T> {
  return async () => {
    // scenes stays in the lazy chunks: its translations are loaded from there
    translations ??= import('@grafana/scenes').then(({ loadResources }) =>
      initPluginTranslations(PLUGIN_ID, [loadResources])
    );
    await translations;
    return load();
  };
}

const LazyApp = lazy(withTranslations(() => import('./components/App/App')));
const LazyAppConfig = lazy(withTranslations(() => import('./components/AppConfig/AppConfig')));

const App = (props: AppRootProps<AppJsonData>) => (
  <Suspense fallback={<LoadingPlaceholder text="" />}>
    <LazyApp {...props} />
  </Suspense>
);

const AppConfig = (props: AppConfigProps) => (
  <Suspense fallback={<LoadingPlaceholder text="" />}>
    <LazyAppConfig {...props} />
  </Suspense>
);

export const plugin = new AppPlugin<AppJsonData>().setRootPage(App).addConfigPage({
  title: 'Configuration',
  icon: 'cog',
  body: AppConfig,
  id: 'configuration',
});
