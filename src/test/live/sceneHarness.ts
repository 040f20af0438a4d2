import { DataFrame, LoadingState, PanelData } from '@grafana/data';
import {
  SceneCSSGridItem,
  SceneDataProvider,
  SceneObject,
  SceneQueryRunner,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';

/**
 * Activates a scene tree as rendering would, without rendering: variables first, then children,
 * then the object itself (an inactive panel would not hear of variable changes). Returns one
 * function that deactivates everything.
 */
export function activateTree(object: SceneObject): () => void {
  const handlers: Array<() => void> = [];
  const vars = object.state.$variables;
  if (vars) {
    handlers.push(activateTree(vars));
  }
  object.forEachChild((child) => {
    if (child !== vars) {
      handlers.push(activateTree(child));
    }
  });
  handlers.push(object.activate());
  return () => handlers.reverse().forEach((h) => h());
}

function allObjects(root: SceneObject): SceneObject[] {
  const out: SceneObject[] = [root];
  root.forEachChild((c) => out.push(...allObjects(c)));
  if (root.state.$data && !out.includes(root.state.$data)) {
    out.push(...allObjects(root.state.$data));
  }
  return out;
}

/** Every query runner in the tree (panels' and the metric-family check's). */
export function queryRunners(root: SceneObject): SceneQueryRunner[] {
  return allObjects(root).filter((o): o is SceneQueryRunner => o instanceof SceneQueryRunner);
}

/** Waits until every variable is loaded and every query runner has a finished result (Done or Error). */
export async function waitForQueries(root: SceneObject, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runners = queryRunners(root);
    const variablesLoading = sceneGraph.getVariables(root).state.variables.some((v) => v.state.loading);
    const pending = runners.filter((r) => {
      const state = r.state.data?.state;
      return state !== LoadingState.Done && state !== LoadingState.Error;
    });
    if (!variablesLoading && pending.length === 0 && runners.length > 0) {
      // one more tick: data transformers emit after their runner
      await new Promise((r) => setTimeout(r, 50));
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`queries still pending after ${timeoutMs} ms: ${pending.map((r) => r.state.key).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What one visible panel received. */
export interface PanelResult {
  key: string;
  title: string;
  hidden: boolean;
  data?: PanelData;
}

/** The panels of a scene with what their data provider holds now, and whether the page hid them. */
export function panelResults(root: SceneObject): PanelResult[] {
  return allObjects(root)
    .filter((o): o is VizPanel => o instanceof VizPanel)
    .map((panel) => {
      const item = panel.parent instanceof SceneCSSGridItem ? panel.parent : undefined;
      const provider = panel.state.$data as SceneDataProvider | undefined;
      return {
        key: String(panel.state.key),
        title: panel.state.title,
        hidden: Boolean(item?.state.isHidden),
        data: provider?.state.data,
      };
    });
}

/** Number of data rows in frames other than exemplars. */
export function dataRows(frames: DataFrame[]): number {
  return frames.filter((f) => f.name !== 'exemplar').reduce((n, f) => n + f.length, 0);
}

/**
 * Why a panel's data is not acceptable, or undefined when it is: it must have finished without
 * error and hold at least one row, with a number that is not NaN when it has number columns.
 */
export function panelProblem(result: PanelResult): string | undefined {
  const data = result.data;
  if (!data) {
    return 'no data provider state';
  }
  if (data.state === LoadingState.Error || data.errors?.length) {
    return `error: ${(data.errors ?? []).map((e) => e?.message).join('; ')}`;
  }
  const frames = data.series.filter((f) => f.name !== 'exemplar');
  const numberFields = frames.flatMap((f) => f.fields.filter((field) => field.type === 'number'));
  const hasNumber = numberFields.some((field) => field.values.some((v) => typeof v === 'number' && !Number.isNaN(v)));
  // A table may hide its value column (only labels left, e.g. a node's conditions): rows are data then.
  if (dataRows(frames) === 0 || (numberFields.length > 0 && !hasNumber)) {
    return 'empty result (no series or only NaN)';
  }
  return undefined;
}
