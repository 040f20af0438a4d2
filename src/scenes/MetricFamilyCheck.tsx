import React from 'react';
import { DataFrame, LoadingState } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert, Text } from '@grafana/ui';
import { METRIC_FAMILIES, MetricFamily, probeQuery } from '../queries/features';
import { testIds } from '../components/testIds';
import { PROMETHEUS_DS } from './datasourceVariables';

export interface MetricFamilyCheckState extends SceneObjectState {
  /** Family ids the page's panels require (see queries/features.ts). */
  families: string[];
  /** Families whose probe returned nothing, once the probes ran. */
  missing?: MetricFamily[];
  /** Panel titles hidden because a family is missing, by family id. */
  hiddenPanels?: Record<string, string[]>;
  /** Set when the probes themselves failed (data source down): the message of the error. */
  error?: string;
  /**
   * Selector of a series the app's recording rules write (`kubeobs:…`); set on pages whose panels
   * have recorded forms. The check then also probes it and tells listeners which form to use.
   */
  recordingProbe?: string;
  /** Once probed: whether the recorded series exist (the page then queries them). */
  usesRecordingRules?: boolean;
}

/** refId of the recording-rule probe among the family probes. */
const RECORDING_REF = 'kubeobsRecordingRules';

/**
 * Called with the ids of the families found and missing, and whether the recorded series exist,
 * every time the probes complete (after a failed probe: nothing missing, no recorded series).
 */
export type FamiliesListener = (present: Set<string>, missing: Set<string>, recorded: boolean) => void;

/** True when any frame of a probe's result holds a number above zero (`count(...)` of a present family). */
export function hasPositiveValue(frames: DataFrame[]): boolean {
  return frames.some((frame) =>
    frame.fields.some((f) => f.type === 'number' && f.values.some((v) => typeof v === 'number' && v > 0))
  );
}

/**
 * Runs one cheap instant query per metric family when the page opens (`count(<probe>)`), then tells
 * the page which families are missing and renders what to do about each: the Helm value or the
 * exporter that provides it. Re-runs when `$ds` or `$cluster` change.
 */
export class MetricFamilyCheck extends SceneObjectBase<MetricFamilyCheckState> {
  static Component = MetricFamilyCheckRenderer;
  private listeners: FamiliesListener[] = [];

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

  /** Registers a listener for probe results (the page hides panels with it). */
  public onResult(listener: FamiliesListener): void {
    this.listeners.push(listener);
  }

  /** Records which panels were hidden for which family, for the message. */
  public setHiddenPanels(hiddenPanels: Record<string, string[]>): void {
    this.setState({ hiddenPanels });
  }

  private onProbes(series: DataFrame[], error?: string): void {
    if (error) {
      // The data source itself failed: do not claim metrics are missing; panels show the error.
      this.setState({ error, missing: [], usesRecordingRules: undefined });
      this.listeners.forEach((l) => l(new Set(), new Set(), false));
      return;
    }
    const present = new Set<string>();
    const missing = new Set<string>();
    for (const id of this.state.families) {
      (hasPositiveValue(series.filter((f) => f.refId === id)) ? present : missing).add(id);
    }
    const recorded =
      Boolean(this.state.recordingProbe) && hasPositiveValue(series.filter((f) => f.refId === RECORDING_REF));
    this.setState({
      error: undefined,
      missing: [...missing].map((id) => METRIC_FAMILIES[id]),
      usesRecordingRules: this.state.recordingProbe ? recorded : undefined,
    });
    this.listeners.forEach((l) => l(present, missing, recorded));
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
  const { missing, hiddenPanels, error, usesRecordingRules } = model.useState();
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
    <>
      {status}
      <Alert
        severity="info"
        title="Some metrics were not found, so some panels are hidden"
        data-testid={testIds.missingData.banner}
      >
        <ul>
          {missing.map((family) => (
            <li key={family.id} data-testid={testIds.missingData.family(family.id)}>
              <strong>{family.name}</strong>
              {hiddenPanels?.[family.id]?.length ? ` (hides: ${hiddenPanels[family.id].join(', ')})` : ''}. {family.fix}
            </li>
          ))}
        </ul>
      </Alert>
    </>
  );
}
