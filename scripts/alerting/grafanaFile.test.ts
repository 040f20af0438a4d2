/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { HASH_ANNOTATION } from '../../src/alerting/annotations';
import { ALERT_TEMPLATES } from '../../src/alerting/catalogue';
import { ruleFingerprint } from '../../src/alerting/render/grafanaRule';
import { GrafanaProvisioningFile } from './render/grafanaFile';

const file = parse(
  readFileSync(join(__dirname, '..', '..', 'provisioning', 'alerting', 'kubeobs-alert-rules.yaml'), 'utf8')
) as GrafanaProvisioningFile;
const rules = file.groups.flatMap((g) => g.rules.map((r) => ({ group: g, rule: r })));

/** What Grafana's file provisioning requires of the checked-in rules file. */
describe('provisioning/alerting/kubeobs-alert-rules.yaml (Grafana file provisioning)', () => {
  it('is apiVersion 1 with groups that name an org, a folder and an interval', () => {
    expect(file.apiVersion).toBe(1);
    expect(file.groups.length).toBeGreaterThan(0);
    for (const g of file.groups) {
      expect(g.orgId).toBe(1);
      expect(g.name).toMatch(/^kubeobs-/);
      expect(g.folder).toBeTruthy();
      expect(g.interval).toMatch(/^\d+[smh]$/);
    }
  });

  it('holds every template once, uids ≤ 40 characters and unique, titles unique per folder', () => {
    expect(rules.map((r) => r.rule.uid).sort()).toEqual(ALERT_TEMPLATES.map((t) => t.uid).sort());
    const byFolder = new Map<string, string[]>();
    for (const { group, rule } of rules) {
      expect(rule.uid.length).toBeLessThanOrEqual(40);
      expect(rule.uid).toMatch(/^[a-zA-Z0-9_-]+$/);
      byFolder.set(group.folder, [...(byFolder.get(group.folder) ?? []), rule.title]);
    }
    for (const titles of byFolder.values()) {
      expect(new Set(titles).size).toBe(titles.length);
    }
  });

  it.each(rules.map((r) => [r.rule.uid, r.rule]))(
    '%s: condition C thresholds B, B reduces A, queries are complete',
    (_, rule) => {
      const refs = new Map(rule.data.map((q) => [q.refId, q]));
      expect(refs.has(rule.condition)).toBe(true);
      const a = refs.get('A')!;
      const b = refs.get('B')!;
      const c = refs.get(rule.condition)!;
      expect(['prometheus', 'loki']).toContain(a.datasourceUid);
      expect(String(a.model.expr)).toBeTruthy();
      expect(b.datasourceUid).toBe('__expr__');
      expect(b.model).toMatchObject({ type: 'reduce', expression: 'A', reducer: 'last' });
      expect(c.datasourceUid).toBe('__expr__');
      expect(c.model).toMatchObject({ type: 'threshold', expression: 'B' });
      const evaluator = (c.model.conditions as Array<{ evaluator: { type: string; params: number[] } }>)[0].evaluator;
      expect(['gt', 'lt']).toContain(evaluator.type);
      expect(typeof evaluator.params[0]).toBe('number');
      for (const q of rule.data) {
        expect(q.datasourceUid).toBeTruthy();
        expect(q.relativeTimeRange).toEqual({ from: expect.any(Number), to: expect.any(Number) });
        expect(q.relativeTimeRange.from).toBeGreaterThanOrEqual(q.relativeTimeRange.to);
        expect(q.model.refId).toBe(q.refId);
      }
      expect(a.relativeTimeRange.from).toBeGreaterThan(0);
    }
  );

  it.each(rules.map((r) => [r.rule.uid, r.rule]))('%s: for, states, labels, annotations and hash', (_, rule) => {
    expect(rule.for).toMatch(/^\d+[smh]$/);
    expect(['NoData', 'Alerting', 'OK']).toContain(rule.noDataState);
    expect(['Error', 'Alerting', 'OK']).toContain(rule.execErrState);
    expect(rule.labels.severity).toMatch(/^(page|critical|warning|info)$/);
    // labels are env-interpolated by Grafana's file provisioning: no `$` allowed there
    expect(JSON.stringify(rule.labels)).not.toContain('$');
    expect(rule.annotations.summary).toBeTruthy();
    expect(rule.annotations.description).toBeTruthy();
    expect(rule.annotations.runbook).toContain('Fix:');
    // Grafana's $value is a string of all expressions; the number is $values.B.Value
    expect(rule.annotations.summary + rule.annotations.description).not.toMatch(/\$value\b/);
    expect(rule.annotations[HASH_ANNOTATION]).toBe(ruleFingerprint(rule));
  });

  it('the example contact point takes its webhook URL from the environment only', () => {
    const text = readFileSync(
      join(__dirname, '..', '..', 'provisioning', 'alerting', 'slack-example', 'kubeobs-slack-contact-point.yaml'),
      'utf8'
    );
    expect(text).toContain('url: $SLACK_WEBHOOK_URL');
    expect(text).not.toMatch(/hooks\.slack\.com|https?:\/\//);
  });
});
