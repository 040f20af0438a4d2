import React from 'react';
import { SceneReactObject } from '@grafana/scenes';
import { LinkButton } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { troubleshootUrl } from '../../links';

/**
 * A workload page's "Troubleshoot" action: the Troubleshoot page with the workload as the source,
 * for the user to pick the destination it cannot reach.
 */
export function troubleshootAction(namespace: string, workload: string): SceneReactObject {
  const href = troubleshootUrl({ source: `${namespace}/${workload}` });
  return new SceneReactObject({
    key: 'workload-troubleshoot',
    component: () => (
      <LinkButton
        href={href}
        icon="question-circle"
        variant="secondary"
        data-testid={testIds.troubleshoot.workloadAction}
      >
        Troubleshoot
      </LinkButton>
    ),
  });
}
