import { EmbeddedScene } from '@grafana/scenes';
import { clusterOverviewQueries } from '../../queries/kubernetes/clusterOverview';
import { catalogueScene } from '../../scenes/catalogueScene';

/** Cluster overview scene: `$ds`, `$cluster`, `$namespace` (multi, All) and the overview panels. */
export function clusterScene(): EmbeddedScene {
  return catalogueScene({ page: clusterOverviewQueries });
}
