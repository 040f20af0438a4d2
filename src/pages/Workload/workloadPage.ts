import { SceneAppPage, SceneAppPageLike } from '@grafana/scenes';
import { WORKLOAD_POLICY_TAB, drilldownUrl } from '../../constants';
import { gatewaySceneOrMessage } from '../../gateway/ui/gatewayScene';
import { prometheusSceneOrSplash } from '../../scenes/datasourceSplash';
import { workloadFlowsScene } from '../Flows/flowsScene';
import { policySuggestionScene } from '../Troubleshoot/policySuggestionScene';
import { troubleshootAction } from '../Troubleshoot/TroubleshootAction';
import { signalTabs } from '../signalTabs';
import { workloadScene } from './workloadScene';

/**
 * Workload drill-down page (`cluster/namespace/:namespace/workload/:kind/:workload`). Tabs: the
 * metrics overview first; the Flows, Logs and Traces tabs scoped to the workload and its Suggested
 * policy (baseline CiliumNetworkPolicies from its traffic) follow. Its action opens the
 * Troubleshoot page with the workload as the source.
 */
export function workloadPage(
  namespace: string,
  kind: string,
  workload: string,
  parent: SceneAppPageLike
): SceneAppPage {
  const url = drilldownUrl.workload(namespace, kind, workload);
  return new SceneAppPage({
    title: `${kind} ${workload}`,
    subTitle: `Namespace ${namespace}`,
    titleIcon: 'apps',
    url,
    routePath: 'workload/:kind/:workload/*',
    getParentPage: () => parent,
    controls: [troubleshootAction(namespace, workload)],
    tabs: [
      new SceneAppPage({
        title: 'Overview',
        url,
        routePath: 'overview',
        getScene: () => prometheusSceneOrSplash(() => workloadScene(namespace, kind, workload)),
      }),
      new SceneAppPage({
        title: 'Flows',
        url: `${url}/flows`,
        routePath: 'flows',
        getScene: () => gatewaySceneOrMessage(() => workloadFlowsScene(namespace, workload), 'Flows'),
      }),
      ...signalTabs(url, { kind: 'workload', namespace, workloadKind: kind, workload }),
      new SceneAppPage({
        title: 'Suggested policy',
        titleIcon: 'shield',
        url: drilldownUrl.workloadPolicy(namespace, kind, workload),
        routePath: WORKLOAD_POLICY_TAB,
        getScene: () => gatewaySceneOrMessage(() => policySuggestionScene(namespace, workload), 'Suggested policy'),
      }),
    ],
  });
}
