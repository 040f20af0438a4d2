import React from 'react';
import { LinkButton, Stack, Text } from '@grafana/ui';
import { testIds } from '../../components/testIds';

/** A dropped flow's reason (Hubble's name, `POLICY_DENIED`) and its "Why?" link to the Troubleshoot page. */
export function DropReason({ reason, why }: { reason: string; why?: string }) {
  return (
    <Stack direction="row" gap={1} alignItems="center">
      <Text>{reason}</Text>
      {why && (
        <LinkButton
          href={why}
          size="sm"
          variant="secondary"
          fill="text"
          icon="question-circle"
          tooltip="Why was it dropped, and what to change (Troubleshoot page)"
          data-testid={testIds.troubleshoot.why}
        >
          Why?
        </LinkButton>
      )}
    </Stack>
  );
}
