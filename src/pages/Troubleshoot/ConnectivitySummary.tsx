import React, { useMemo } from 'react';
import { LoadingState, dateTimeFormat } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { Alert, Badge, Button, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { ConnectivityReport } from '../../gateway/connectivityTypes';
import { flowTimeMs } from '../../gateway/flowTime';
import { gatewayErrorOf } from '../../gateway/errors';
import { serviceMapOf } from '../../gateway/frames';
import { SUBJECT_ALLOWED } from '../../gateway/subject';
import { GatewayAlert } from '../../gateway/ui/GatewayAlert';
import { VERDICT_COLORS } from '../Flows/flowRows';
import { reportOf } from './ConnectivitySection';
import { PAIR_PICKER_KEY, PairPicker } from './PairPicker';
import { droppedPairs } from './pairOptions';

/**
 * The head of the Troubleshoot page: before a pair is picked, what to enter and the connections
 * with drops in the time range (one click asks about them); then the gateway's state (loading, or
 * its error and what to fix); then what was asked and the verdict counts each way.
 */
export class ConnectivitySummary extends SceneObjectBase<SceneObjectState> {
  static Component = ConnectivitySummaryRenderer;

  public picker(): PairPicker {
    return sceneGraph.findByKeyAndType(this, PAIR_PICKER_KEY, PairPicker);
  }
}

function Verdicts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (!entries.length) {
    return <Text color="secondary">no flows</Text>;
  }
  return (
    <Stack direction="row" gap={0.5} wrap="wrap">
      {entries.map(([verdict, n]) => (
        <Badge
          key={verdict}
          text={`${verdict} ${n.toLocaleString('en-US')}`}
          color={VERDICT_COLORS[verdict] ?? 'darkgrey'}
        />
      ))}
    </Stack>
  );
}

const time = (t: string | null) => {
  const ms = flowTimeMs(t ?? undefined);
  return Number.isFinite(ms) ? dateTimeFormat(ms, { format: 'YYYY-MM-DD HH:mm:ss' }) : '…';
};

function ReportHead({ report }: { report: ConnectivityReport }) {
  return (
    <Stack direction="column" gap={1}>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <Text element="h2" variant="h4">
          {report.from} → {report.to}
        </Text>
        <Verdicts counts={report.verdicts.from_to} />
      </Stack>
      <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
        <Text color="secondary" variant="bodySmall">
          Replies, and connections {report.to} opened:
        </Text>
        <Verdicts counts={report.verdicts.to_from} />
      </Stack>
      <Text color="secondary" variant="bodySmall">
        {report.flows_analysed.toLocaleString('en-US')} flows analysed from {time(report.window.since)} to{' '}
        {time(report.window.until)}: the flows between the two, the DNS lookups of {report.from} and the policy verdicts
        of either side.
      </Text>
    </Stack>
  );
}

/** Before a pair is picked: what a side can be, and the connections with drops to ask about. */
function PickPair({ picker }: { picker: PairPicker }) {
  const { data } = picker.state.$data.useState();
  const pairs = useMemo(() => droppedPairs(serviceMapOf(data?.series ?? [])), [data?.series]);
  const loading = !data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted;
  return (
    <Alert severity="info" title="Why can't A reach B? Pick a source and a destination" bottomSpacing={0}>
      <Stack direction="column" gap={1}>
        <Text>
          Each side is {SUBJECT_ALLOWED}. The Hubble gateway reads the flows between them in the time range and tells
          what dropped them, which policy decided, and what to change.
        </Text>
        {loading ? (
          <Text color="secondary">Looking for connections with drops…</Text>
        ) : pairs.length ? (
          <>
            <Text>Connections with drops in this time range:</Text>
            <Stack direction="row" gap={1} wrap="wrap">
              {pairs.slice(0, 12).map((p) => (
                <span key={`${p.source}->${p.destination}`} data-testid={testIds.troubleshoot.droppedPair}>
                  <Button size="sm" variant="secondary" icon="question-circle" onClick={() => picker.setPair(p)}>
                    {`${p.source} → ${p.destination} (${p.dropped.toLocaleString('en-US')} dropped)`}
                  </Button>
                </span>
              ))}
            </Stack>
          </>
        ) : (
          <Text color="secondary">No connection between workloads had drops in this time range.</Text>
        )}
      </Stack>
    </Alert>
  );
}

function ConnectivitySummaryRenderer({ model }: SceneComponentProps<ConnectivitySummary>) {
  const picker = model.picker();
  const { source, destination } = picker.useState();
  const runner = sceneGraph.getData(model) as SceneQueryRunner;
  const { data } = runner.useState();
  const report = reportOf(data?.series, { source, destination });
  // Grafana keeps the errors of one failed query only; without a report, whichever it kept explains why
  const error = report ? undefined : gatewayErrorOf(data);

  let body: React.ReactNode;
  if (!source || !destination) {
    body = <PickPair picker={picker} />;
  } else if (error) {
    body = <GatewayAlert error={error} feature="Troubleshoot" onRetry={() => runner.runQueries()} />;
  } else if (!report) {
    body = <LoadingPlaceholder text={`Reading the flows between ${source} and ${destination}…`} />;
  } else {
    body = <ReportHead report={report} />;
  }
  return <div data-testid={testIds.troubleshoot.summary}>{body}</div>;
}
