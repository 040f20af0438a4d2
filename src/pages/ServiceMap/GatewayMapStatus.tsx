import React from 'react';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, sceneGraph } from '@grafana/scenes';
import { GatewayAlert } from '../../gateway/ui/GatewayAlert';
import { GATEWAY_MAP_DATA_KEY, GatewayServiceMapData } from './GatewayServiceMapData';

/** Shows why the gateway source has no map (not configured, unreachable, Relay down), above the panel. */
export class GatewayMapStatus extends SceneObjectBase<SceneObjectState> {
  static Component = GatewayMapStatusRenderer;

  /** The gateway data provider of the scene (by key). */
  public provider(): GatewayServiceMapData {
    return sceneGraph.findByKeyAndType(this, GATEWAY_MAP_DATA_KEY, GatewayServiceMapData);
  }
}

function GatewayMapStatusRenderer({ model }: SceneComponentProps<GatewayMapStatus>) {
  const provider = model.provider();
  const { error } = provider.useState();
  return error ? <GatewayAlert error={error} feature="Live service map" onRetry={() => provider.load()} /> : null;
}
