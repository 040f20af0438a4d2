import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import { render, waitFor } from '@testing-library/react';
import { LoadingState } from '@grafana/data';
import { SceneObject, SceneQueryRunner } from '@grafana/scenes';

/** React Router v7 behaviour, opted into as the app's host (Grafana 12) does, so tests print no future-flag warnings. */
const ROUTER_FUTURE = { v7_startTransition: true, v7_relativeSplatPath: true };

/** States of a query runner that has an answer to show. */
const ANSWERED = [LoadingState.Done, LoadingState.Streaming, LoadingState.Error];

function runners(object: SceneObject): SceneQueryRunner[] {
  const found: SceneQueryRunner[] = object instanceof SceneQueryRunner ? [object] : [];
  object.forEachChild((child) => found.push(...runners(child)));
  return found;
}

/** Keys of the active query runners under `object` still waiting for an answer. */
export function pendingQueries(object: SceneObject): string[] {
  return runners(object)
    .filter((r) => r.isActive && !ANSWERED.includes(r.state.data?.state as LoadingState))
    .map((r) => String(r.state.key));
}

/**
 * Renders a scene inside a router, as the app does, and waits (inside Testing Library's `waitFor`,
 * so React sees every update) until each of its active query runners has answered.
 */
export async function renderScene(scene: SceneObject) {
  const view = render(
    <MemoryRouter future={ROUTER_FUTURE}>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
  await waitFor(() => expect(pendingQueries(scene)).toEqual([]));
  return view;
}
