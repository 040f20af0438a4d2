import { ProvisionedAlertRule } from '../render/grafanaApi';
import { ProvisionedRecordingRule } from '../render/grafanaRecordingRule';

/** A rule body the provisioning API accepts: an alert rule or a recording rule. */
export type WritableRule = ProvisionedAlertRule | ProvisionedRecordingRule;
import { ApiError, HttpMethod, HttpRequest, Transport } from './transport';

/** A folder as `GET /api/folders` lists it. */
export interface Folder {
  uid: string;
  title: string;
}

/** A rule as the provisioning API returns it: the body plus Grafana's own fields. */
export interface StoredAlertRule extends ProvisionedAlertRule {
  id?: number;
  updated?: string;
  /** `api`, `file` or empty (editable in the UI) */
  provenance?: string;
}

/** A rule group as `GET /api/v1/provisioning/folder/{folderUid}/rule-groups/{group}` returns it; interval in seconds. */
export interface RuleGroup {
  title: string;
  folderUid: string;
  interval: number;
  rules: StoredAlertRule[];
}

const RULES = 'api/v1/provisioning/alert-rules';

/** Header that keeps API-created rules editable in Grafana's UI. */
export const DISABLE_PROVENANCE = { 'X-Disable-Provenance': 'true' };

/**
 * Thin client of Grafana's folder and alerting provisioning HTTP API. Every method throws
 * {@link ApiError} on an unexpected status; `getRule` returns null on 404.
 */
export class AlertingApi {
  constructor(private readonly transport: Transport) {}

  private async call<T>(
    method: HttpMethod,
    url: string,
    body?: unknown,
    ok: number[] = [200]
  ): Promise<{ status: number; data: T }> {
    const request: HttpRequest = { method, url, headers: { ...DISABLE_PROVENANCE } };
    if (body !== undefined) {
      request.body = body;
      request.headers!['Content-Type'] = 'application/json';
    }
    const response = await this.transport(request);
    if (!ok.includes(response.status)) {
      throw new ApiError(response.status, request, response.data);
    }
    return response as { status: number; data: T };
  }

  /** `GET /api/folders` (top-level folders, up to 1000). */
  async listFolders(): Promise<Folder[]> {
    return (await this.call<Folder[]>('GET', 'api/folders?limit=1000')).data ?? [];
  }

  /** `POST /api/folders`; returns the created folder. */
  async createFolder(title: string, uid?: string): Promise<Folder> {
    return (await this.call<Folder>('POST', 'api/folders', uid ? { title, uid } : { title })).data;
  }

  /** `GET /api/v1/provisioning/alert-rules`: every Grafana-managed rule of the org. */
  async listRules(): Promise<StoredAlertRule[]> {
    return (await this.call<StoredAlertRule[]>('GET', RULES)).data ?? [];
  }

  /** `GET /api/v1/provisioning/alert-rules/{uid}`; null when it does not exist. */
  async getRule(uid: string): Promise<StoredAlertRule | null> {
    const r = await this.call<StoredAlertRule>('GET', `${RULES}/${encodeURIComponent(uid)}`, undefined, [200, 404]);
    return r.status === 404 ? null : r.data;
  }

  /** `POST /api/v1/provisioning/alert-rules` (201). */
  async createRule(rule: WritableRule): Promise<StoredAlertRule> {
    return (await this.call<StoredAlertRule>('POST', RULES, rule, [200, 201])).data;
  }

  /** `PUT /api/v1/provisioning/alert-rules/{uid}`. */
  async updateRule(rule: WritableRule): Promise<StoredAlertRule> {
    return (await this.call<StoredAlertRule>('PUT', `${RULES}/${encodeURIComponent(rule.uid)}`, rule)).data;
  }

  /** `DELETE /api/v1/provisioning/alert-rules/{uid}` (204). */
  async deleteRule(uid: string): Promise<void> {
    await this.call('DELETE', `${RULES}/${encodeURIComponent(uid)}`, undefined, [200, 204]);
  }

  /** `GET .../folder/{folderUid}/rule-groups/{group}`; null when the group does not exist. */
  async getRuleGroup(folderUid: string, group: string): Promise<RuleGroup | null> {
    const r = await this.call<RuleGroup>('GET', groupUrl(folderUid, group), undefined, [200, 404]);
    return r.status === 404 ? null : r.data;
  }

  /** `PUT .../folder/{folderUid}/rule-groups/{group}` (replaces the group: interval and rules). */
  async putRuleGroup(group: RuleGroup): Promise<void> {
    await this.call('PUT', groupUrl(group.folderUid, group.title), group);
  }
}

function groupUrl(folderUid: string, group: string): string {
  return `api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(group)}`;
}
