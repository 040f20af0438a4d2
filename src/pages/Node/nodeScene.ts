import { EmbeddedScene } from '@grafana/scenes';
import { nodeQueries } from '../../queries/kubernetes/node';
import { catalogueScene } from '../../scenes/catalogueScene';
import { routeVariable } from '../../scenes/variables';

/** Node drill-down scene: `$node` fixed by the route. */
export function nodeScene(node: string): EmbeddedScene {
  return catalogueScene({ page: nodeQueries, variables: [routeVariable('node', node)] });
}
