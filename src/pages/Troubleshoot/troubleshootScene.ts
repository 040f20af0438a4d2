import { map } from 'rxjs';
import { DataFrame } from '@grafana/data';
import {
  EmbeddedScene,
  PanelBuilders,
  SceneControlsSpacer,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObject,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';
import { testIds } from '../../components/testIds';
import { gatewayQueryRunner } from '../../gateway/dataSource';
import { GATEWAY_FRAMES } from '../../gateway/frames';
import { VERDICTS } from '../../gateway/params';
import { isWorkloadSubject } from '../../gateway/subject';
import { connectivityQuery, pairHttpErrorsQuery } from '../../queries/hubble/gateway';
import { VERDICT_COLORS } from '../Flows/flowRows';
import { ConnectivitySection, reportOf } from './ConnectivitySection';
import { ConnectivitySummary } from './ConnectivitySummary';
import { FindingsView } from './FindingsView';
import { PAIR_PICKER_KEY, Pair, PairPicker } from './PairPicker';
import { DnsView, HttpErrorsView, PoliciesView } from './ReportTables';
import { SuggestedPolicyView } from './SuggestedPolicyView';

/** Key of the Troubleshoot page's query runner (connectivity report and HTTP errors). */
export const TROUBLESHOOT_DATA_KEY = 'troubleshoot-data';

/** Key of the verdict timeline panel. */
export const TIMELINE_PANEL_KEY = 'troubleshoot-timeline';

/**
 * The queries that answer `pair`: the connectivity report, and the HTTP errors of its workload side
 * (`source` first); none until both sides are set.
 */
export function pairQueries(pair: Pair) {
  const { source, destination } = pair;
  if (!source || !destination) {
    return [];
  }
  const workload = [source, destination].find(isWorkloadSubject);
  return [connectivityQuery(source, destination), ...(workload ? [pairHttpErrorsQuery(workload)] : [])];
}

/** The verdict timeline: the report's timeline frame, one line per verdict in its colour. */
function timelinePanel(): VizPanel {
  const panel = PanelBuilders.timeseries()
    .setTitle('Verdicts over time')
    .setDescription(
      'Flows between the two sides (both directions) per bucket of the report, by verdict: forwarded green, dropped red.'
    )
    .setData(
      new SceneDataTransformer({
        transformations: [
          () => (source) =>
            source.pipe(
              map((frames: DataFrame[]) => frames.filter((f) => f.name === GATEWAY_FRAMES.connectivityTimeline))
            ),
        ],
      })
    )
    .setUnit('short')
    .setMin(0)
    .setDecimals(0)
    .setCustomFieldConfig('fillOpacity', 10)
    .setOverrides((b) => {
      for (const verdict of VERDICTS) {
        b.matchFieldsWithName(verdict).overrideColor({ mode: 'fixed', fixedColor: VERDICT_COLORS[verdict] ?? 'blue' });
      }
    })
    .build();
  panel.setState({ key: TIMELINE_PANEL_KEY });
  return panel;
}

/**
 * Behavior of the scene: runs the queries of the pair the picker holds, now and whenever it
 * changes; shows the timeline only for a report with flows between the two sides.
 */
function askAboutPair(timeline: SceneFlexItem) {
  return (scene: SceneObject) => {
    const picker = sceneGraph.findByKeyAndType(scene, PAIR_PICKER_KEY, PairPicker);
    const runner = sceneGraph.findByKeyAndType(scene, TROUBLESHOOT_DATA_KEY, SceneQueryRunner);
    const showTimeline = () => {
      const report = reportOf(runner.state.data?.series, picker.state);
      const isHidden = !report?.timeline.points.length;
      if (timeline.state.isHidden !== isHidden) {
        timeline.setState({ isHidden });
      }
    };
    const ask = () => {
      const queries = pairQueries(picker.state);
      if (JSON.stringify(queries) !== JSON.stringify(runner.state.queries)) {
        runner.setState({ queries });
        runner.runQueries();
      }
      showTimeline();
    };
    ask();
    const subs = [picker.subscribeToState(ask), runner.subscribeToState(showTimeline)];
    return () => subs.forEach((s) => s.unsubscribe());
  };
}

const section = (title: string, testId: string, view: ConnectivitySection['state']['view'], description?: string) =>
  new SceneFlexItem({ ySizing: 'content', body: new ConnectivitySection({ title, testId, view, description }) });

/**
 * The Troubleshoot scene: the pair picker and the time range on top; the summary, the verdict
 * timeline, the findings with their fixes, the policies involved, the DNS answers, the HTTP errors
 * and the suggested policy, all from one SceneQueryRunner on the gateway data source.
 */
export function troubleshootScene(): EmbeddedScene {
  const timeline = new SceneFlexItem({ height: 240, isHidden: true, body: timelinePanel() });
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-15m', to: 'now' }),
    $data: gatewayQueryRunner(TROUBLESHOOT_DATA_KEY, []),
    $behaviors: [askAboutPair(timeline)],
    controls: [
      new PairPicker({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({ intervals: ['30s', '1m', '5m'] }),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({ ySizing: 'content', body: new ConnectivitySummary({}) }),
        timeline,
        section('Findings, worst first', testIds.troubleshoot.findings, FindingsView),
        new SceneFlexLayout({
          direction: 'row',
          children: [
            section(
              'Policies involved',
              testIds.troubleshoot.policies,
              PoliciesView,
              'From the flows’ ingress/egress allowed-by and denied-by lists (flow.Policy).'
            ),
            section(
              'DNS answers',
              testIds.troubleshoot.dns,
              DnsView,
              'What the source was told for the destination’s names.'
            ),
          ],
        }),
        section(
          'HTTP errors',
          testIds.troubleshoot.httpErrors,
          HttpErrorsView,
          'Answers with 4xx or 5xx from the destination to the source, newest first.'
        ),
        section(
          'Suggested policy',
          testIds.troubleshoot.suggestedPolicy,
          SuggestedPolicyView,
          'A least-privilege CiliumNetworkPolicy for the traffic dropped because no rule allows it.'
        ),
      ],
    }),
  });
}
