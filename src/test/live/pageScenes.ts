/**
 * The page scenes the live test and the page benchmark run, built exactly as the app builds them,
 * and how to run one to completion against the live Prometheus harness. One list, so the benchmark
 * times the same queries the live test proves.
 */
import { EmbeddedScene, sceneGraph } from '@grafana/scenes';
import { ciliumAgentScene, ciliumOperatorScene } from '../../pages/Cilium/ciliumScene';
import { clusterScene } from '../../pages/Cluster/clusterScene';
import { namespaceScene } from '../../pages/Namespace/namespaceScene';
import { networkScene } from '../../pages/Network/networkScene';
import { nodeScene } from '../../pages/Node/nodeScene';
import { podScene } from '../../pages/Pod/podScene';
import { serviceMapScene } from '../../pages/ServiceMap/serviceMapScene';
import { workloadScene } from '../../pages/Workload/workloadScene';
import { podWorkload } from '../../queries/promql';
import { MetricFamilyCheck } from '../../scenes/MetricFamilyCheck';
import { instantQuery } from './prometheusClient';
import { activateTree, panelResults, waitForQueries } from './sceneHarness';

/** The drill-down a run opens: a namespace, a workload in it with one of its pods, and a node. */
export interface Drilldown {
  namespace: string;
  kind: string;
  workload: string;
  pod: string;
  node: string;
}

/**
 * Picks drill-down targets from the data at `timeS` (Unix seconds): a workload that receives HTTP
 * (so its Hubble panels apply; podinfo's when present), one of its pods, the second node by name.
 * Errors: throws when Prometheus has no such workload or nodes.
 */
export async function pickDrilldown(prometheusUrl: string, timeS = Date.now() / 1000): Promise<Drilldown> {
  const http = await instantQuery(
    prometheusUrl,
    'sum by (destination_namespace, destination_workload) (hubble_http_requests_total{reporter="server"})',
    timeS
  );
  const target =
    http.result.find((s) => s.metric.destination_namespace === 'podinfo') ??
    [...http.result].sort((a, b) => (a.metric.destination_namespace < b.metric.destination_namespace ? -1 : 1))[0];
  if (!target) {
    throw new Error('no workload receives HTTP (hubble_http_requests_total{reporter="server"} is empty)');
  }
  const namespace = target.metric.destination_namespace;
  const owners = await instantQuery(
    prometheusUrl,
    podWorkload(`namespace="${namespace}"`).replace(/\$cluster/g, '.*'),
    timeS
  );
  const pod = owners.result.find((s) => s.metric.owner_name === target.metric.destination_workload);
  if (!pod) {
    throw new Error(`no pod of ${namespace}/${target.metric.destination_workload} in kube_pod_owner`);
  }
  const nodes = await instantQuery(prometheusUrl, 'kube_node_info', timeS);
  const names = nodes.result.map((s) => s.metric.node).sort();
  if (names.length === 0) {
    throw new Error('no nodes in kube_node_info');
  }
  return {
    namespace,
    kind: pod.metric.owner_kind,
    workload: pod.metric.owner_name,
    pod: pod.metric.pod,
    node: names[1] ?? names[0],
  };
}

/** Every Prometheus page by its catalogue route, with the scene the app shows for it. */
export function pageCases(target: Drilldown): Array<[string, () => EmbeddedScene]> {
  return [
    ['cluster', clusterScene],
    ['cluster/namespace/:namespace', () => namespaceScene(target.namespace)],
    [
      'cluster/namespace/:namespace/workload/:kind/:workload',
      () => workloadScene(target.namespace, target.kind, target.workload),
    ],
    ['cluster/namespace/:namespace/pod/:pod', () => podScene(target.namespace, target.pod)],
    ['cluster/node/:node', () => nodeScene(target.node)],
    ['cilium', ciliumAgentScene],
    ['cilium/operator', ciliumOperatorScene],
    ['network', networkScene],
    // the metrics source only: the gateway needs the gateway, Caretta is not part of the demo
    ['service-map', () => serviceMapScene({ sources: ['metrics'] })],
  ];
}

/**
 * Builds, activates and waits for a scene; returns its panels' results and the hidden families.
 * `timeoutMs` bounds each wait (the benchmark's 1,000-node pages take minutes on a loaded machine).
 */
export async function runScene(scene: EmbeddedScene, timeoutMs = 60000) {
  const deactivate = activateTree(scene);
  try {
    await waitForQueries(scene, timeoutMs);
    // the metric-family check hides panels after its probes: let that settle, then wait again
    await waitForQueries(scene, timeoutMs);
    const check = sceneGraph.findObject(scene, (o) => o instanceof MetricFamilyCheck) as MetricFamilyCheck;
    return {
      panels: panelResults(scene),
      missing: (check.state.missing ?? []).map((f) => f.id),
      checkError: check.state.error,
    };
  } finally {
    deactivate();
  }
}
