import React from 'react';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, TextBoxVariable, sceneGraph } from '@grafana/scenes';
import { Text } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { VARIABLES } from '../../constants';

/** One line above the trace view naming the trace it shows (`$traceId`). */
export class SelectedTrace extends SceneObjectBase<SceneObjectState> {
  static Component = ({ model }: SceneComponentProps<SelectedTrace>) => {
    const variable = sceneGraph.lookupVariable(VARIABLES.traceId, model);
    const textBox = variable instanceof TextBoxVariable ? variable : undefined;
    const state = textBox?.useState();
    return (
      <div data-testid={testIds.traces.selectedTrace}>
        <Text color="secondary">Trace </Text>
        <Text variant="code">{state?.value ?? ''}</Text>
      </div>
    );
  };
}

/** Shown instead of the trace view while no trace is selected. */
export class NoTraceSelected extends SceneObjectBase<SceneObjectState> {
  static Component = () => (
    <div data-testid={testIds.traces.noTraceSelected}>
      <Text color="secondary">
        Click a trace id in the table, paste one into &quot;Trace ID&quot; above, or follow a link from a flow, a log
        line or an exemplar to see the trace here.
      </Text>
    </div>
  );
}
