import React from 'react';
import { css, cx } from '@emotion/css';
import { AppPluginMeta, GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2 } from '@grafana/ui';
import { useLocation } from 'react-router-dom';

const getStyles = (theme: GrafanaTheme2) => ({
  layout: css({ display: 'flex', minHeight: '100vh', background: theme.colors.background.canvas }),
  nav: css({
    width: 220,
    flexShrink: 0,
    borderRight: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.primary,
    padding: theme.spacing(2, 1),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  item: css({
    padding: theme.spacing(0.5, 1.5),
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.secondary,
    '&:hover': { background: theme.colors.action.hover, color: theme.colors.text.primary },
  }),
  active: css({ background: theme.colors.action.selected, color: theme.colors.text.primary }),
  main: css({ flex: 1, minWidth: 0 }),
});

/**
 * Grafana's navigation for the app, reduced: the app's name and its pages from plugin.json
 * `includes` with `addToNav` (the page paths with `%PLUGIN_ID%` already replaced by the build).
 */
export function HostChrome({ meta, children }: { meta: AppPluginMeta; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  const { pathname } = useLocation();
  const pages = (meta.includes ?? []).filter((inc) => inc.addToNav && inc.path);
  return (
    <div className={styles.layout}>
      <nav className={styles.nav} aria-label="App navigation">
        <Text element="h2" variant="h5">
          <Icon name="apps" /> {meta.name}
        </Text>
        {pages.map((inc) => (
          <a
            key={inc.path}
            href={inc.path}
            className={cx(styles.item, pathname.startsWith(inc.path!) && styles.active)}
          >
            {inc.name}
          </a>
        ))}
      </nav>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
