/**
 * The demo cluster's connections the Troubleshoot page is tested on (demo-cluster/README.md, "the
 * flow stream"): its three dropped pairs, each a different cause, and one that works but has HTTP
 * errors. Shared by the recorder, the scene tests and the browser tests.
 */
export const DEMO_PAIRS = {
  /** SYNs dropped at the deathstar's ingress, POLICY_DENIED: no rule of `rule1` allows org=alliance. */
  'xwing-deathstar': { from: 'star-wars/xwing', to: 'star-wars/deathstar' },
  /** SYNs dropped at the client's egress, POLICY_DENY: the explicit deny rule `deny-client-to-backend`. */
  'client-backend': { from: 'podinfo/podinfo-client', to: 'podinfo/podinfo-backend' },
  /** Grafana's webhook host does not resolve: SERVFAIL, and so no connection at all. */
  'grafana-hooks': { from: 'monitoring/grafana', to: 'hooks.ops.internal' },
  /** Forwarded, with occasional 5xx and 4xx answers. */
  'client-frontend': { from: 'podinfo/podinfo-client', to: 'podinfo/podinfo-frontend' },
} as const;

/** Name of a demo pair. */
export type DemoPair = keyof typeof DEMO_PAIRS;
