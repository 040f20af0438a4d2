import { EmbeddedScene } from '@grafana/scenes';
import { namespaceQueries } from '../../queries/kubernetes/namespace';
import { catalogueScene } from '../../scenes/catalogueScene';
import { routeVariable } from '../../scenes/variables';

/** Namespace drill-down scene: `$namespace` fixed by the route. */
export function namespaceScene(namespace: string): EmbeddedScene {
  return catalogueScene({ page: namespaceQueries, variables: [routeVariable('namespace', namespace)] });
}
