import React, { ComponentType } from 'react';
import { css } from '@emotion/css';
import { DataFrame, GrafanaTheme2, PanelData } from '@grafana/data';
import { SceneComponentProps, SceneObject, SceneObjectBase, SceneObjectState, sceneGraph } from '@grafana/scenes';
import { Stack, Text, useStyles2 } from '@grafana/ui';
import { connectivityReportOf } from '../../gateway/connectivityFrames';
import { ConnectivityReport } from '../../gateway/connectivityTypes';
import { PAIR_PICKER_KEY, Pair, PairPicker } from './PairPicker';

/** What a section's view gets: the report, the query's data (other frames, errors) and the section. */
export interface ReportViewProps {
  report: ConnectivityReport;
  data: PanelData;
  model: SceneObject;
}

export interface ConnectivitySectionState extends SceneObjectState {
  title: string;
  /** One sentence under the title: where its content comes from. */
  description?: string;
  /** `data-testid` of the section. */
  testId: string;
  view: ComponentType<ReportViewProps>;
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    padding: theme.spacing(2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});

/**
 * One section of the Troubleshoot page (findings, policies, DNS answers, HTTP errors, suggested
 * policy): a title and a view of the connectivity report the scene's query returned. Shows nothing
 * until there is a report; the summary says what is happening meanwhile.
 */
export class ConnectivitySection extends SceneObjectBase<ConnectivitySectionState> {
  static Component = ConnectivitySectionRenderer;
}

const normalized = (side: string) => side.trim().toLowerCase().replace(/\.$/, '');

/**
 * The connectivity report in a query's frames when it answers `pair` (the gateway writes DNS names
 * in lower case without the trailing dot), else undefined: while the next pair's answer loads, the
 * previous pair's report is not shown as if it were this one's.
 */
export function reportOf(series: DataFrame[] | undefined, pair: Pair): ConnectivityReport | undefined {
  const report = connectivityReportOf(series ?? []);
  const same = (a: string | undefined, b: string) => a !== undefined && normalized(a) === normalized(b);
  return report && same(pair.source, report.from) && same(pair.destination, report.to) ? report : undefined;
}

function ConnectivitySectionRenderer({ model }: SceneComponentProps<ConnectivitySection>) {
  const styles = useStyles2(getStyles);
  const { title, description, testId, view: View } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const pair = sceneGraph.findByKeyAndType(model, PAIR_PICKER_KEY, PairPicker).useState();
  const report = reportOf(data?.series, pair);
  if (!report || !data) {
    return null;
  }
  return (
    <section className={styles.section} aria-label={title} data-testid={testId}>
      <Stack direction="column" gap={1}>
        <Text element="h3" variant="h5">
          {title}
        </Text>
        {description && (
          <Text color="secondary" variant="bodySmall">
            {description}
          </Text>
        )}
        <View report={report} data={data} model={model} />
      </Stack>
    </section>
  );
}
