import { HASH_ANNOTATION } from '../annotations';
import { ALERT_TEMPLATES, findTemplate } from '../catalogue';
import { ruleFingerprint } from '../render/grafanaRule';
import { RuleInstaller } from './installer';
import { recordingRuleUid } from '../render/grafanaRecordingRule';
import { RECORDING_RULE_GROUP, RECORDING_RULES } from '../../queries/recordingRules';
import { FakeGrafana } from '../../test/alerting/fakeGrafana';
import { nodeTransport } from '../../test/alerting/nodeTransport';

const DS = { prometheus: 'prom-uid', loki: 'loki-uid' };
const picked = ['k8s-target-down', 'cilium-bpf-map-pressure', 'hubble-http-5xx-ratio', 'loki-error-log-rate'].map(
  (id) => findTemplate(id)!
);

describe('RuleInstaller against a local HTTP server', () => {
  let grafana: FakeGrafana;
  let installer: RuleInstaller;

  beforeEach(async () => {
    grafana = new FakeGrafana();
    installer = new RuleInstaller(nodeTransport(await grafana.start()));
  });

  afterEach(async () => {
    await grafana.stop();
    expect(grafana.violations).toEqual([]);
  });

  async function installPicked(params: Record<string, Record<string, string | number>> = {}) {
    const folderUID = await installer.ensureFolder('Kubernetes Observability', 'kubeobs-alerts');
    return installer.install(
      picked.map((template) => ({ template, params: params[template.id] })),
      { folderUID, ruleGroup: 'kubeobs', intervalSeconds: 120, datasourceUids: DS }
    );
  }

  it('ensureFolder looks the folder up by title first and creates it only when missing', async () => {
    expect(await installer.ensureFolder('Kubernetes Observability', 'kubeobs-alerts')).toBe('kubeobs-alerts');
    expect(await installer.ensureFolder('Kubernetes Observability', 'other')).toBe('kubeobs-alerts');
    const posts = grafana.requests.filter((r) => r.path === '/api/folders' && r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toEqual({ title: 'Kubernetes Observability', uid: 'kubeobs-alerts' });
    expect(posts[0].headers['content-type']).toMatch(/^application\/json/);
  });

  it('install POSTs each rule with X-Disable-Provenance and a complete body, then sets the group interval', async () => {
    const report = await installPicked();
    expect(report).toEqual({
      ok: true,
      warnings: [],
      results: picked.map((t) => ({ uid: t.uid, templateId: t.id, outcome: 'created' })),
    });
    const posts = grafana.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/provisioning/alert-rules');
    expect(posts).toHaveLength(picked.length);
    for (const post of posts) {
      expect(post.headers['x-disable-provenance']).toBe('true');
      expect(post.headers['content-type']).toMatch(/^application\/json/);
      expect(post.body).toMatchObject({
        orgID: 1,
        folderUID: 'kubeobs-alerts',
        ruleGroup: 'kubeobs',
        condition: 'C',
        noDataState: 'OK',
        execErrState: 'Error',
        isPaused: false,
      });
    }
    const bpf = grafana.rules.get('kubeobs-cilium-bpf-map-pressure')!;
    expect(bpf.data[0]).toMatchObject({
      refId: 'A',
      datasourceUid: 'prom-uid',
      model: { expr: expect.stringContaining('cilium_bpf_map_pressure') },
    });
    expect(grafana.rules.get('kubeobs-loki-error-log-rate')!.data[0].datasourceUid).toBe('loki-uid');
    expect(bpf.for).toBe('10m');
    expect(bpf.annotations[HASH_ANNOTATION]).toMatch(/^[0-9a-f]{14}$/);
    expect(grafana.groupIntervals.get('kubeobs-alerts/kubeobs')).toBe(120);
    const groupPut = grafana.requests.find((r) => r.method === 'PUT' && r.path.includes('/rule-groups/'))!;
    expect(groupPut.headers['x-disable-provenance']).toBe('true');
  });

  it('reinstall is idempotent: PUT by the same uids, no duplicates, new parameters applied', async () => {
    await installPicked();
    const report = await installPicked({ 'cilium-bpf-map-pressure': { threshold: 0.8 } });
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => r.outcome)).toEqual(picked.map(() => 'updated'));
    expect(grafana.rules.size).toBe(picked.length);
    const puts = grafana.requests.filter(
      (r) => r.method === 'PUT' && r.path.startsWith('/api/v1/provisioning/alert-rules/')
    );
    expect(puts.map((p) => p.path)).toEqual(picked.map((t) => `/api/v1/provisioning/alert-rules/${t.uid}`));
    const c = grafana.rules.get('kubeobs-cilium-bpf-map-pressure')!.data.find((q) => q.refId === 'C')!;
    expect(c.model.conditions).toEqual([{ evaluator: { type: 'gt', params: [0.8] } }]);
  });

  it('a failing create rolls back the rules created before it and reports per rule', async () => {
    grafana.fault = (method, path, body) =>
      method === 'POST' && (body as { uid?: string })?.uid === 'kubeobs-hubble-http-5xx-ratio' ? 500 : undefined;
    const report = await installPicked();
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => [r.templateId, r.outcome])).toEqual([
      ['k8s-target-down', 'rolled-back'],
      ['cilium-bpf-map-pressure', 'rolled-back'],
      ['hubble-http-5xx-ratio', 'failed'],
      ['loki-error-log-rate', 'skipped'],
    ]);
    expect(report.results[2].error).toContain('HTTP 500');
    expect(grafana.rules.size).toBe(0);
  });

  it('a failing update restores the previous versions of the rules updated before it', async () => {
    await installPicked();
    const before = JSON.stringify([...grafana.rules.values()]);
    grafana.fault = (method, path) =>
      method === 'PUT' && path.endsWith('/kubeobs-loki-error-log-rate') ? 503 : undefined;
    const report = await installPicked({
      'k8s-target-down': { threshold: 0.5 },
      'cilium-bpf-map-pressure': { threshold: 0.7 },
    });
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => r.outcome)).toEqual(['rolled-back', 'rolled-back', 'rolled-back', 'failed']);
    expect(JSON.stringify([...grafana.rules.values()])).toBe(before);
  });

  it('invalid parameters fail before anything is written', async () => {
    const folderUID = await installer.ensureFolder('Kubernetes Observability');
    const writesBefore = grafana.requests.length;
    const report = await installer.install(
      [{ template: picked[0] }, { template: picked[1], params: { threshold: 'lots' } }],
      { folderUID, ruleGroup: 'kubeobs', datasourceUids: DS }
    );
    expect(report.ok).toBe(false);
    expect(report.results[1]).toMatchObject({ outcome: 'failed', error: expect.stringContaining('threshold') });
    expect(report.results[0].outcome).toBe('skipped');
    expect(grafana.requests.length).toBe(writesBefore);
  });

  it('uninstall deletes installed rules and reports the ones that were not installed', async () => {
    await installPicked();
    const report = await installer.uninstall([picked[0], picked[1], findTemplate('k8s-node-not-ready')!]);
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => r.outcome)).toEqual(['deleted', 'deleted', 'not-installed']);
    const deletes = grafana.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((d) => d.path)).toEqual([
      `/api/v1/provisioning/alert-rules/${picked[0].uid}`,
      `/api/v1/provisioning/alert-rules/${picked[1].uid}`,
    ]);
    expect(deletes.every((d) => d.headers['x-disable-provenance'] === 'true')).toBe(true);
    expect([...grafana.rules.keys()].sort()).toEqual([picked[2].uid, picked[3].uid].sort());
  });

  it('a failing delete re-creates the rules deleted before it', async () => {
    await installPicked();
    const before = [...grafana.rules.values()].map((r) => r.uid).sort();
    grafana.fault = (method, path) => (method === 'DELETE' && path.endsWith(picked[2].uid) ? 500 : undefined);
    const report = await installer.uninstall(picked);
    expect(report.results.map((r) => r.outcome)).toEqual(['rolled-back', 'rolled-back', 'failed', 'skipped']);
    expect([...grafana.rules.values()].map((r) => r.uid).sort()).toEqual(before);
    expect(grafana.rules.get(picked[0].uid)!.annotations[HASH_ANNOTATION]).toBeDefined();
  });

  it('status tells installed, unchanged, edited in Grafana, and outdated', async () => {
    expect((await installer.status(picked)).every((s) => !s.installed)).toBe(true);
    await installPicked({ 'hubble-http-5xx-ratio': { threshold: 0.2, namespace: 'shop' } });
    let status = await installer.status(ALERT_TEMPLATES);
    const installed = status.filter((s) => s.installed);
    expect(installed.map((s) => s.templateId)).toEqual(picked.map((t) => t.id));
    expect(installed.every((s) => s.modified === false && s.outdated === false)).toBe(true);
    expect(installed.find((s) => s.templateId === 'hubble-http-5xx-ratio')!.params).toEqual({
      threshold: 0.2,
      namespace: 'shop',
    });

    // a user edits the threshold in Grafana's UI
    const rule = grafana.rules.get('kubeobs-cilium-bpf-map-pressure')!;
    (rule.data[2].model.conditions as Array<{ evaluator: { params: number[] } }>)[0].evaluator.params = [0.5];
    // a rule installed from an older catalogue: other summary, hash of that older rendering
    const other = grafana.rules.get('kubeobs-k8s-target-down')!;
    other.annotations.summary = 'old summary';
    other.annotations[HASH_ANNOTATION] = ruleFingerprint(other);
    status = await installer.status(picked);
    expect(status.find((s) => s.templateId === 'cilium-bpf-map-pressure')).toMatchObject({
      modified: true,
      outdated: false,
    });
    expect(status.find((s) => s.templateId === 'k8s-target-down')).toMatchObject({ modified: false, outdated: true });
    expect(status.find((s) => s.templateId === 'loki-error-log-rate')).toMatchObject({
      modified: false,
      outdated: false,
    });
  });
});

describe('RuleInstaller: the app’s recording rules as Grafana-managed recording rules', () => {
  let grafana: FakeGrafana;
  let installer: RuleInstaller;

  beforeEach(async () => {
    grafana = new FakeGrafana();
    installer = new RuleInstaller(nodeTransport(await grafana.start()));
  });

  afterEach(async () => {
    await grafana.stop();
    expect(grafana.violations).toEqual([]);
  });

  it('installs every rule in order with its recorded name, query and target data source, then updates in place', async () => {
    const folderUID = await installer.ensureFolder('Kubernetes Observability', 'kubeobs-alerts');
    const options = { folderUID, ruleGroup: RECORDING_RULE_GROUP, intervalSeconds: 120, datasourceUid: 'prom-uid' };
    expect(await installer.recordingRuleCount(RECORDING_RULES)).toBe(0);
    const report = await installer.installRecordingRules(RECORDING_RULES, options);
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => [r.templateId, r.outcome])).toEqual(
      RECORDING_RULES.map((r) => [r.record, 'created'])
    );
    const posts = grafana.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/provisioning/alert-rules');
    expect(posts.map((p) => (p.body as { record: { metric: string } }).record.metric)).toEqual(
      RECORDING_RULES.map((r) => r.record)
    );
    expect(posts[0].headers['x-disable-provenance']).toBe('true');
    expect(posts[0].body).toMatchObject({
      ruleGroup: RECORDING_RULE_GROUP,
      record: { metric: RECORDING_RULES[0].record, from: 'A', target_datasource_uid: 'prom-uid' },
      data: [{ refId: 'A', datasourceUid: 'prom-uid', model: { expr: RECORDING_RULES[0].expr, instant: true } }],
    });
    expect(grafana.groupIntervals.get(`${folderUID}/${RECORDING_RULE_GROUP}`)).toBe(120);
    expect(await installer.recordingRuleCount(RECORDING_RULES)).toBe(RECORDING_RULES.length);

    const again = await installer.installRecordingRules(RECORDING_RULES, options);
    expect(again.results.every((r) => r.outcome === 'updated')).toBe(true);
    expect(grafana.rules.size).toBe(RECORDING_RULES.length);
  });

  it('leaves nothing half-installed when Grafana refuses one rule', async () => {
    const folderUID = await installer.ensureFolder('Kubernetes Observability', 'kubeobs-alerts');
    const refused = recordingRuleUid(RECORDING_RULES[3].record);
    grafana.fault = (method, _path, body) =>
      method === 'POST' && (body as { uid?: string })?.uid === refused ? 500 : undefined;
    const report = await installer.installRecordingRules(RECORDING_RULES, {
      folderUID,
      ruleGroup: RECORDING_RULE_GROUP,
      datasourceUid: 'prom-uid',
    });
    expect(report.ok).toBe(false);
    expect(report.results[3].outcome).toBe('failed');
    expect(report.results.slice(0, 3).every((r) => r.outcome === 'rolled-back')).toBe(true);
    expect(grafana.rules.size).toBe(0);
  });
});
