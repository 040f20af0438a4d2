import { PROMETHEUS_PAGES, variablesIn } from './catalogue';
import { RECORDING_PROBE_METRIC, RECORDING_RULES } from './recordingRules';

const recordedNames = (expr: string) => [...expr.matchAll(/\bkubeobs:[a-z0-9_]+:[a-z0-9_]+\b/g)].map((m) => m[0]);
const targets = PROMETHEUS_PAGES.flatMap((page) =>
  page.panels.flatMap((panel) => panel.targets.map((t) => ({ where: `${page.route} ${panel.key}`, ...t })))
);

describe('recording rules', () => {
  it('have unique kubeobs:level:metric:operations names and no Grafana variables', () => {
    const names = RECORDING_RULES.map((r) => r.record);
    expect(new Set(names).size).toBe(names.length);
    for (const r of RECORDING_RULES) {
      expect(r.record).toMatch(/^kubeobs:[a-z_]+:[a-z0-9_]+$/);
      expect({ record: r.record, variables: variablesIn(r.expr) }).toEqual({ record: r.record, variables: [] });
      expect(r.expr).toMatch(/\bcluster\b/);
    }
  });

  it('read only series recorded before them in the group', () => {
    RECORDING_RULES.forEach((r, i) => {
      const earlier = RECORDING_RULES.slice(0, i).map((x) => x.record);
      expect(recordedNames(r.expr).filter((n) => !earlier.includes(n))).toEqual([]);
    });
  });

  it('are what the pages’ recorded forms read, and every rule is read', () => {
    const defined = new Set(RECORDING_RULES.map((r) => r.record));
    const used = targets.flatMap((t) => recordedNames(t.recorded ?? ''));
    expect(used.filter((n) => !defined.has(n))).toEqual([]);
    const read = new Set([...used, ...RECORDING_RULES.flatMap((r) => recordedNames(r.expr)), RECORDING_PROBE_METRIC]);
    expect([...defined].filter((n) => !read.has(n))).toEqual([]);
  });

  it('recorded forms keep the variables of their raw query (minus the rate window)', () => {
    const withRecorded = targets.filter((t) => t.recorded);
    expect(withRecorded.length).toBeGreaterThan(10);
    for (const t of withRecorded) {
      const raw = variablesIn(t.expr).filter((v) => !v.startsWith('__'));
      expect({ where: t.where, variables: variablesIn(t.recorded!) }).toEqual({ where: t.where, variables: raw });
    }
  });
});
