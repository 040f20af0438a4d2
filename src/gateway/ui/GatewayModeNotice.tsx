import React from 'react';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { gatewayQueryRunner } from '../dataSource';
import { statusOf } from '../frames';
import { describeGatewayMode, ModeNoticeFeature } from '../modeNotice';
import { GATEWAY_STATUS_QUERY } from '../../queries/hubble/gateway';

interface GatewayModeNoticeState extends SceneObjectState {
  feature: ModeNoticeFeature;
  $data: SceneQueryRunner;
}

/**
 * A short notice when the gateway is in query mode (large clusters), saying what that means for
 * `feature`; nothing in follow mode or when the status cannot be read (the page's own panels say
 * why the gateway cannot be reached). The status comes from the gateway data source.
 */
export class GatewayModeNotice extends SceneObjectBase<GatewayModeNoticeState> {
  static Component = GatewayModeNoticeRenderer;

  constructor(state: { feature: ModeNoticeFeature }) {
    super({
      ...state,
      $data: gatewayQueryRunner(`gateway-mode-${state.feature}`, [GATEWAY_STATUS_QUERY]),
    });
  }
}

function GatewayModeNoticeRenderer({ model }: SceneComponentProps<GatewayModeNotice>) {
  const { feature, $data } = model.useState();
  const { data } = $data.useState();
  const notice = describeGatewayMode(statusOf(data?.series ?? []), feature);
  if (!notice) {
    return null;
  }
  return (
    <div data-testid={testIds.gateway.modeNotice}>
      <Alert severity="info" title={notice.title}>
        {notice.text}
      </Alert>
    </div>
  );
}
