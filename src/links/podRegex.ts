/** Escapes regex metacharacters (a pod or workload name may contain `.`). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The regex (RE2, anchored by Loki and Prometheus) matching the names of a workload's pods, from the
 * name patterns Kubernetes controllers use:
 * - Deployment: `<name>-<pod-template-hash>-<5 chars>` (hash: 1–10 chars of `bcdfghjklmnpqrstvwxz2456789`)
 * - StatefulSet: `<name>-<ordinal>`
 * - CronJob: `<name>-<schedule time in minutes>-<5 chars>` (its Job is `<name>-<minutes>`)
 * - DaemonSet, Job, ReplicaSet and others: `<name>-<5 chars>`
 *
 * The suffixes keep `podinfo` from also matching the pods of `podinfo-redis`.
 */
export function podRegexForWorkload(kind: string, name: string): string {
  const n = escapeRegex(name);
  switch (kind.toLowerCase()) {
    case 'deployment':
      return `${n}-[a-z0-9]{1,10}-[a-z0-9]{5}`;
    case 'statefulset':
      return `${n}-[0-9]+`;
    case 'cronjob':
      return `${n}-[0-9]+-[a-z0-9]{5}`;
    default:
      return `${n}-[a-z0-9]{5}`;
  }
}
