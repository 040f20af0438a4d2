import { RecordingRule } from '../../queries/recordingRules';
import { hashString } from '../hash';
import { RuleTarget } from './grafanaApi';
import { GrafanaRuleQuery } from './grafanaRule';

/**
 * Body of a Grafana-managed recording rule for the alerting provisioning API (Grafana 11.4+ with
 * the `grafanaManagedRecordingRules` feature; GA in Grafana 12): query A on the Prometheus data
 * source, `record.metric` the recorded name, written through `record.target_datasource_uid` (a
 * Prometheus that accepts remote write, `--web.enable-remote-write-receiver`). Alert-only fields
 * carry neutral values.
 */
export interface ProvisionedRecordingRule {
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: GrafanaRuleQuery[];
  record: { metric: string; from: string; target_datasource_uid: string };
  noDataState: 'OK';
  execErrState: 'Error';
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
}

/** Stable uid of a recording rule in Grafana (≤ 40 characters): `kubeobs-rec-<hash of the name>`. */
export function recordingRuleUid(record: string): string {
  return `kubeobs-rec-${hashString(record)}`;
}

/** Seconds of data the query looks back: the rules' rate windows are 5m. */
const LOOKBACK_SECONDS = 600;

/** Renders one of the app's recording rules as a Grafana-managed recording rule. */
export function renderGrafanaRecordingRule(
  rule: RecordingRule,
  target: RuleTarget,
  datasourceUid: string
): ProvisionedRecordingRule {
  return {
    uid: recordingRuleUid(rule.record),
    orgID: target.orgID ?? 1,
    folderUID: target.folderUID,
    ruleGroup: target.ruleGroup,
    title: rule.record,
    condition: 'A',
    data: [
      {
        refId: 'A',
        relativeTimeRange: { from: LOOKBACK_SECONDS, to: 0 },
        datasourceUid,
        model: { refId: 'A', expr: rule.expr, instant: true, range: false, editorMode: 'code' },
      },
    ],
    record: { metric: rule.record, from: 'A', target_datasource_uid: datasourceUid },
    noDataState: 'OK',
    execErrState: 'Error',
    for: '0s',
    labels: { kubeobs_area: 'recording' },
    annotations: { description: rule.description },
    isPaused: false,
  };
}
