import React from 'react';
import { getDataSourceSrv } from '@grafana/runtime';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneReactObject } from '@grafana/scenes';
import { Alert, LinkButton, Stack, Text } from '@grafana/ui';
import { testIds } from '../components/testIds';
import { CONFIG_PAGE_URL } from '../constants';

/** True when Grafana has at least one data source of the plugin type (`prometheus`, `loki`, `tempo`, `jaeger`). */
export function hasDatasourceOfType(...types: string[]): boolean {
  return types.some((type) => getDataSourceSrv().getList({ type }).length > 0);
}

const NAMES: Record<string, string> = { prometheus: 'Prometheus', loki: 'Loki', tempo: 'Tempo', jaeger: 'Jaeger' };

/**
 * The scene shown instead of a page when no data source of the type it needs exists: says what to
 * add and links to Grafana's "Add data source" page for that type.
 */
export function missingDatasourceScene(type: string, purpose: string): EmbeddedScene {
  const name = NAMES[type] ?? type;
  return new EmbeddedScene({
    body: new SceneFlexLayout({
      children: [
        new SceneFlexItem({
          body: new SceneReactObject({
            component: () => (
              <div data-testid={testIds.missingData.splash}>
                <Alert severity="warning" title={`No ${name} data source`}>
                  <Stack direction="column" gap={1}>
                    <Text element="p">
                      This page needs a {name} data source for {purpose}. Add one that points at your {name} server,
                      then choose it in this app&apos;s configuration page (or in the data source picker at the top of
                      the page).
                    </Text>
                    <Stack gap={1}>
                      <LinkButton href={`/connections/datasources/${type}`} icon="plus">
                        Add a {name} data source
                      </LinkButton>
                      <LinkButton href={CONFIG_PAGE_URL} variant="secondary" icon="cog">
                        App configuration
                      </LinkButton>
                    </Stack>
                  </Stack>
                </Alert>
              </div>
            ),
          }),
        }),
      ],
    }),
  });
}

/** Builds the page's scene, or the splash when Prometheus is missing. */
export function prometheusSceneOrSplash(build: () => EmbeddedScene): EmbeddedScene {
  return hasDatasourceOfType('prometheus') ? build() : missingDatasourceScene('prometheus', 'its metrics');
}
