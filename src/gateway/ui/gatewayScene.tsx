import React from 'react';
import { EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneReactObject } from '@grafana/scenes';
import { isGatewayConfigured } from '../client';
import { GatewayError, notConfiguredError } from '../errors';
import { GatewayAlert } from './GatewayAlert';

/** A scene that only explains a gateway problem (and links to the configuration page when that is the fix). */
export function gatewayMessageScene(error: GatewayError, feature: string): EmbeddedScene {
  return new EmbeddedScene({
    body: new SceneFlexLayout({
      children: [
        new SceneFlexItem({
          body: new SceneReactObject({ component: () => <GatewayAlert error={error} feature={feature} /> }),
        }),
      ],
    }),
  });
}

/**
 * Builds a page's scene when a Gateway URL is configured; otherwise a scene that says the gateway
 * is not configured and links to the configuration page (no request is sent).
 */
export function gatewaySceneOrMessage(build: () => EmbeddedScene, feature: string): EmbeddedScene {
  return isGatewayConfigured() ? build() : gatewayMessageScene(notConfiguredError(), feature);
}
