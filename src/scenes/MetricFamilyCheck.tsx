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
  /**
   * Selector of a series the app's recording rules write (`kubeobs:…`); set on pages whose panels
   * have recorded forms. The check then also probes it.
   */
  recordingProbe?: string;
  /** Once probed: whether the recorded series exist (the page then queries them); pages subscribe to it. */
  usesRecordingRules?: boolean;
}

/** refId of the recording-rule probe among the family probes. */
const RECORDING_REF = 'kubeobsRecordingRules';

/** True when any frame of a probe's result holds a number above zero (`count(...)` of a present family). */
export function hasPositiveValue(frames: DataFrame[]): boolean {
  return frames.some((frame) =>
    frame.fields.some((f) => f.type === 'number' && f.values.some((v) => typeof v === 'number' && v > 0))
  );
}

/**
 * Runs one cheap instant query per metric family when the page opens (`count(<probe>)`), keeps the
 * families found missing in its state (`missing`, to which the page subscribes to hide panels), and
 * on pages with recorded forms whether the recording rules' series exist (`usesRecordingRules`), and
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
        queries: [
          ...state.families.map((id) => ({
            refId: id,
            expr: probeQuery(METRIC_FAMILIES[id]),
            instant: true,
            range: false,
          })),
          ...(state.recordingProbe
            ? [{ refId: RECORDING_REF, expr: `count(${state.recordingProbe})`, instant: true, range: false }]
            : []),
        ],
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
      // The data source itself failed: do not claim metrics are missing; panels show the error.
      this.setState({ error, missing: [], usesRecordingRules: undefined });
      return;
    }
    const missing = this.state.families.filter((id) => !hasPositiveValue(series.filter((f) => f.refId === id)));
    const recorded = hasPositiveValue(series.filter((f) => f.refId === RECORDING_REF));
    this.setState({
      error: undefined,
      missing: missing.map((id) => METRIC_FAMILIES[id]),
      usesRecordingRules: this.state.recordingProbe ? recorded : undefined,
    });
  }
}

/** Says which form of the queries the page runs: over the recording rules' series, or raw. */
function RecordingRulesStatus({ recorded }: { recorded: boolean }) {
  return (
    <div data-testid={testIds.missingData.recordingRules}>
      <Text color="secondary" variant="bodySmall">
        {recorded
          ? 'Queries read the series of the app’s recording rules (kubeobs:…).'
          : 'Queries compute from raw series. On large clusters, install the app’s recording rules (Alerts page) to make this page faster.'}
      </Text>
    </div>
  );
}

function MetricFamilyCheckRenderer({ model }: SceneComponentProps<MetricFamilyCheck>) {
  const { missing, hides, error, usesRecordingRules } = model.useState();
  const status = usesRecordingRules === undefined ? null : <RecordingRulesStatus recorded={usesRecordingRules} />;
  if (error) {
    return (
      <Alert severity="error" title="The Prometheus data source did not answer" data-testid={testIds.missingData.error}>
        {error}. Check the data source selected above (Connections → Data sources → Test), or pick another one.
      </Alert>
    );
  }
  if (!missing?.length) {
    return status;
  }
  return (
    <Stack direction="column" gap={1}>
      {status}
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
    </Stack>
  );
}
