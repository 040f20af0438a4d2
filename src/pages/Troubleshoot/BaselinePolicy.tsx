import React from 'react';
import { LoadingState } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { policySuggestionOf } from '../../gateway/connectivityFrames';
import { gatewayErrorOf } from '../../gateway/errors';
import { GatewayAlert } from '../../gateway/ui/GatewayAlert';
import { withCode } from './FindingsView';
import { PolicyYaml } from './PolicyYaml';

/**
 * A workload's baseline policies (`GET /api/v1/policy-suggestion`, through the scene's query
 * runner): what they were derived from, the audit-mode advice the gateway gives with them, the
 * YAML with a copy button, and the peers no policy can name.
 */
export class BaselinePolicy extends SceneObjectBase<SceneObjectState> {
  static Component = BaselinePolicyRenderer;
}

function BaselinePolicyRenderer({ model }: SceneComponentProps<BaselinePolicy>) {
  const runner = sceneGraph.getData(model) as SceneQueryRunner;
  const { data } = runner.useState();
  const suggestion = policySuggestionOf(data?.series ?? []);
  const error = gatewayErrorOf(data);
  if (error) {
    return <GatewayAlert error={error} feature="Suggested policy" onRetry={() => runner.runQueries()} />;
  }
  if (!suggestion || data?.state === LoadingState.Loading) {
    return <LoadingPlaceholder text="Reading the workload's allowed flows…" />;
  }
  return (
    <div data-testid={testIds.troubleshoot.suggestedPolicy}>
      <Stack direction="column" gap={1}>
        <Alert severity="info" title="Run it in policy audit mode first" bottomSpacing={0}>
          {withCode(suggestion.note)}
        </Alert>
        {suggestion.yaml ? (
          <>
            <Text>
              {suggestion.policies
                .map((p) => `${p.namespace}/${p.name}: ${p.direction}, ${p.peers} ${p.peers === 1 ? 'peer' : 'peers'}`)
                .join('; ')}
              . From {suggestion.flows.toLocaleString('en-US')} allowed flows of {suggestion.workload}.
            </Text>
            {suggestion.skipped.map((s) => (
              <Text key={s.peer} color="secondary" variant="bodySmall">
                Not in the policy: {s.peer}: {s.reason}
              </Text>
            ))}
            <PolicyYaml yaml={suggestion.yaml} />
          </>
        ) : (
          <Text color="secondary">
            No allowed traffic of {suggestion.workload} in this time range: there is nothing to base a policy on. Pick a
            longer time range.
          </Text>
        )}
      </Stack>
    </div>
  );
}
