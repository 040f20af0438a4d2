import { HASH_ANNOTATION, PARAMS_ANNOTATION } from '../annotations';
import { ProvisionedAlertRule, renderApiRule } from '../render/grafanaApi';
import { ProvisionedRecordingRule, recordingRuleUid, renderGrafanaRecordingRule } from '../render/grafanaRecordingRule';
import { RecordingRule } from '../../queries/recordingRules';
import { renderGrafanaRule, ruleFingerprint } from '../render/grafanaRule';
import { AlertTemplate, DatasourceKind, ParamValues } from '../types';
import { AlertingApi, StoredAlertRule } from './client';
import { Transport } from './transport';

/** What to install: a template and its parameter values (missing ones take defaults). */
export interface InstallItem {
  template: AlertTemplate;
  params?: ParamValues;
}

/** Where and how to install. */
export interface InstallOptions {
  folderUID: string;
  ruleGroup: string;
  /** evaluation interval of the group in seconds; applied after the rules are written */
  intervalSeconds?: number;
  datasourceUids: Record<DatasourceKind, string>;
  contactPoint?: string;
  orgID?: number;
}

/** Outcome of one rule in an install or uninstall. */
export type RuleOutcome =
  'created' | 'updated' | 'deleted' | 'not-installed' | 'failed' | 'rolled-back' | 'rollback-failed' | 'skipped';

/** Per-rule result; `error` set for failed, rollback-failed and invalid input. */
export interface RuleResult {
  uid: string;
  templateId: string;
  outcome: RuleOutcome;
  error?: string;
}

/** Result of an install/uninstall: `ok` only when every rule succeeded (nothing was rolled back). */
export interface OperationReport {
  ok: boolean;
  results: RuleResult[];
  /** problems that left the rules in place (e.g. the group interval could not be set) */
  warnings: string[];
}

/** Install state of one template in Grafana. */
export interface TemplateStatus {
  templateId: string;
  uid: string;
  installed: boolean;
  /** the rule was edited in Grafana since it was installed (its fingerprint no longer matches the stored hash) */
  modified?: boolean;
  /** the catalogue renders this template differently now (same parameters): reinstall to update */
  outdated?: boolean;
  folderUID?: string;
  ruleGroup?: string;
  provenance?: string;
  params?: ParamValues;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Strips Grafana's own fields so a stored rule can be written back. */
function writable(rule: StoredAlertRule): ProvisionedAlertRule {
  const { id, updated, provenance, ...rest } = rule;
  void id;
  void updated;
  void provenance;
  return rest;
}

/**
 * Installs, updates, uninstalls and inspects the catalogue's rules through Grafana's alerting
 * provisioning API, with `X-Disable-Provenance: true` so the rules stay editable in Grafana.
 *
 * All-or-nothing: a failing write rolls back the writes of the same operation (created rules are
 * deleted, updated ones get their previous version back, deleted ones are created again), and
 * the report says per rule what happened.
 */
export class RuleInstaller {
  readonly api: AlertingApi;

  constructor(transport: Transport) {
    this.api = new AlertingApi(transport);
  }

  /**
   * Returns the uid of the top-level folder with this title, creating it (with `uidIfCreated`)
   * when no folder has that title.
   *
   * @throws ApiError when listing or creating fails
   */
  async ensureFolder(title: string, uidIfCreated?: string): Promise<string> {
    const existing = (await this.api.listFolders()).find((f) => f.title === title);
    if (existing) {
      return existing.uid;
    }
    return (await this.api.createFolder(title, uidIfCreated)).uid;
  }

  /** Creates or updates each template's rule by its stable uid; reinstalling updates in place. */
  async install(items: InstallItem[], options: InstallOptions): Promise<OperationReport> {
    const results: RuleResult[] = items.map(({ template }) => ({
      uid: template.uid,
      templateId: template.id,
      outcome: 'skipped',
    }));
    const bodies: ProvisionedAlertRule[] = [];
    // 1. render everything first: invalid parameters fail the operation before any write
    let invalid = false;
    items.forEach(({ template, params }, i) => {
      try {
        bodies.push(
          renderApiRule(
            template,
            { folderUID: options.folderUID, ruleGroup: options.ruleGroup, orgID: options.orgID },
            { datasourceUids: options.datasourceUids, params, contactPoint: options.contactPoint }
          )
        );
      } catch (e) {
        invalid = true;
        results[i] = { ...results[i], outcome: 'failed', error: message(e) };
      }
    });
    if (invalid) {
      return { ok: false, results, warnings: [] };
    }
    const written = await this.writeAll(bodies, results);
    if (!written) {
      return { ok: false, results, warnings: [] };
    }
    const warnings: string[] = [];
    if (options.intervalSeconds) {
      try {
        await this.setGroupInterval(options.folderUID, options.ruleGroup, options.intervalSeconds);
      } catch (e) {
        warnings.push(
          `rules installed, but the evaluation interval of group ${options.ruleGroup} was not set: ${message(e)}`
        );
      }
    }
    return { ok: true, results, warnings };
  }

  /**
   * Creates or updates each body by its uid, all or nothing: snapshots what exists first, and on the
   * first failing write restores the writes done so far (newest first). Marks `results` per rule.
   */
  private async writeAll(
    bodies: Array<ProvisionedAlertRule | ProvisionedRecordingRule>,
    results: RuleResult[]
  ): Promise<boolean> {
    // snapshot what exists, so a failure can restore it
    const previous: Array<StoredAlertRule | null> = [];
    for (let i = 0; i < bodies.length; i++) {
      try {
        previous.push(await this.api.getRule(bodies[i].uid));
      } catch (e) {
        results[i] = { ...results[i], outcome: 'failed', error: message(e) };
        return false;
      }
    }
    // write in order; on the first failure undo the writes done so far, newest first
    for (let i = 0; i < bodies.length; i++) {
      try {
        if (previous[i]) {
          await this.api.updateRule(bodies[i]);
          results[i].outcome = 'updated';
        } else {
          await this.api.createRule(bodies[i]);
          results[i].outcome = 'created';
        }
      } catch (e) {
        results[i] = { ...results[i], outcome: 'failed', error: message(e) };
        await this.rollback(results, i, async (j) => {
          const prev = previous[j];
          if (prev) {
            await this.api.updateRule(writable(prev));
          } else {
            await this.api.deleteRule(bodies[j].uid);
          }
        });
        return false;
      }
    }
    return true;
  }

  /**
   * Installs (or updates) the app's recording rules (src/queries/recordingRules.ts) as
   * Grafana-managed recording rules in one group, in their order, reading and writing the
   * Prometheus data source `datasourceUid`. Results carry the recorded name as `templateId`.
   */
  async installRecordingRules(
    rules: readonly RecordingRule[],
    options: { folderUID: string; ruleGroup: string; intervalSeconds?: number; datasourceUid: string; orgID?: number }
  ): Promise<OperationReport> {
    const target = { folderUID: options.folderUID, ruleGroup: options.ruleGroup, orgID: options.orgID };
    const bodies = rules.map((r) => renderGrafanaRecordingRule(r, target, options.datasourceUid));
    const results: RuleResult[] = bodies.map((b) => ({ uid: b.uid, templateId: b.title, outcome: 'skipped' }));
    if (!(await this.writeAll(bodies, results))) {
      return { ok: false, results, warnings: [] };
    }
    const warnings: string[] = [];
    if (options.intervalSeconds) {
      try {
        await this.setGroupInterval(options.folderUID, options.ruleGroup, options.intervalSeconds);
      } catch (e) {
        warnings.push(
          `rules installed, but the evaluation interval of group ${options.ruleGroup} was not set: ${message(e)}`
        );
      }
    }
    return { ok: true, results, warnings };
  }

  /** How many of the app's recording rules are installed in Grafana (by uid). */
  async recordingRuleCount(rules: readonly RecordingRule[]): Promise<number> {
    const stored = new Set((await this.api.listRules()).map((r) => r.uid));
    return rules.filter((r) => stored.has(recordingRuleUid(r.record))).length;
  }

  /** Deletes each template's rule; templates that are not installed are reported as such. */
  async uninstall(templates: AlertTemplate[]): Promise<OperationReport> {
    const results: RuleResult[] = templates.map((t) => ({ uid: t.uid, templateId: t.id, outcome: 'skipped' }));
    const previous: Array<StoredAlertRule | null> = [];
    for (let i = 0; i < templates.length; i++) {
      try {
        previous.push(await this.api.getRule(templates[i].uid));
      } catch (e) {
        results[i] = { ...results[i], outcome: 'failed', error: message(e) };
        return { ok: false, results, warnings: [] };
      }
    }
    for (let i = 0; i < templates.length; i++) {
      const prev = previous[i];
      if (!prev) {
        results[i].outcome = 'not-installed';
        continue;
      }
      try {
        await this.api.deleteRule(prev.uid);
        results[i].outcome = 'deleted';
      } catch (e) {
        results[i] = { ...results[i], outcome: 'failed', error: message(e) };
        await this.rollback(results, i, async (j) => {
          await this.api.createRule(writable(previous[j]!));
        });
        return { ok: false, results, warnings: [] };
      }
    }
    return { ok: true, results, warnings: [] };
  }

  /** Undoes the successful writes before `failedAt`, newest first, marking each result. */
  private async rollback(
    results: RuleResult[],
    failedAt: number,
    undo: (index: number) => Promise<void>
  ): Promise<void> {
    for (let j = failedAt - 1; j >= 0; j--) {
      if (!['created', 'updated', 'deleted'].includes(results[j].outcome)) {
        continue;
      }
      try {
        await undo(j);
        results[j].outcome = 'rolled-back';
      } catch (e) {
        results[j] = { ...results[j], outcome: 'rollback-failed', error: message(e) };
      }
    }
  }

  /** Sets the evaluation interval of a rule group when it differs (PUT of the whole group). */
  async setGroupInterval(folderUID: string, ruleGroup: string, seconds: number): Promise<void> {
    const group = await this.api.getRuleGroup(folderUID, ruleGroup);
    if (group && group.interval !== seconds) {
      await this.api.putRuleGroup({ ...group, interval: seconds, rules: group.rules.map(writable) });
    }
  }

  /** Install state of each template: installed, edited since install, outdated by a newer catalogue. */
  async status(templates: readonly AlertTemplate[]): Promise<TemplateStatus[]> {
    const stored = new Map((await this.api.listRules()).map((r) => [r.uid, r]));
    return templates.map((t) => templateStatus(t, stored.get(t.uid)));
  }
}

/** Status of one template given the rule stored under its uid (or none). */
export function templateStatus(template: AlertTemplate, rule: StoredAlertRule | undefined): TemplateStatus {
  if (!rule) {
    return { templateId: template.id, uid: template.uid, installed: false };
  }
  const annotations = rule.annotations ?? {};
  const storedHash = annotations[HASH_ANNOTATION];
  let params: ParamValues | undefined;
  try {
    params = annotations[PARAMS_ANNOTATION] ? (JSON.parse(annotations[PARAMS_ANNOTATION]) as ParamValues) : undefined;
  } catch {
    params = undefined;
  }
  let outdated: boolean | undefined;
  const query = rule.data?.find((q) => q.refId === 'A');
  if (storedHash && query) {
    try {
      const fresh = renderGrafanaRule(template, {
        datasourceUids: { prometheus: query.datasourceUid, loki: query.datasourceUid },
        params,
        contactPoint: rule.notification_settings?.receiver,
      });
      outdated = fresh.annotations[HASH_ANNOTATION] !== storedHash;
    } catch {
      outdated = true;
    }
  }
  return {
    templateId: template.id,
    uid: template.uid,
    installed: true,
    modified: !storedHash || ruleFingerprint(rule) !== storedHash,
    outdated,
    folderUID: rule.folderUID,
    ruleGroup: rule.ruleGroup,
    provenance: rule.provenance,
    params,
  };
}
