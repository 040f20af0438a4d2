import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, LoadingState, dateTimeFormat } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, SceneQueryRunner, sceneGraph } from '@grafana/scenes';
import { Badge, Column, IconButton, InteractiveTable, Stack, Text, TextLink, Tooltip, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { gatewayQueryRunner } from '../../gateway/dataSource';
import { gatewayErrorOf } from '../../gateway/errors';
import { flowsOf } from '../../gateway/frames';
import { HubbleFlow } from '../../gateway/types';
import { GatewayAlert } from '../../gateway/ui/GatewayAlert';
import { flowsTableQuery } from '../../queries/hubble/gateway';
import { DropReason } from './DropReason';
import { FlowDetails } from './FlowDetails';
import { FLOW_FILTERS_KEY, FlowFilters } from './FlowFilters';
import { visibleFlows } from './clientFilters';
import { FlowFilterValues, toFlowQuery } from './filterState';
import { EndpointCell, FlowRow, VERDICT_COLORS, toGroupRow, whyUrl } from './flowRows';
import { foldObservations } from './observations';

/** Rows per table page. */
const PAGE_SIZE = 50;

/** Key of the Flows table's query runner. */
export const FLOWS_DATA_KEY = 'flows-data';

export interface FlowsTableState extends SceneObjectState {
  /** The flows query (gateway data source), built from the filters. */
  $data: SceneQueryRunner;
  /** The flow whose details drawer is open. */
  selected?: HubbleFlow;
  /** Every observation of the selected flow's packet (the row's group), for the drawer. */
  observations?: HubbleFlow[];
}

/** The gateway query of the filters in effect (the runner adds the time range). */
function queryOf(filters: FlowFilterValues) {
  return flowsTableQuery(toFlowQuery(filters), filters.follow);
}

/**
 * The flows table as Hubble UI shows it (time, source, destination, destination port and TCP
 * flags, L7 info, verdict with the drop reason, where it was observed) over the flows of its query, with the
 * client-side filters (hide toggles, service-map pair) applied, the observations of one packet
 * folded into one row unless the filter bar says otherwise, and a details drawer per row. The query
 * follows the filter bar (found by key): a change of a gateway filter or of follow mode runs it
 * again; the runner itself re-runs it when the time range changes (the refresh picker included).
 */
export class FlowsTable extends SceneObjectBase<FlowsTableState> {
  static Component = FlowsTableRenderer;

  constructor(state: Partial<FlowsTableState> = {}) {
    super({ $data: gatewayQueryRunner(FLOWS_DATA_KEY, []), ...state });
    // runs before the runner activates, so its first query already has the filters
    this.addActivationHandler(() => this.followFilters());
  }

  /** The FlowFilters of the scene (by key). */
  public filters(): FlowFilters {
    return sceneGraph.findByKeyAndType(this, FLOW_FILTERS_KEY, FlowFilters);
  }

  /** Opens the details drawer for a flow and the other observations of its packet (undefined closes it). */
  public select(flow: HubbleFlow | undefined, observations?: HubbleFlow[]): void {
    this.setState({ selected: flow, observations: flow ? (observations ?? this.state.observations) : undefined });
  }

  /** Runs the query again (the error message's Retry). */
  public retry(): void {
    this.state.$data.runQueries();
  }

  private followFilters(): () => void {
    const filters = this.filters();
    const runner = this.state.$data;
    const apply = () => {
      const queries = [queryOf(filters.values())];
      if (JSON.stringify(queries) !== JSON.stringify(runner.state.queries)) {
        runner.setState({ queries });
        if (runner.isActive) {
          runner.runQueries();
        }
      }
    };
    apply();
    const sub = filters.subscribeToState(apply);
    return () => sub.unsubscribe();
  }
}

const getStyles = (theme: GrafanaTheme2) => ({
  /** Names on one line: the shortened pod name fits, the full one is in the tooltip. */
  oneLine: css({ whiteSpace: 'nowrap' }),
  /** A narrow window scrolls the table sideways instead of cutting its last columns. */
  scroll: css({ overflowX: 'auto' }),
  /** L7 summaries can be long URLs: cut at a readable width, the full text on hover. */
  l7: css({
    display: 'block',
    maxWidth: theme.spacing(26),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
});

function Endpoint({ cell }: { cell: EndpointCell }) {
  const styles = useStyles2(getStyles);
  const title = cell.url ? (
    <TextLink href={cell.url} inline={false}>
      {cell.short}
    </TextLink>
  ) : (
    <Text>{cell.short}</Text>
  );
  const body = (
    <div className={styles.oneLine}>
      <Stack direction="column" gap={0}>
        {title}
        {cell.subtitle && (
          <Text color="secondary" variant="bodySmall">
            {cell.subtitle}
          </Text>
        )}
      </Stack>
    </div>
  );
  return cell.labels.length || cell.short !== cell.title ? (
    <Tooltip
      content={
        <Stack direction="column" gap={0}>
          <Text weight="medium">{cell.title}</Text>
          {cell.labels.map((label) => (
            <Text key={label} variant="code">
              {label}
            </Text>
          ))}
        </Stack>
      }
      placement="right"
    >
      <span>{body}</span>
    </Tooltip>
  ) : (
    body
  );
}

function L7({ text }: { text: string }) {
  const styles = useStyles2(getStyles);
  return (
    <span className={styles.l7} title={text}>
      {text}
    </span>
  );
}

function Observed({ row }: { row: FlowRow }) {
  const styles = useStyles2(getStyles);
  return (
    <Tooltip
      content={
        <Stack direction="column" gap={0}>
          {row.observations.map((o, i) => (
            <Text key={i}>{o}</Text>
          ))}
        </Stack>
      }
    >
      <span className={styles.oneLine}>
        <Text color="secondary">{row.observed || '—'}</Text>
      </span>
    </Tooltip>
  );
}

/** Destination port, with the TCP flags under it (as `hubble observe` prints them after the port). */
function Port({ row }: { row: FlowRow }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.oneLine}>
      <Stack direction="column" gap={0}>
        <Text>{row.destinationPort}</Text>
        {row.tcpFlags && (
          <Text color="secondary" variant="bodySmall">
            {row.tcpFlags}
          </Text>
        )}
      </Stack>
    </div>
  );
}

/** The verdict badge, and under it a drop's reason in words with its "Why?" link. */
function Verdict({ row, why }: { row: FlowRow; why?: string }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.oneLine}>
      <Stack direction="column" gap={0.5} alignItems="flex-start">
        <Badge text={row.verdict} color={VERDICT_COLORS[row.verdict] ?? 'darkgrey'} />
        {row.dropReason && <DropReason reason={row.dropReason} why={why} />}
      </Stack>
    </div>
  );
}

function columns(
  onSelect: (flow: HubbleFlow, observations: HubbleFlow[]) => void,
  time: { from: string; to: string }
): Array<Column<FlowRow>> {
  return [
    {
      id: 'details',
      header: '',
      disableGrow: true,
      cell: ({ row }) => (
        <span data-testid={testIds.flows.row(row.original.id)}>
          <IconButton
            name="eye"
            aria-label="Flow details"
            tooltip="Flow details"
            onClick={() => onSelect(row.original.flow, row.original.group)}
          />
        </span>
      ),
    },
    {
      id: 'timeMs',
      header: 'Time',
      sortType: 'number',
      disableGrow: true,
      cell: ({ row }) => (
        <Text>
          {Number.isFinite(row.original.timeMs)
            ? dateTimeFormat(row.original.timeMs, { format: 'YYYY-MM-DD HH:mm:ss.SSS' })
            : row.original.time}
        </Text>
      ),
    },
    { id: 'source', header: 'Source', cell: ({ row }) => <Endpoint cell={row.original.source} /> },
    { id: 'destination', header: 'Destination', cell: ({ row }) => <Endpoint cell={row.original.destination} /> },
    {
      id: 'destinationPort',
      header: 'Dst port',
      sortType: 'alphanumeric',
      disableGrow: true,
      cell: ({ row }) => <Port row={row.original} />,
    },
    {
      id: 'l7',
      header: 'L7 info',
      // no column at all when no row has L7 data
      visible: (rows) => rows.some((r) => r.l7),
      cell: ({ row }) => <L7 text={row.original.l7} />,
    },
    {
      id: 'verdict',
      header: 'Verdict',
      sortType: 'alphanumeric',
      disableGrow: true,
      cell: ({ row }) => <Verdict row={row.original} why={whyUrl(row.original.flow, time)} />,
    },
    {
      id: 'observed',
      header: 'Observed at',
      sortType: 'alphanumeric',
      disableGrow: true,
      cell: ({ row }) => <Observed row={row.original} />,
    },
  ];
}

function FlowsTableRenderer({ model }: SceneComponentProps<FlowsTable>) {
  const styles = useStyles2(getStyles);
  const { selected, observations } = model.useState();
  const { data } = model.state.$data.useState();
  const filters = model.filters();
  const { hide, client, server, follow, fold } = filters.useState();
  const flows = useMemo(() => flowsOf(data?.series ?? []), [data?.series]);
  const visible = useMemo(() => visibleFlows(flows, { hide, client, server }), [flows, hide, client, server]);
  const rows = useMemo(
    () => (fold ? foldObservations(visible) : visible.map((f) => ({ flows: [f], shown: f }))).map(toGroupRow),
    [visible, fold]
  );
  const { from, to } = sceneGraph.getTimeRange(model).useState();
  const cols = useMemo(() => columns((f, group) => model.select(f, group), { from, to }), [model, from, to]);
  const error = gatewayErrorOf(data);
  const loading = !data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted;
  // when the last answer arrived (Grafana stamps the request)
  const updatedAt = loading ? undefined : data?.request?.endTime;

  if (error && !flows.length) {
    return <GatewayAlert error={error} feature="Flows" onRetry={() => model.retry()} />;
  }
  const hidden = flows.length - visible.length;
  const folded = visible.length - rows.length;
  return (
    <div data-testid={testIds.flows.table}>
      {error && <GatewayAlert error={error} feature="Flows (showing the last answer)" onRetry={() => model.retry()} />}
      <div data-testid={testIds.flows.count}>
        <Text color="secondary" variant="bodySmall">
          {loading && !flows.length ? 'Loading flows…' : `${visible.length} flows shown`}
          {folded > 0 ? ` in ${rows.length} rows (${folded} more observations of the same packets folded)` : ''}
          {hidden > 0 ? `, ${hidden} hidden by the toggles or the pair filter` : ''}
          {updatedAt ? ` · updated ${dateTimeFormat(updatedAt, { format: 'HH:mm:ss' })}` : ''}
          {follow ? ' · following' : ''}
        </Text>
      </div>
      {rows.length > 0 ? (
        <div className={styles.scroll}>
          <InteractiveTable<FlowRow> columns={cols} data={rows} getRowId={(r) => r.id} pageSize={PAGE_SIZE} />
        </div>
      ) : (
        !loading && <Text color="secondary">No flows match these filters in this time range.</Text>
      )}
      {selected && (
        <FlowDetails
          flow={selected}
          observations={observations ?? [selected]}
          onPick={(f) => model.select(f)}
          onClose={() => model.select(undefined)}
          whyUrl={whyUrl(selected, { from, to })}
        />
      )}
    </div>
  );
}
