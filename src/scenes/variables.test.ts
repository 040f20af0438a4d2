import { VariableHide } from '@grafana/schema';
import { QueryVariable } from '@grafana/scenes';
import { clusterVariable, labelVariable } from './variables';

describe('variables', () => {
  it('hides the cluster variable while the data has no cluster label', () => {
    const variable = clusterVariable() as QueryVariable;
    variable.activate();
    variable.setState({ options: [] });
    expect(variable.state.hide).toBe(VariableHide.hideVariable);
    variable.setState({ options: [{ label: 'prod', value: 'prod' }] });
    expect(variable.state.hide).toBe(VariableHide.dontHide);
  });

  it('builds label variables from the catalogue with All matching every value', () => {
    const v = labelVariable({
      name: 'namespace',
      label: 'Namespace',
      metric: 'hubble_http_requests_total',
      labelName: 'destination_namespace',
    });
    expect(v.state.query).toEqual({
      query: 'label_values(hubble_http_requests_total{cluster=~"$cluster"}, destination_namespace)',
      refId: 'namespace',
    });
    expect(v.state.allValue).toBe('.*');
    expect(v.state.isMulti).toBe(true);
  });
});
