import React from 'react';
import { act, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DataQueryRequest, FieldType, LoadingState, PanelData, ScopedVars, toDataFrame } from '@grafana/data';
import { SceneObject, sceneGraph } from '@grafana/scenes';
import { setDataSourceSrv, setRunRequest } from '@grafana/runtime';
import { of } from 'rxjs';
import { OperationReport, TemplateStatus } from '../../alerting/api/installer';
import { RECORDING_RULES } from '../../queries/recordingRules';
import { ALERT_TEMPLATES } from '../../alerting/catalogue';
import { BrowserDeps } from './AlertTemplateBrowser';
import { alertsPage } from './alertsPage';
import { alertsScene } from './alertsScene';
import { alertsTestIds } from './testIds';

// Ceilings, not waits: Grafana UI (the preview's InteractiveTable, the install form) renders in
// seconds on a busy 2-core machine; the default 5 s per test was exceeded at load 13.
jest.setTimeout(60000);
configure({ asyncUtilTimeout: 20000 });

const DATASOURCES = [
  { uid: 'prom-1', name: 'Prometheus', type: 'prometheus', meta: { id: 'prometheus', metrics: true } },
  { uid: 'loki-1', name: 'Loki', type: 'loki', meta: { id: 'loki', logs: true } },
];

/** Like Grafana's DataSourceSrv: `${var}` refs are interpolated in the scene that asks; unknown uids fail. */
function instanceSettings(ref: unknown, scopedVars?: ScopedVars) {
  let uid = typeof ref === 'string' ? ref : (ref as { uid?: string } | undefined)?.uid;
  const sceneObject = scopedVars?.__sceneObject?.value?.valueOf() as SceneObject | undefined;
  if (uid?.includes('$') && sceneObject) {
    uid = sceneGraph.interpolate(sceneObject, uid);
  }
  const found = DATASOURCES.find((d) => d.uid === uid || d.name === uid);
  if (!found && uid) {
    throw new Error(`unknown data source ${uid}`);
  }
  return found ?? DATASOURCES[0];
}

const requests: DataQueryRequest[] = [];

beforeAll(() => {
  setDataSourceSrv({
    getList: (filters?: { pluginId?: string; type?: string }) =>
      DATASOURCES.filter((d) => !filters?.pluginId || d.type === filters.pluginId).filter(
        (d) => !filters?.type || d.type === filters.type
      ),
    getInstanceSettings: (ref: unknown, scopedVars?: ScopedVars) => instanceSettings(ref, scopedVars),
    get: async (ref: unknown, scopedVars?: ScopedVars) => {
      const settings = instanceSettings(ref, scopedVars);
      return { ...settings, getRef: () => ({ uid: settings.uid, type: settings.type }) };
    },
    reload: jest.fn(),
    registerRuntimeDataSource: jest.fn(),
  } as never);
  setRunRequest((_ds, request: DataQueryRequest) => {
    requests.push(request);
    const frames = [
      toDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: [1700000000000] },
          {
            name: 'Value',
            type: FieldType.number,
            values: [0.97],
            labels: { node: 'node-1', pod: 'cilium-abcde', map_name: 'cilium_ct4_global' },
          },
        ],
      }),
      toDataFrame({
        fields: [
          { name: 'Time', type: FieldType.time, values: [1700000000000] },
          {
            name: 'Value',
            type: FieldType.number,
            values: [0.93],
            labels: { node: 'node-2', pod: 'cilium-fghij', map_name: 'cilium_snat_v4_external' },
          },
        ],
      }),
    ];
    return of({ state: LoadingState.Done, series: frames, timeRange: request.range, request } as PanelData);
  });
});

function fakeInstaller(statuses: TemplateStatus[] = []) {
  const report: OperationReport = { ok: true, results: [], warnings: [] };
  return {
    ensureFolder: jest.fn(async () => 'folder-1'),
    install: jest.fn(async () => report),
    uninstall: jest.fn(async () => report),
    status: jest.fn(async () => statuses),
    installRecordingRules: jest.fn(async () => report),
    recordingRuleCount: jest.fn(async () => 2),
  };
}

async function renderAlerts(deps: BrowserDeps) {
  const scene = alertsScene(deps);
  render(<scene.Component model={scene} />);
  await screen.findByTestId(alertsTestIds.browser);
  return scene;
}

describe('Alerts page', () => {
  beforeEach(() => {
    requests.length = 0;
  });

  it('is the SceneAppPage of route alerts', () => {
    const page = alertsPage();
    expect(page.state.routePath).toBe('alerts/*');
    expect(page.state.url).toBe('/a/seed-kubeobs-app/alerts');
  });

  it('lets users without alert.rules:create browse and preview but hides install actions', async () => {
    await renderAlerts({ installer: fakeInstaller(), canInstall: () => false });
    expect(screen.getByTestId(alertsTestIds.previewButton)).toBeInTheDocument();
    expect(screen.queryByTestId(alertsTestIds.installForm)).not.toBeInTheDocument();
    expect(screen.queryByTestId(alertsTestIds.installButton)).not.toBeInTheDocument();
    expect(screen.queryByTestId(alertsTestIds.uninstallButton)).not.toBeInTheDocument();
    expect(screen.getByText(/needs the permission to create alert rules/)).toBeInTheDocument();
  });

  it('previews a template with an instant query of its full expression and lists the firing series', async () => {
    await renderAlerts({ installer: fakeInstaller(), canInstall: () => false });
    fireEvent.click(screen.getByRole('radio', { name: 'Cilium' }));
    fireEvent.click(
      within(screen.getByTestId(alertsTestIds.templateRow('cilium-bpf-map-pressure'))).getByRole('button')
    );
    fireEvent.change(screen.getByTestId(alertsTestIds.param('threshold')), { target: { value: '0.92' } });
    fireEvent.click(screen.getByTestId(alertsTestIds.previewButton));

    const table = await screen.findByTestId(alertsTestIds.previewTable);
    const rows = within(table).getAllByTestId(alertsTestIds.previewRow);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('BPF map cilium_ct4_global on node-1 is 0.97 full');
    expect(rows[1]).toHaveTextContent('cilium_snat_v4_external');

    const target = requests[requests.length - 1].targets[0] as unknown as {
      expr: string;
      instant: boolean;
      range: boolean;
    };
    expect(target.expr).toBe('(max by (cluster, namespace, pod, node, map_name) (cilium_bpf_map_pressure)) > 0.92');
    expect(target.instant).toBe(true);
    expect(target.range).toBe(false);
    expect(requests[requests.length - 1].targets[0].datasource?.uid).toBe('prom-1');
  });

  it('previews LogQL templates against the Loki data source variable', async () => {
    await renderAlerts({ installer: fakeInstaller(), canInstall: () => false });
    fireEvent.click(screen.getByRole('radio', { name: 'Loki' }));
    fireEvent.click(screen.getByTestId(alertsTestIds.previewButton));
    await screen.findByTestId(alertsTestIds.previewTable);
    const request = requests[requests.length - 1];
    expect(request.targets[0].datasource?.uid).toBe('loki-1');
    expect((request.targets[0] as unknown as { expr: string }).expr).toContain('|~');
  });

  it('says the install status is unknown, not "not installed", when the rules cannot be read', async () => {
    const installer = fakeInstaller();
    installer.status.mockRejectedValue(new Error('GET api/v1/provisioning/alert-rules: HTTP 403: Forbidden'));
    await renderAlerts({ installer, canInstall: () => false });
    await waitFor(() =>
      expect(screen.getByTestId(alertsTestIds.status('k8s-pod-not-ready'))).toHaveTextContent('status unknown')
    );
    expect(screen.getByText(/Install status unavailable: .*HTTP 403/)).toBeInTheDocument();
  });

  it('shows install status and installs with the resolved data source uids when permitted', async () => {
    const installer = fakeInstaller([
      {
        templateId: 'k8s-target-down',
        uid: 'kubeobs-k8s-target-down',
        installed: true,
        modified: true,
        outdated: false,
      },
      {
        templateId: 'k8s-node-not-ready',
        uid: 'kubeobs-k8s-node-not-ready',
        installed: true,
        modified: false,
        outdated: false,
      },
    ]);
    await renderAlerts({ installer, canInstall: () => true });
    await waitFor(() =>
      expect(screen.getByTestId(alertsTestIds.status('k8s-target-down'))).toHaveTextContent(
        'installed, edited in Grafana'
      )
    );
    expect(screen.getByTestId(alertsTestIds.status('k8s-node-not-ready'))).toHaveTextContent(/^installed$/);
    expect(screen.getByTestId(alertsTestIds.status('k8s-pod-not-ready'))).toHaveTextContent('not installed');

    // the first template (target down) is selected and installed: update + uninstall offered
    expect(screen.getByTestId(alertsTestIds.installButton)).toHaveTextContent('Update rule');
    expect(screen.getByTestId(alertsTestIds.uninstallButton)).toBeInTheDocument();
    await act(async () => {
      fireEvent.click(screen.getByTestId(alertsTestIds.installButton));
    });
    await screen.findByTestId(alertsTestIds.report);
    expect(installer.ensureFolder).toHaveBeenCalledWith('Kubernetes Observability', 'kubeobs-alerts');
    expect(installer.install).toHaveBeenCalledWith(
      [{ template: ALERT_TEMPLATES[0], params: {} }],
      expect.objectContaining({
        folderUID: 'folder-1',
        ruleGroup: 'kubeobs',
        intervalSeconds: 60,
        datasourceUids: { prometheus: 'prom-1', loki: 'loki-1' },
      })
    );

    await act(async () => {
      fireEvent.click(screen.getByTestId(alertsTestIds.uninstallButton));
    });
    expect(installer.uninstall).toHaveBeenCalledWith([ALERT_TEMPLATES[0]]);
  });

  it('installs the app’s recording rules on the page’s Prometheus data source and shows how many Grafana holds', async () => {
    const installer = fakeInstaller();
    await renderAlerts({ installer, canInstall: () => true });
    await waitFor(() =>
      expect(screen.getByTestId(alertsTestIds.recordingRules)).toHaveTextContent(
        `2 of ${RECORDING_RULES.length} installed in Grafana`
      )
    );
    await act(async () => {
      fireEvent.click(screen.getByTestId(alertsTestIds.recordingInstallButton));
    });
    await screen.findByTestId(alertsTestIds.recordingReport);
    expect(installer.installRecordingRules).toHaveBeenCalledWith(
      RECORDING_RULES,
      expect.objectContaining({ folderUID: 'folder-1', ruleGroup: 'kubeobs-recording-rules', datasourceUid: 'prom-1' })
    );
  });

  it('offers no recording-rule install to users without alert.rules:create', async () => {
    await renderAlerts({ installer: fakeInstaller(), canInstall: () => false });
    expect(screen.getByTestId(alertsTestIds.recordingRules)).toBeInTheDocument();
    expect(screen.queryByTestId(alertsTestIds.recordingInstallButton)).not.toBeInTheDocument();
  });
});
