import { EmbeddedScene } from '@grafana/scenes';
import { ciliumAgentQueries } from '../../queries/cilium/agent';
import { ciliumOperatorQueries } from '../../queries/cilium/operator';
import { catalogueScene } from '../../scenes/catalogueScene';

/** Cilium agent tab: `$node` (multi, All) from `cilium_version{node}`. */
export function ciliumAgentScene(): EmbeddedScene {
  return catalogueScene({ page: ciliumAgentQueries });
}

/** Cilium operator tab. */
export function ciliumOperatorScene(): EmbeddedScene {
  return catalogueScene({ page: ciliumOperatorQueries });
}
