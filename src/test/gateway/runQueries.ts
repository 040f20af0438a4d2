/**
 * Runs gateway data source queries the way a scene does (a SceneQueryRunner under an activated
 * scene with a fixed time range and optional variables), for data source tests without rendering.
 */
import { LoadingState, PanelData } from '@grafana/data';
import {
  CustomVariable,
  EmbeddedScene,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneTimeRange,
  SceneVariableSet,
} from '@grafana/scenes';
import { gatewayQueryRunner } from '../../gateway/dataSource';
import { GatewayQuery } from '../../gateway/query';

/** The time range every query of these tests covers. */
export const TEST_RANGE = { from: '2026-11-22T01:45:40Z', to: '2026-11-22T02:45:40Z' };

/**
 * Runs `queries` over `range` (TEST_RANGE by default; Grafana's forms, `now-1h`, work too) and
 * resolves with the first answer that is Done, Error or Streaming (after at most `timeoutMs`; the
 * runner is deactivated afterwards).
 */
export async function runGatewayQueries(
  queries: GatewayQuery[],
  variables: CustomVariable[] = [],
  { range = TEST_RANGE, timeoutMs = 10000 }: { range?: { from: string; to: string }; timeoutMs?: number } = {}
): Promise<PanelData> {
  const runner: SceneQueryRunner = gatewayQueryRunner('test-data', queries);
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange(range),
    $variables: new SceneVariableSet({ variables }),
    $data: runner,
    body: new SceneFlexLayout({ children: [] }),
  });
  const deactivate = scene.activate();
  const done = [LoadingState.Done, LoadingState.Error, LoadingState.Streaming];
  try {
    const end = Date.now() + timeoutMs;
    while (!done.includes(runner.state.data?.state as LoadingState)) {
      if (Date.now() > end) {
        throw new Error('timed out waiting for the answer');
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return runner.state.data!;
  } finally {
    deactivate();
  }
}
