import { prometheusAnnotations, ruleLabels } from '../../../src/alerting/annotations';
import { expandAnnotation } from '../../../src/alerting/expand';
import { normalizeDuration } from '../../../src/alerting/render/grafanaRule';
import { ExpectedAlert, InputSeries, Scenario } from '../scenarios/types';
import { AlertTemplate } from '../../../src/alerting/types';

/** One `exp_alerts` entry of a promtool test. */
export interface PromtoolExpectedAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}

/** One test group of a promtool test file. */
export interface PromtoolTest {
  name: string;
  /** always set: promtool 2.42 never evaluates a group without it */
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: Array<{ eval_time: string; alertname: string; exp_alerts: PromtoolExpectedAlert[] }>;
}

/** A promtool test file (`promtool test rules FILE`). */
export interface PromtoolTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: PromtoolTest[];
}

/** The `for` of a template in whole minutes. */
export function forMinutes(template: AlertTemplate): number {
  return Number(normalizeDuration(template.for).replace('s', '')) / 60;
}

function expected(template: AlertTemplate, alert: ExpectedAlert): PromtoolExpectedAlert {
  const labels = { ...alert.labels, ...ruleLabels(template) };
  const annotations: Record<string, string> = {};
  for (const [key, text] of Object.entries(prometheusAnnotations(template))) {
    annotations[key] = expandAnnotation(text, labels, alert.value);
  }
  return { exp_labels: labels, exp_annotations: annotations };
}

function test(
  name: string,
  template: AlertTemplate,
  series: InputSeries[],
  minute: number,
  alert: ExpectedAlert | null
): PromtoolTest {
  return {
    name: `${template.id}: ${name}`,
    interval: '1m',
    input_series: series,
    alert_rule_test: [
      { eval_time: `${minute}m`, alertname: template.alert, exp_alerts: alert ? [expected(template, alert)] : [] },
    ],
  };
}

/**
 * The promtool tests of one template: fires at `activeFrom + for` with the expected labels and
 * annotations; does not fire one minute earlier (`for` boundary); does not fire with the value on
 * the threshold, five minutes after it could have; plus the scenario's extra cases.
 */
export function promtoolTestsFor(template: AlertTemplate, scenario: Scenario): PromtoolTest[] {
  const fireAt = scenario.firing.activeFrom + forMinutes(template);
  const tests = [
    test(
      `fires ${template.for} after the condition starts`,
      template,
      scenario.firing.series,
      fireAt,
      scenario.firing.expect
    ),
    test('pending one minute before its for duration ends', template, scenario.firing.series, fireAt - 1, null),
    test('value on the threshold does not fire', template, scenario.boundary, fireAt + 5, null),
  ];
  for (const extra of scenario.extra ?? []) {
    tests.push(test(extra.name, template, extra.series, extra.at, extra.expect));
  }
  return tests;
}

/**
 * A promtool test file for the templates of one rule file.
 *
 * @param ruleFile path of the rule file relative to the test file
 * @throws Error when a template has no scenario
 */
export function renderPromtoolTestFile(
  ruleFile: string,
  templates: readonly AlertTemplate[],
  scenarios: readonly Scenario[]
): PromtoolTestFile {
  const tests: PromtoolTest[] = [];
  for (const template of templates) {
    const scenario = scenarios.find((sc) => sc.templateId === template.id);
    if (!scenario) {
      throw new Error(`no promtool scenario for template ${template.id}`);
    }
    tests.push(...promtoolTestsFor(template, scenario));
  }
  return { rule_files: [ruleFile], evaluation_interval: '1m', tests };
}
