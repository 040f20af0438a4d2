/**
 * The browser host: a page that loads the built plugin (`dist/module.js`) the way Grafana loads an
 * app plugin and renders its root page or its config page. See tests/browser/README.md.
 */
import React, { useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Route, Router, Routes } from 'react-router-dom';
import { AppPlugin, AppPluginMeta, PluginContextProvider, ThemeContext, urlUtil } from '@grafana/data';
import { config, LocationServiceProvider, locationService } from '@grafana/runtime';
import { GlobalStyles, LoadingPlaceholder } from '@grafana/ui';
// Internal to @grafana/i18n (Grafana core imports it from source); see server/bundle.ts.
import { initializeI18n } from '@grafana/i18n/dist/esm/i18n.mjs';
import { registerExternals, systemJs } from './externals';
import { HostChrome } from './HostChrome';
import { HostDatasource } from './datasources';
import { installRuntimeServices } from './services';

/** What the host server puts in the page next to `grafanaBootData`. */
interface HostBoot {
  pluginId: string;
  datasources: HostDatasource[];
}

/** A router on Grafana's history (`locationService.getHistory()`), as Grafana's app renders plugins. */
function HostRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((next: typeof location) => setLocation(next)), [history]);
  return (
    <Router location={location} navigator={history}>
      {children}
    </Router>
  );
}

function AppRoot({ plugin, meta }: { plugin: AppPlugin; meta: AppPluginMeta }) {
  const Root = plugin.root!;
  const location = locationService.getLocation();
  return (
    <PluginContextProvider meta={meta}>
      <Root
        meta={meta}
        basename={`/a/${meta.id}`}
        onNavChanged={() => undefined}
        query={urlUtil.parseKeyValue(location.search.slice(1)) as any}
        path={location.pathname}
      />
    </PluginContextProvider>
  );
}

function ConfigPage({ plugin, meta }: { plugin: AppPlugin; meta: AppPluginMeta }) {
  const page = plugin.configPages?.[0];
  if (!page) {
    return <div>The plugin has no config page</div>;
  }
  const Body = page.body;
  return (
    <PluginContextProvider meta={meta}>
      <div style={{ padding: 24, maxWidth: 960 }}>
        <h1>{meta.name}</h1>
        <h2>{page.title}</h2>
        <Body plugin={plugin} query={{}} />
      </div>
    </PluginContextProvider>
  );
}

async function boot() {
  const host = (window as unknown as { __browserHost: HostBoot }).__browserHost;
  installRuntimeServices(host.datasources, (window as any).grafanaBootData.user);
  // Grafana starts its translations before anything renders (@grafana/ui's texts go through them),
  // with its own namespace: plugins' initPluginTranslations adds theirs to the same i18next.
  await initializeI18n({ language: 'en-US', ns: ['grafana'] });
  const meta: AppPluginMeta = await (await fetch(`/api/plugins/${host.pluginId}/settings`)).json();
  registerExternals();
  const exports = await systemJs().import(`/public/plugins/${host.pluginId}/module.js`);
  // What Grafana's importAppPlugin does with the module's exports.
  const plugin = exports.plugin as AppPlugin;
  plugin.init(meta);
  plugin.meta = meta;
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={config.theme2}>
      <GlobalStyles />
      <LocationServiceProvider service={locationService}>
        <HostRouter>
          <HostChrome meta={meta}>
            <React.Suspense fallback={<LoadingPlaceholder text="Loading..." />}>
              <Routes>
                <Route path={`/a/${meta.id}/*`} element={<AppRoot plugin={plugin} meta={meta} />} />
                <Route path={`/plugins/${meta.id}`} element={<ConfigPage plugin={plugin} meta={meta} />} />
              </Routes>
            </React.Suspense>
          </HostChrome>
        </HostRouter>
      </LocationServiceProvider>
    </ThemeContext.Provider>
  );
}

window.addEventListener('load', () => {
  boot().catch((e) => {
    console.error('browser host: boot failed', e);
    document.getElementById('root')!.textContent = `Boot failed: ${(e as Error).message}`;
  });
});
