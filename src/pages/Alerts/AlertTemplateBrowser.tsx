import React from 'react';
import { LoadingState } from '@grafana/data';
import { sceneGraph, SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { backendSrvTransport } from '../../alerting/api/backendSrvTransport';
import { OperationReport, RuleInstaller, TemplateStatus } from '../../alerting/api/installer';
import { ALERT_TEMPLATES, DEFAULT_FOLDER_TITLE, findTemplate } from '../../alerting/catalogue';
import { buildExpression } from '../../alerting/expr';
import { LOKI_DS, PROMETHEUS_DS } from '../../scenes/datasourceVariables';
import { AlertArea, AlertTemplate, ParamValues } from '../../alerting/types';
import { BrowserView } from './BrowserView';
import { RECORDING_RULE_GROUP, RECORDING_RULES } from '../../queries/recordingRules';
import { canInstallRules } from './permissions';
import { instantQuery, PREVIEW_REF_ID, PreviewRow, previewRows } from './preview';

/** The area the page opens with. */
const INITIAL_AREA: AlertArea = 'kubernetes';

/** The first template of an area in catalogue order (every area has templates: the catalogue test checks it). */
function firstTemplateOf(area: AlertArea): AlertTemplate {
  return ALERT_TEMPLATES.find((t) => t.area === area)!;
}

/** Folder uid used when the app creates the default folder. */
export const DEFAULT_FOLDER_UID = 'kubeobs-alerts';

/** The result of the last preview of a template. */
export interface PreviewState {
  templateId: string;
  expr: string;
  loading: boolean;
  rows: PreviewRow[];
  error?: string;
}

/** State of the template browser (everything the page shows). */
export interface AlertTemplateBrowserState extends SceneObjectState {
  area: AlertArea;
  selectedId: string;
  /** edited parameter values per template id (as typed) */
  params: Record<string, ParamValues>;
  statuses: Record<string, TemplateStatus>;
  statusError?: string;
  folderTitle: string;
  ruleGroup: string;
  intervalSeconds: number;
  /** contact point for notification settings; empty = notification policies decide */
  contactPoint: string;
  busy: boolean;
  report?: OperationReport;
  reportError?: string;
  preview?: PreviewState;
  canInstall: boolean;
  /** How many of the app's recording rules Grafana holds (undefined until known). */
  recordingInstalled?: number;
  recordingReport?: OperationReport;
  recordingError?: string;
  $data: SceneQueryRunner;
}

/** Collaborators the browser uses; tests inject fakes. */
export interface BrowserDeps {
  installer?: Pick<
    RuleInstaller,
    'ensureFolder' | 'install' | 'uninstall' | 'status' | 'installRecordingRules' | 'recordingRuleCount'
  >;
  canInstall?: () => boolean;
}

/**
 * The Alerts page's template browser: lists the catalogue by area with install status, previews a
 * template against the page's data source (`$ds` for PromQL, `$loki` for LogQL) with an instant
 * query of its full expression, and installs, updates or removes rules through the provisioning
 * API (only for users with `alert.rules:create`).
 */
export class AlertTemplateBrowser extends SceneObjectBase<AlertTemplateBrowserState> {
  static Component = AlertTemplateBrowserRenderer;
  private readonly installer: NonNullable<BrowserDeps['installer']>;

  constructor(state: Partial<AlertTemplateBrowserState> = {}, deps: BrowserDeps = {}) {
    super({
      area: INITIAL_AREA,
      selectedId: firstTemplateOf(INITIAL_AREA).id,
      params: {},
      statuses: {},
      folderTitle: DEFAULT_FOLDER_TITLE,
      ruleGroup: 'kubeobs',
      intervalSeconds: 60,
      contactPoint: '',
      busy: false,
      canInstall: (deps.canInstall ?? canInstallRules)(),
      $data: new SceneQueryRunner({ queries: [], datasource: PROMETHEUS_DS }),
      ...state,
    });
    this.installer = deps.installer ?? new RuleInstaller(backendSrvTransport);
    this.addActivationHandler(() => {
      const sub = this.state.$data.subscribeToState((s) => this.onData(s.data));
      this.refreshStatus();
      return () => sub.unsubscribe();
    });
  }

  /** The selected template. */
  selected(): AlertTemplate {
    return findTemplate(this.state.selectedId) ?? firstTemplateOf(this.state.area);
  }

  setArea(area: AlertArea) {
    this.setState({ area, selectedId: firstTemplateOf(area).id });
  }

  select(id: string) {
    this.setState({ selectedId: id });
  }

  setParam(templateId: string, name: string, value: string) {
    this.setState({
      params: { ...this.state.params, [templateId]: { ...this.state.params[templateId], [name]: value } },
    });
  }

  /** Parameter values of a template: edited ones, else those it was installed with, else defaults. */
  paramsOf(template: AlertTemplate): ParamValues {
    return { ...this.state.statuses[template.id]?.params, ...this.state.params[template.id] };
  }

  /** Evaluates the selected template's expression now (instant query) and lists what would fire. */
  preview() {
    const template = this.selected();
    let expr: string;
    try {
      expr = buildExpression(template, this.paramsOf(template)).expr;
    } catch (e) {
      this.setState({
        preview: { templateId: template.id, expr: '', loading: false, rows: [], error: String((e as Error).message) },
      });
      return;
    }
    const datasource = template.datasource === 'loki' ? LOKI_DS : PROMETHEUS_DS;
    this.setState({ preview: { templateId: template.id, expr, loading: true, rows: [] } });
    this.state.$data.setState({ datasource, queries: [instantQuery(expr)] });
    this.state.$data.runQueries();
  }

  private onData(data: SceneQueryRunner['state']['data']) {
    const preview = this.state.preview;
    if (!preview?.loading || !data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
      return;
    }
    // only the answer to this preview's query counts (the runner also emits empty results of its own)
    const target = data.request?.targets?.find((t) => t.refId === PREVIEW_REF_ID) as { expr?: string } | undefined;
    if (target?.expr !== preview.expr) {
      return;
    }
    const template = findTemplate(preview.templateId)!;
    if (data.state === LoadingState.Error) {
      const error = data.errors?.[0]?.message ?? 'query failed';
      this.setState({ preview: { ...preview, loading: false, error } });
      return;
    }
    this.setState({ preview: { ...preview, loading: false, rows: previewRows(template, data.series ?? []) } });
  }

  /** Loads which templates are installed; viewers without provisioning read access get a note instead. */
  async refreshStatus() {
    try {
      const list = await this.installer.status(ALERT_TEMPLATES);
      this.setState({
        statuses: Object.fromEntries(list.map((s) => [s.templateId, s])),
        recordingInstalled: await this.installer.recordingRuleCount(RECORDING_RULES),
        statusError: undefined,
      });
    } catch (e) {
      this.setState({ statusError: (e as Error).message });
    }
  }

  /**
   * Installs (or updates) the app's recording rules as Grafana-managed recording rules in the
   * chosen folder, group `kubeobs-recording-rules`, reading and writing the page's Prometheus data
   * source; pages then use their series (see the note under each page's title).
   */
  async installRecordingRules() {
    if (!this.state.canInstall) {
      return;
    }
    this.setState({ busy: true, recordingReport: undefined, recordingError: undefined });
    try {
      const { folderTitle } = this.state;
      const folderUID = await this.installer.ensureFolder(
        folderTitle,
        folderTitle === DEFAULT_FOLDER_TITLE ? DEFAULT_FOLDER_UID : undefined
      );
      const recordingReport = await this.installer.installRecordingRules(RECORDING_RULES, {
        folderUID,
        ruleGroup: RECORDING_RULE_GROUP,
        intervalSeconds: 60,
        datasourceUid: this.datasourceUids().prometheus,
      });
      this.setState({ recordingReport });
    } catch (e) {
      this.setState({ recordingError: (e as Error).message });
    }
    this.setState({ busy: false });
    await this.refreshStatus();
  }

  private datasourceUids() {
    return {
      prometheus: sceneGraph.interpolate(this, PROMETHEUS_DS.uid),
      loki: sceneGraph.interpolate(this, LOKI_DS.uid),
    };
  }

  /** Installs (or updates) the given templates into the chosen folder and group. */
  async install(templates: AlertTemplate[]) {
    if (!this.state.canInstall) {
      return;
    }
    this.setState({ busy: true, report: undefined, reportError: undefined });
    try {
      const { folderTitle } = this.state;
      const folderUID = await this.installer.ensureFolder(
        folderTitle,
        folderTitle === DEFAULT_FOLDER_TITLE ? DEFAULT_FOLDER_UID : undefined
      );
      const report = await this.installer.install(
        templates.map((template) => ({ template, params: this.paramsOf(template) })),
        {
          folderUID,
          ruleGroup: this.state.ruleGroup,
          intervalSeconds: this.state.intervalSeconds,
          datasourceUids: this.datasourceUids(),
          contactPoint: this.state.contactPoint || undefined,
        }
      );
      this.setState({ report });
    } catch (e) {
      this.setState({ reportError: (e as Error).message });
    }
    this.setState({ busy: false });
    await this.refreshStatus();
  }

  /** Removes the given templates' rules. */
  async uninstall(templates: AlertTemplate[]) {
    if (!this.state.canInstall) {
      return;
    }
    this.setState({ busy: true, report: undefined, reportError: undefined });
    try {
      this.setState({ report: await this.installer.uninstall(templates) });
    } catch (e) {
      this.setState({ reportError: (e as Error).message });
    }
    this.setState({ busy: false });
    await this.refreshStatus();
  }
}

function AlertTemplateBrowserRenderer({ model }: SceneComponentProps<AlertTemplateBrowser>) {
  const state = model.useState();
  return <BrowserView model={model} state={state} />;
}
