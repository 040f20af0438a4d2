import React from 'react';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { gatewayErrorOf } from '../../gateway/errors';
import { GatewayAlert } from '../../gateway/ui/GatewayAlert';

/** Key of the live map's query runner (gateway data source), by which the message finds it. */
export const GATEWAY_MAP_DATA_KEY = 'service-map-gateway-data';

/** Shows why the gateway source has no map (not configured, unreachable, Relay down), above the panel. */
export class GatewayMapStatus extends SceneObjectBase<SceneObjectState> {
  static Component = GatewayMapStatusRenderer;

  /** The live map's query runner (by key). */
  public runner(): SceneQueryRunner {
    return sceneGraph.findByKeyAndType(this, GATEWAY_MAP_DATA_KEY, SceneQueryRunner);
  }
}

function GatewayMapStatusRenderer({ model }: SceneComponentProps<GatewayMapStatus>) {
  const runner = model.runner();
  const { data } = runner.useState();
  const error = gatewayErrorOf(data);
  return error ? <GatewayAlert error={error} feature="Live service map" onRetry={() => runner.runQueries()} /> : null;
}
