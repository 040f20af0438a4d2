/**
 * The scope of a drill-down's Logs or Traces tab: its `kind` is the drill-down (a key of
 * `logsTabQueries` and `tracesTabQueries`), the rest comes from the route.
 */
export type TabScope =
  | { kind: 'namespace'; namespace: string }
  | { kind: 'workload'; namespace: string; workloadKind: string; workload: string }
  | { kind: 'pod'; namespace: string; pod: string };

/** What a Logs or Traces scene shows: the whole cluster (the Logs and Traces pages) or one tab's scope. */
export type SignalScope = { kind: 'page' } | TabScope;
