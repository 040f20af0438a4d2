import { VariableHide } from '@grafana/schema';
import { ConstantVariable, CustomVariable, QueryVariable, SceneVariable, SceneVariableSet } from '@grafana/scenes';
import { VARIABLES } from '../constants';
import { CLUSTER_VARIABLE_QUERY, labelValuesQuery } from '../queries/promql';
import { LabelVariableSpec } from '../queries/types';
import { PROMETHEUS_DS, prometheusDatasourceVariable } from './datasourceVariables';

/**
 * Hides a query variable while it has no options: the `cluster` variable of a single-cluster setup
 * (no `cluster` label) stays out of the way, and `cluster=~""` then matches every series.
 */
function hideWhenEmpty(variable: QueryVariable): () => void {
  const sub = variable.subscribeToState((state) => {
    const hide = state.options.length === 0 ? VariableHide.hideVariable : VariableHide.dontHide;
    if (state.hide !== hide) {
      variable.setState({ hide });
    }
  });
  return () => sub.unsubscribe();
}

/** `$cluster`: values of the `cluster` label on `up` (multi-cluster setups); hidden when there are none. */
export function clusterVariable(): QueryVariable {
  const variable = new QueryVariable({
    name: VARIABLES.cluster,
    label: 'Cluster',
    datasource: PROMETHEUS_DS,
    query: { query: CLUSTER_VARIABLE_QUERY, refId: 'cluster' },
    hide: VariableHide.hideVariable,
    refresh: 1,
  });
  variable.addActivationHandler(() => hideWhenEmpty(variable));
  return variable;
}

/**
 * A multi-value label variable with "All" from the catalogue's spec
 * (`label_values(<metric>{cluster=~"$cluster"}, <label>)`). `All` becomes `.*`, so series without
 * the label still match. A `hidden` spec is a single-value helper the page resolves itself.
 */
export function labelVariable(spec: LabelVariableSpec): QueryVariable {
  const query = { query: labelValuesQuery(spec.metric, spec.labelName ?? spec.name, spec.selector), refId: spec.name };
  if (spec.hidden) {
    return new QueryVariable({
      name: spec.name,
      label: spec.label,
      datasource: PROMETHEUS_DS,
      query,
      hide: VariableHide.hideVariable,
      skipUrlSync: true,
      refresh: 1,
    });
  }
  return new QueryVariable({
    name: spec.name,
    label: spec.label,
    datasource: PROMETHEUS_DS,
    query,
    includeAll: true,
    isMulti: true,
    allValue: '.*',
    defaultToAll: true,
    refresh: 1,
  });
}

/** `$reporter`: which side of an HTTP exchange Hubble's httpV2 metrics count (server = ingress, client = egress). */
export function reporterVariable(): CustomVariable {
  return new CustomVariable({
    name: 'reporter',
    label: 'Reported by',
    query: 'server,client',
    value: 'server',
    text: 'server',
  });
}

/** A hidden variable fixed by the route (a drill-down's namespace, workload, pod or node). */
export function routeVariable(name: string, value: string): ConstantVariable {
  return new ConstantVariable({ name, value, hide: VariableHide.hideVariable, skipUrlSync: true });
}

/** The variable set every Prometheus page starts with (`ds`, `cluster`) plus the page's own. */
export function prometheusVariables(...extra: SceneVariable[]): SceneVariableSet {
  return new SceneVariableSet({ variables: [prometheusDatasourceVariable(), clusterVariable(), ...extra] });
}
