import { EmbeddedScene } from '@grafana/scenes';
import { workloadQueries } from '../../queries/kubernetes/workload';
import { catalogueScene } from '../../scenes/catalogueScene';
import { routeVariable } from '../../scenes/variables';

/** Workload drill-down scene: `$namespace`, `$kind`, `$workload` fixed by the route. */
export function workloadScene(namespace: string, kind: string, workload: string): EmbeddedScene {
  return catalogueScene({
    page: workloadQueries,
    variables: [
      routeVariable('namespace', namespace),
      routeVariable('kind', kind),
      routeVariable('workload', workload),
    ],
  });
}
