import { RECORDING_RULE_GROUP, RECORDING_RULES } from '../../../src/queries/recordingRules';
import { InputSeries } from '../scenarios/types';
import { RecordingScenario } from '../scenarios/recording';

/** The app's recording rules as a Prometheus rule file (one group, evaluated every minute). */
export function renderRecordingRuleFile() {
  return {
    groups: [
      {
        name: RECORDING_RULE_GROUP,
        interval: '1m',
        rules: RECORDING_RULES.map((r) => ({ record: r.record, expr: r.expr })),
      },
    ],
  };
}

function labelsText(name: string, labels: Record<string, string>): string {
  const body = Object.entries(labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return `${name}{${body}}`;
}

/**
 * promtool tests of the recording rules: per scenario, the recorded series at `at` minutes
 * (`promql_expr_test` on the record name). Throws when a rule has no scenario, so a new rule
 * cannot ship untested.
 */
export function renderRecordingTestFile(ruleFile: string, scenarios: RecordingScenario[]) {
  const untested = RECORDING_RULES.filter((r) => !scenarios.some((sc) => sc.record === r.record));
  if (untested.length) {
    throw new Error(`recording rules without a promtool scenario: ${untested.map((r) => r.record).join(', ')}`);
  }
  return {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: scenarios.map((sc) => ({
      name: `${sc.record}: ${sc.name}`,
      interval: '1m',
      input_series: sc.series as InputSeries[],
      promql_expr_test: [
        {
          expr: sc.record,
          eval_time: `${sc.at}m`,
          exp_samples: sc.expect.map((e) => ({ labels: labelsText(sc.record, e.labels), value: e.value })),
        },
      ],
    })),
  };
}
