import React from 'react';
import { DataFrame, LoadingState } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert, Stack, Text } from '@grafana/ui';
import { METRIC_FAMILIES, MetricFamily, probeQuery } from '../queries/features';
import { testIds } from '../components/testIds';
import { PROMETHEUS_DS } from './datasourceVariables';

export interface MetricFamilyCheckState extends SceneObjectState {
  /** Family ids the page's panels require (see queries/features.ts). */
  families: string[];
  /** What the page loses without each family (panel titles), by family id: named in the message. */
  hides?: Record<string, string[]>;
  /** Families whose probe returned nothing, once the probes ran; pages hide panels by subscribing to it. */
  missing?: MetricFamily[];
  /** Set when the probes themselves failed (data source down): the message of the error. */
  error?: string;
}

/** True when any frame of a probe's result holds a number above zero (`count(...)` of a present family). */
export function hasPositiveValue(frames: DataFrame[]): boolean {
  return frames.some((frame) =>
    frame.fields.some((f) => f.type === 'number' && f.values.some((v) => typeof v === 'number' && v > 0))
  );
}

/**
 * Runs one cheap instant query per metric family when the page opens (`count(<probe>)`), keeps the
 * families found missing in its state (`missing`, to which the page subscribes to hide panels) and
 * renders what to do about each: the Helm value or the exporter that provides it. Re-runs when
 * `$ds` or `$cluster` change.
 */
export class MetricFamilyCheck extends SceneObjectBase<MetricFamilyCheckState> {
  static Component = MetricFamilyCheckRenderer;

  constructor(state: Omit<MetricFamilyCheckState, '$data'>) {
    super({
      ...state,
      $data: new SceneQueryRunner({
        datasource: PROMETHEUS_DS,
        queries: state.families.map((id) => ({
          refId: id,
          expr: probeQuery(METRIC_FAMILIES[id]),
          instant: true,
          range: false,
        })),
      }),
    });
    this.addActivationHandler(() => {
      const sub = (this.state.$data as SceneQueryRunner).subscribeToState((data) => {
        if (data.data?.state === LoadingState.Done || data.data?.state === LoadingState.Error) {
          this.onProbes(
            data.data.series,
            data.data.state === LoadingState.Error ? (data.data.errors?.[0]?.message ?? 'query failed') : undefined
          );
        }
      });
      return () => sub.unsubscribe();
    });
  }

  private onProbes(series: DataFrame[], error?: string): void {
    if (error) {
      // The data source itself failed: do not claim metrics are missing.
      this.setState({ error, missing: [] });
      return;
    }
    const missing = this.state.families.filter((id) => !hasPositiveValue(series.filter((f) => f.refId === id)));
    this.setState({ error: undefined, missing: missing.map((id) => METRIC_FAMILIES[id]) });
  }
}

function MetricFamilyCheckRenderer({ model }: SceneComponentProps<MetricFamilyCheck>) {
  const { missing, hides, error } = model.useState();
  if (error) {
    return (
      <Alert severity="error" title="The Prometheus data source did not answer" data-testid={testIds.missingData.error}>
        {error}. Check the data source selected above (Connections → Data sources → Test), or pick another one.
      </Alert>
    );
  }
  if (!missing?.length) {
    return null;
  }
  return (
    <Alert
      severity="info"
      title="Some metrics were not found, so some panels are hidden"
      data-testid={testIds.missingData.banner}
    >
      <Stack direction="column" gap={1}>
        {missing.map((family) => (
          <Text key={family.id} element="p" data-testid={testIds.missingData.family(family.id)}>
            <Text weight="bold">{family.name}</Text>
            {hides?.[family.id]?.length ? ` (hides: ${hides[family.id].join(', ')})` : ''}. {family.fix}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
