import { EmbeddedScene } from '@grafana/scenes';
import { podQueries } from '../../queries/kubernetes/pod';
import { catalogueScene } from '../../scenes/catalogueScene';
import { routeVariable } from '../../scenes/variables';

/** Pod drill-down scene: `$namespace` and `$pod` fixed by the route. */
export function podScene(namespace: string, pod: string): EmbeddedScene {
  return catalogueScene({
    page: podQueries,
    variables: [routeVariable('namespace', namespace), routeVariable('pod', pod)],
  });
}
