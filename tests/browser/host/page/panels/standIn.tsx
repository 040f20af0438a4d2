import React, { useState } from 'react';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { css } from '@emotion/css';
import { RadioButtonGroup, Stack, Table, Text, useStyles2 } from '@grafana/ui';

/** `data-testid` of a stand-in panel's notice, so tests and screenshots can tell it from a real panel. */
export const STAND_IN_TEST_ID = 'data-testid browser-host-stand-in';

const getStyles = (theme: GrafanaTheme2) => ({
  notice: css({ color: theme.colors.text.secondary, fontStyle: 'italic' }),
});

/**
 * A stand-in for a panel plugin that is not published on npm (node graph, logs, traces): says so,
 * then shows the frames it received as @grafana/ui `Table`s, one at a time. Cells of fields with
 * data links open Grafana's link menu, as clicking a node or an edge of the node graph does.
 */
export function standInPanel(what: string) {
  return function StandInPanel({ data, width, height }: PanelProps) {
    const styles = useStyles2(getStyles);
    const frames = data.series.filter((f) => f.length > 0);
    const [selected, setSelected] = useState(0);
    const frame = frames[Math.min(selected, frames.length - 1)];
    const header = 56;
    return (
      <Stack direction="column" gap={1}>
        <div className={styles.notice} data-testid={STAND_IN_TEST_ID}>
          Stand-in for Grafana&apos;s {what} panel (not published on npm): the {frames.length} data frame
          {frames.length === 1 ? '' : 's'} it received.
        </div>
        {frames.length > 1 && (
          <RadioButtonGroup
            size="sm"
            value={selected}
            onChange={setSelected}
            options={frames.map((f, i) => ({
              value: i,
              label: `${f.name || f.refId || `frame ${i + 1}`} (${f.length})`,
            }))}
          />
        )}
        {frame ? (
          <Table data={frame} width={width} height={Math.max(height - header, 60)} />
        ) : (
          <Text color="secondary">No frames</Text>
        )}
      </Stack>
    );
  };
}
