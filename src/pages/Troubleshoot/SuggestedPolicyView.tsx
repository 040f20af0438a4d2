import React from 'react';
import { Alert, Stack, Text } from '@grafana/ui';
import { ReportViewProps } from './ConnectivitySection';
import { PolicyYaml } from './PolicyYaml';

/**
 * The least-privilege CiliumNetworkPolicy that would allow the traffic dropped for lack of an allow
 * rule, with whether it would work (an explicit deny rule wins over it) and the peers no policy can name.
 */
export function SuggestedPolicyView({ report }: ReportViewProps) {
  const suggestion = report.suggested_policy;
  if (!suggestion) {
    return (
      <Text color="secondary">
        Nothing to suggest: no flow from {report.from} to {report.to} was dropped for lack of an allow rule in this time
        range.
      </Text>
    );
  }
  const names = suggestion.policies.map((p) => `${p.namespace}/${p.name} (${p.direction})`).join(', ');
  return (
    <Stack direction="column" gap={1}>
      {suggestion.applies ? (
        <Text>
          Allows exactly the observed peer, ports and requests: {names}. Review it, try it in policy audit mode (Helm{' '}
          <code>policyAuditMode=true</code>) and then apply it.
        </Text>
      ) : (
        <Alert severity="warning" title="This policy would not let the traffic through" bottomSpacing={0}>
          {suggestion.reason}
        </Alert>
      )}
      {suggestion.skipped.map((s) => (
        <Text key={s.peer} color="secondary" variant="bodySmall">
          Not in the policy: {s.peer}: {s.reason}
        </Text>
      ))}
      <PolicyYaml yaml={suggestion.yaml} />
    </Stack>
  );
}
