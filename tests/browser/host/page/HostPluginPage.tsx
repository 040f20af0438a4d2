import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, NavModelItem } from '@grafana/data';
import { PluginPageProps } from '@grafana/runtime';
import { Stack, Tab, TabsBar, Text, TextLink, useStyles2 } from '@grafana/ui';

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  breadcrumbs: css({ display: 'flex', gap: theme.spacing(1), color: theme.colors.text.secondary }),
});

/** The breadcrumb trail of a page: its parents' titles from the root down, then the page itself. */
function trail(nav: NavModelItem | undefined): NavModelItem[] {
  return nav ? [...trail(nav.parentItem), nav] : [];
}

/**
 * The host's `PluginPage` (set with `setPluginPage`, as Grafana sets its own): breadcrumbs from
 * `pageNav.parentItem`, the title (or `renderTitle`), sub title and actions (the page's controls),
 * tabs from `pageNav.children`, then the page.
 */
export function HostPluginPage({ pageNav, actions, renderTitle, subTitle, children }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  const crumbs = trail(pageNav).filter((n) => !n.hideFromBreadcrumbs);
  const title = pageNav?.text ?? '';
  return (
    <div className={styles.page}>
      <nav aria-label="Breadcrumbs" className={styles.breadcrumbs}>
        {crumbs.map((crumb, i) => (
          <span key={`${crumb.url}-${i}`}>
            {i > 0 && '› '}
            {crumb.url && i < crumbs.length - 1 ? (
              <TextLink href={crumb.url} inline={false}>
                {crumb.text}
              </TextLink>
            ) : (
              crumb.text
            )}
          </span>
        ))}
      </nav>
      <Stack justifyContent="space-between" alignItems="flex-start" wrap="wrap">
        <Stack direction="column" gap={0.5}>
          {renderTitle ? renderTitle(title) : <Text element="h1">{title}</Text>}
          {subTitle && <Text color="secondary">{subTitle}</Text>}
        </Stack>
        {actions && <Stack gap={1}>{actions}</Stack>}
      </Stack>
      {pageNav?.children?.length ? (
        <TabsBar>
          {pageNav.children.map((tab) => (
            <Tab key={tab.url} label={tab.text} href={tab.url} active={tab.active} icon={tab.icon as any} />
          ))}
        </TabsBar>
      ) : null}
      <div>{children}</div>
    </div>
  );
}
