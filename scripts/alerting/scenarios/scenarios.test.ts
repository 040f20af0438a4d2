import { ALERT_TEMPLATES } from '../../../src/alerting/catalogue';
import { SCENARIOS } from '.';

describe('promtool scenarios', () => {
  it('has a promtool scenario for every Prometheus template, and only for those', () => {
    const prom = ALERT_TEMPLATES.filter((t) => t.datasource === 'prometheus')
      .map((t) => t.id)
      .sort();
    expect(SCENARIOS.map((s) => s.templateId).sort()).toEqual(prom);
  });
});
