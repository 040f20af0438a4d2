import { EmbeddedScene } from '@grafana/scenes';
import { networkQueries } from '../../queries/hubble/network';
import { catalogueScene } from '../../scenes/catalogueScene';
import { reporterVariable } from '../../scenes/variables';

/**
 * Network (Hubble) scene: `$node` from Hubble's flow metric, `$namespace` from the HTTP metric's
 * `destination_namespace` (present with Cilium's documented configuration), `$reporter`.
 */
export function networkScene(): EmbeddedScene {
  return catalogueScene({ page: networkQueries, variables: [reporterVariable()] });
}
