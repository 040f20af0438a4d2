import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { StoredAlertRule } from '../../alerting/api/client';

/** A request the fake server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** Returns an HTTP status to fail a request with, or undefined to serve it. */
export type FaultInjector = (method: string, path: string, body: unknown) => number | undefined;

const REQUIRED_RULE_FIELDS = [
  'uid',
  'orgID',
  'folderUID',
  'ruleGroup',
  'title',
  'condition',
  'data',
  'noDataState',
  'execErrState',
  'for',
];

/**
 * A local HTTP server implementing the part of Grafana's folder and alerting provisioning API the
 * installer uses, in memory. It checks what real Grafana needs: method and path, the
 * `X-Disable-Provenance: true` header on rule writes, `Content-Type: application/json` on bodies,
 * and a complete rule body whose condition names an existing refId (for recording rules, a valid
 * `record.metric`, `record.from` naming a query and a target data source). Violations answer 400 and
 * are kept in `violations`.
 */
export class FakeGrafana {
  readonly folders = new Map<string, { uid: string; title: string }>();
  readonly rules = new Map<string, StoredAlertRule>();
  readonly groupIntervals = new Map<string, number>();
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  fault: FaultInjector = () => undefined;
  private server?: Server;

  /** Starts listening on 127.0.0.1 (random port); returns the base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          return this.reply(res, 400, { message: 'body is not JSON' }, 'body is not JSON');
        }
      }
      const path = (req.url ?? '').split('?')[0];
      this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const status = this.fault(req.method ?? '', path, body);
      if (status) {
        return this.reply(res, status, { message: `injected failure ${status}` });
      }
      this.route(req, path, body, res);
    });
  }

  private reply(res: ServerResponse, status: number, data?: unknown, violation?: string) {
    if (violation) {
      this.violations.push(violation);
    }
    res.writeHead(status, data === undefined ? {} : { 'Content-Type': 'application/json' });
    res.end(data === undefined ? undefined : JSON.stringify(data));
  }

  private checkWrite(req: IncomingMessage, hasBody: boolean): string | undefined {
    if (req.headers['x-disable-provenance'] !== 'true') {
      return `${req.method} ${req.url}: missing X-Disable-Provenance: true`;
    }
    if (hasBody && !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return `${req.method} ${req.url}: content-type is ${req.headers['content-type']}`;
    }
    return undefined;
  }

  private checkRule(body: unknown, uid?: string): string | undefined {
    const rule = body as Record<string, unknown> | undefined;
    if (!rule || typeof rule !== 'object') {
      return 'rule body missing';
    }
    const missing = REQUIRED_RULE_FIELDS.filter((f) => rule[f] === undefined || rule[f] === '');
    if (missing.length) {
      return `rule body lacks ${missing.join(', ')}`;
    }
    if (uid && rule.uid !== uid) {
      return `rule uid ${String(rule.uid)} does not match path uid ${uid}`;
    }
    if (!this.folders.has(String(rule.folderUID))) {
      return `folder ${String(rule.folderUID)} does not exist`;
    }
    const data = rule.data as Array<{
      refId: string;
      datasourceUid: string;
      relativeTimeRange?: unknown;
      model?: unknown;
    }>;
    if (!Array.isArray(data) || !data.some((q) => q.refId === rule.condition)) {
      return `condition ${String(rule.condition)} names no query`;
    }
    if (data.some((q) => !q.datasourceUid || !q.model || !q.relativeTimeRange)) {
      return 'a query lacks datasourceUid, model or relativeTimeRange';
    }
    if (String(rule.uid).length > 40) {
      return 'uid longer than 40 characters';
    }
    const record = rule.record as { metric?: string; from?: string; target_datasource_uid?: string } | undefined;
    if (record !== undefined) {
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(record.metric ?? '')) {
        return `recording rule metric ${String(record.metric)} is not a valid metric name`;
      }
      if (!data.some((q) => q.refId === record.from)) {
        return `recording rule from ${String(record.from)} names no query`;
      }
      if (!record.target_datasource_uid) {
        return 'recording rule lacks target_datasource_uid';
      }
    }
    return undefined;
  }

  private route(req: IncomingMessage, path: string, body: unknown, res: ServerResponse) {
    const method = req.method;
    const ruleMatch = /^\/api\/v1\/provisioning\/alert-rules(?:\/([^/]+))?$/.exec(path);
    const groupMatch = /^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/.exec(path);
    if (path === '/api/folders' && method === 'GET') {
      return this.reply(res, 200, [...this.folders.values()]);
    }
    if (path === '/api/folders' && method === 'POST') {
      const b = body as { title?: string; uid?: string };
      if (!b?.title) {
        return this.reply(res, 400, { message: 'title missing' }, 'POST /api/folders without title');
      }
      if ([...this.folders.values()].some((f) => f.title === b.title)) {
        return this.reply(res, 409, { message: 'a folder with that name already exists' }, 'duplicate folder created');
      }
      const folder = { uid: b.uid ?? `f${this.folders.size + 1}`, title: b.title };
      this.folders.set(folder.uid, folder);
      return this.reply(res, 200, folder);
    }
    if (ruleMatch) {
      const uid = ruleMatch[1] ? decodeURIComponent(ruleMatch[1]) : undefined;
      if (method === 'GET' && !uid) {
        return this.reply(res, 200, [...this.rules.values()]);
      }
      if (method === 'GET' && uid) {
        const rule = this.rules.get(uid);
        return rule ? this.reply(res, 200, rule) : this.reply(res, 404, { message: 'not found' });
      }
      const problem =
        this.checkWrite(req, method !== 'DELETE') ?? (method === 'DELETE' ? undefined : this.checkRule(body, uid));
      if (problem) {
        return this.reply(res, 400, { message: problem }, problem);
      }
      const rule = body as StoredAlertRule;
      if (method === 'POST' && !uid) {
        if (this.rules.has(rule.uid)) {
          return this.reply(res, 409, { message: 'rule uid exists' }, `POST of existing uid ${rule.uid}`);
        }
        const stored = { ...rule, id: this.rules.size + 1, provenance: '' };
        this.rules.set(rule.uid, stored);
        return this.reply(res, 201, stored);
      }
      if (method === 'PUT' && uid) {
        if (!this.rules.has(uid)) {
          return this.reply(res, 404, { message: 'not found' });
        }
        const stored = { ...rule, id: this.rules.get(uid)!.id, provenance: '' };
        this.rules.set(uid, stored);
        return this.reply(res, 200, stored);
      }
      if (method === 'DELETE' && uid) {
        this.rules.delete(uid);
        return this.reply(res, 204);
      }
    }
    if (groupMatch) {
      const [folderUid, group] = [decodeURIComponent(groupMatch[1]), decodeURIComponent(groupMatch[2])];
      const rules = [...this.rules.values()].filter((r) => r.folderUID === folderUid && r.ruleGroup === group);
      const key = `${folderUid}/${group}`;
      if (method === 'GET') {
        return rules.length
          ? this.reply(res, 200, { title: group, folderUid, interval: this.groupIntervals.get(key) ?? 60, rules })
          : this.reply(res, 404, { message: 'not found' });
      }
      if (method === 'PUT') {
        const problem = this.checkWrite(req, true);
        if (problem) {
          return this.reply(res, 400, { message: problem }, problem);
        }
        const b = body as { interval: number; rules: StoredAlertRule[] };
        this.groupIntervals.set(key, b.interval);
        return this.reply(res, 200, b);
      }
    }
    return this.reply(res, 404, { message: 'no route' }, `unexpected ${method} ${path}`);
  }
}
