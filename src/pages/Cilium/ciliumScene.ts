import { EmbeddedScene } from '@grafana/scenes';
import { ciliumAgentQueries } from '../../queries/cilium/agent';
import { ciliumOperatorQueries } from '../../queries/cilium/operator';
import { catalogueScene } from '../../scenes/catalogueScene';
import { labelVariable, prometheusVariables } from '../../scenes/variables';

/** Cilium agent tab: `$node` (multi, All) from `cilium_version{node}`. */
export function ciliumAgentScene(): EmbeddedScene {
  return catalogueScene({ page: ciliumAgentQueries, variables: prometheusVariables(labelVariable('node', 'Node', 'cilium_version')) });
}

/** Cilium operator tab. */
export function ciliumOperatorScene(): EmbeddedScene {
  return catalogueScene({ page: ciliumOperatorQueries, variables: prometheusVariables() });
}
