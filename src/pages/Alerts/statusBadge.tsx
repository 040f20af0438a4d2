import React from 'react';
import { Badge, BadgeColor } from '@grafana/ui';
import { TemplateStatus } from '../../alerting/api/installer';
import { Severity } from '../../alerting/types';

const SEVERITY_COLORS: Record<Severity, BadgeColor> = { page: 'red', critical: 'red', warning: 'orange', info: 'blue' };

/** Badge with the template's severity label. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge text={severity} color={SEVERITY_COLORS[severity]} />;
}

/**
 * Text of an install status: not installed, installed, edited in Grafana, update available; or
 * `status unknown` when the rules could not be read (`unknown`), which must not read as "not installed".
 */
export function statusText(status: TemplateStatus | undefined, unknown = false): string {
  if (!status && unknown) {
    return 'status unknown';
  }
  if (!status?.installed) {
    return 'not installed';
  }
  if (status.modified) {
    return 'installed, edited in Grafana';
  }
  if (status.outdated) {
    return 'installed, update available';
  }
  return 'installed';
}

/** Badge with the install status of a template; `unknown` when the install status could not be read. */
export function StatusBadge({
  status,
  testId,
  unknown = false,
}: {
  status: TemplateStatus | undefined;
  testId: string;
  unknown?: boolean;
}) {
  const text = statusText(status, unknown);
  const color: BadgeColor = !status?.installed ? 'darkgrey' : status.modified || status.outdated ? 'orange' : 'green';
  return (
    <span data-testid={testId}>
      <Badge text={text} color={color} />
    </span>
  );
}
