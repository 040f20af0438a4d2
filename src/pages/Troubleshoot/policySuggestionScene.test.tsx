import React from 'react';
import { configure, render, screen, within } from '@testing-library/react';
import { SceneAppPage, sceneGraph } from '@grafana/scenes';
import { testIds } from '../../components/testIds';
import { setAppSettings } from '../../settings';
import { GatewayCall, installGatewayTransport } from '../../test/gateway/gatewayTransport';
import { recorded, recordedDemoGateway, recordedSuggestion } from '../../test/gateway/recorded';
import { installGrafanaRuntime } from '../../test/grafanaRuntime';
import { renderScene } from '../../test/renderScene';
import { workloadPage } from '../Workload/workloadPage';
import { policySuggestionScene } from './policySuggestionScene';

jest.setTimeout(120000);
configure({ asyncUtilTimeout: 30000 });

const GATEWAY = { hubbleGatewayUrl: 'http://hubble-gateway.kube-system.svc:8090' };

beforeAll(installGrafanaRuntime);
let calls: GatewayCall[];
beforeEach(() => {
  setAppSettings(GATEWAY);
  calls = installGatewayTransport(recordedDemoGateway);
});
afterEach(() => setAppSettings({}));

describe("a workload's Suggested policy tab", () => {
  it('shows the baseline from its allowed flows over the last hour, the audit-mode advice and the YAML', async () => {
    const scene = policySuggestionScene('star-wars', 'deathstar');
    await renderScene(scene);
    const range = sceneGraph.getTimeRange(scene).state.value;
    expect(range.to.valueOf() - range.from.valueOf()).toBe(3600_000);
    expect(calls.map((c) => [c.path, c.params])).toEqual([
      [
        '/api/v1/policy-suggestion',
        { workload: 'star-wars/deathstar', since: range.from.toISOString(), until: range.to.toISOString() },
      ],
    ]);
    const suggestion = recordedSuggestion();
    const view = await screen.findByTestId(testIds.troubleshoot.suggestedPolicy);
    expect(within(view).getByText('Run it in policy audit mode first')).toBeInTheDocument();
    expect(within(view).getByText('policyAuditMode=true')).toBeInTheDocument();
    expect(view).toHaveTextContent(
      `star-wars/deathstar-baseline-ingress: ingress, 1 peer. From ${suggestion.flows} allowed flows of star-wars/deathstar.`
    );
    expect(within(view).getByTestId(testIds.troubleshoot.policyYaml).textContent).toBe(suggestion.yaml);
    expect(within(view).getByRole('button', { name: /Copy YAML/ })).toBeInTheDocument();
  });

  it('says what is wrong when the gateway cannot answer', async () => {
    installGatewayTransport(() => recorded('error-503-status'));
    await renderScene(policySuggestionScene('star-wars', 'deathstar'));
    const alert = await screen.findByTestId(testIds.gateway.error);
    expect(alert).toHaveTextContent('The gateway cannot reach Hubble Relay');
    expect(alert).toHaveTextContent('hubble.relay.enabled=true');
  });

  it('is a tab of the workload page, whose Troubleshoot action asks about the workload', () => {
    const page = workloadPage(
      'star-wars',
      'Deployment',
      'deathstar',
      new SceneAppPage({ title: 'x', url: '/', routePath: '' })
    );
    const tab = page.state.tabs!.find((t) => t.state.title === 'Suggested policy')!;
    expect(tab.state.url).toBe('/a/seed-kubeobs-app/cluster/namespace/star-wars/workload/Deployment/deathstar/policy');
    const action = page.state.controls![0];
    render(<action.Component model={action} />);
    expect(screen.getByTestId(testIds.troubleshoot.workloadAction)).toHaveAttribute(
      'href',
      '/a/seed-kubeobs-app/troubleshoot?source=star-wars%2Fdeathstar'
    );
  });
});
