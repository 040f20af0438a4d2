/**
 * Names in the demo cluster (demo-cluster/README.md: fixed topology, same for every seed) that the
 * specs drill down to: podinfo's frontend Deployment and a worker node.
 */
export const DEMO = {
  namespace: 'podinfo',
  workloadKind: 'Deployment',
  workload: 'podinfo-frontend',
  node: 'kind-worker',
};
