import React, { useId, useMemo } from 'react';
import {
  SceneComponentProps,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
  SceneQueryRunner,
} from '@grafana/scenes';
import { Combobox, IconButton, InlineField, InlineSwitch, MultiCombobox, Stack, Tag } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { gatewayQueryRunner } from '../../gateway/dataSource';
import { namespacesOf } from '../../gateway/frames';
import { DIRECTIONS, Direction, PROTOCOLS, Protocol, VERDICTS, Verdict, flowQueryParams } from '../../gateway/params';
import { NAMESPACE_OPTIONS_QUERY } from '../../queries/hubble/gateway';
import { CommitInput } from './CommitInput';
import {
  DEFAULT_FILTERS,
  FILTER_URL_KEYS,
  FilterName,
  FlowFilterValues,
  HIDE_OPTIONS,
  HideOption,
  LIMIT_OPTIONS,
  filtersFromUrl,
  filtersToUrl,
  toFlowQuery,
} from './filterState';

/** Key of the one FlowFilters object of a flows scene; the table finds it by this key. */
export const FLOW_FILTERS_KEY = 'flow-filters';

const ALL_NAMES = Object.keys(FILTER_URL_KEYS) as FilterName[];

/** State: the editable filters, the page's fixed ones, and the query of the namespaces the picker offers. */
export interface FlowFiltersState extends SceneObjectState, FlowFilterValues {
  /** Filters the page fixes (a workload's Flows tab): always applied, not editable, not in the URL. */
  fixed?: Partial<FlowFilterValues>;
  /** The namespace picker's options: the gateway's namespaces (none when the page fixes the namespace). */
  $data?: SceneQueryRunner;
}

const HIDE_LABELS: Record<HideOption, string> = {
  'kube-dns': 'Hide kube-dns',
  host: 'Hide host',
  'remote-node': 'Hide remote-node',
};

/**
 * The Flows page's filter bar: one control per gateway parameter, the hide toggles, follow mode and
 * the service-map pair. Its state is synced to the URL under the gateway's parameter names, so a
 * link (e.g. from a service-map edge) opens the table filtered.
 */
export class FlowFilters extends SceneObjectBase<FlowFiltersState> {
  static Component = FlowFiltersRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, {
    keys: () => this.urlNames().map((n) => FILTER_URL_KEYS[n]),
  });

  constructor(state: Partial<FlowFiltersState> = {}) {
    const namespaceFixed = Boolean(state.fixed && 'namespace' in state.fixed);
    super({
      ...DEFAULT_FILTERS,
      key: FLOW_FILTERS_KEY,
      $data: namespaceFixed ? undefined : gatewayQueryRunner('flow-namespaces', [NAMESPACE_OPTIONS_QUERY]),
      ...state,
    });
  }

  /** The filters in effect: the editable ones with the fixed ones on top. */
  public values(): FlowFilterValues {
    const s = this.state;
    const editable: FlowFilterValues = {
      namespace: s.namespace,
      pod: s.pod,
      workload: s.workload,
      verdict: s.verdict,
      protocol: s.protocol,
      httpStatus: s.httpStatus,
      dnsQuery: s.dnsQuery,
      trafficDirection: s.trafficDirection,
      limit: s.limit,
      client: s.client,
      server: s.server,
      hide: s.hide,
      follow: s.follow,
      fold: s.fold,
    };
    return { ...editable, ...s.fixed };
  }

  /** Sets one filter (ignored for a fixed one). */
  public setFilter<K extends FilterName>(name: K, value: FlowFilterValues[K]): void {
    if (this.state.fixed && name in this.state.fixed) {
      return;
    }
    this.setState({ [name]: value } as Partial<FlowFiltersState>);
  }

  /** True when the filter is fixed by the page. */
  public isFixed(name: FilterName): boolean {
    return Boolean(this.state.fixed && name in this.state.fixed);
  }

  private urlNames(): FilterName[] {
    return ALL_NAMES.filter((n) => !this.isFixed(n));
  }

  /** The editable filters as URL values (gateway parameter names; defaults left out). */
  public getUrlState(): SceneObjectUrlValues {
    return filtersToUrl(this.values(), this.urlNames());
  }

  /** Applies the URL keys that changed (scenes passes only those; a removed key resets its filter). */
  public updateFromUrl(values: SceneObjectUrlValues): void {
    const names = this.urlNames().filter((n) => FILTER_URL_KEYS[n] in values);
    if (names.length) {
      this.setState(filtersFromUrl(values, names));
    }
  }
}

function options<T extends string | number>(values: readonly T[]) {
  return values.map((value) => ({ value, label: String(value) }));
}

/**
 * The namespace picker: the namespaces the gateway knows (none while loading or when the call fails:
 * the table reports gateway problems), and any namespace typed in.
 */
function NamespaceFilter({
  model,
  runner,
  invalid,
}: {
  model: FlowFilters;
  runner: SceneQueryRunner;
  invalid: boolean;
}) {
  const { data } = runner.useState();
  const namespaces = useMemo(() => namespacesOf(data?.series ?? []), [data?.series]);
  // the label names the input through this id (Combobox drops aria-label)
  const id = useId();
  return (
    <InlineField label="Namespace" invalid={invalid}>
      <Combobox<string>
        id={id}
        width={24}
        isClearable
        createCustomValue
        placeholder="All namespaces"
        value={model.values().namespace ?? null}
        options={options(namespaces)}
        onChange={(o) => model.setFilter('namespace', o?.value || undefined)}
      />
    </InlineField>
  );
}

function FlowFiltersRenderer({ model }: SceneComponentProps<FlowFilters>) {
  const state = model.useState();
  const values = model.values();
  const invalid = new Set(flowQueryParams(toFlowQuery(values)).problems.map((p) => p.parameter));
  const show = (name: FilterName) => !model.isFixed(name);
  // InlineField's label points at its child's id: that is what names a Combobox's input
  const base = useId();
  const ids = {
    verdict: `${base}-verdict`,
    protocol: `${base}-protocol`,
    direction: `${base}-direction`,
    limit: `${base}-limit`,
  };
  const text = (name: 'pod' | 'workload' | 'dnsQuery', label: string, placeholder: string, param: string, width = 24) =>
    show(name) && (
      <InlineField
        label={label}
        invalid={invalid.has(param)}
        error={invalid.has(param) ? 'Not sent: invalid value' : undefined}
      >
        <CommitInput
          aria-label={label}
          width={width}
          value={values[name] ?? ''}
          placeholder={placeholder}
          invalid={invalid.has(param)}
          onCommit={(v) => model.setFilter(name, v || undefined)}
        />
      </InlineField>
    );

  return (
    <div data-testid={testIds.flows.filters}>
      <Stack direction="row" wrap="wrap" gap={1} alignItems="center">
        {show('namespace') && state.$data && (
          <NamespaceFilter model={model} runner={state.$data} invalid={invalid.has('namespace')} />
        )}
        {text('pod', 'Pod', '[namespace/]pod-prefix', 'pod')}
        {text('workload', 'Workload', '[namespace/]workload', 'workload')}
        {show('verdict') && (
          <InlineField label="Verdict">
            <MultiCombobox<Verdict>
              id={ids.verdict}
              width="auto"
              minWidth={16}
              placeholder="Any"
              value={values.verdict}
              options={options(VERDICTS)}
              onChange={(o) =>
                model.setFilter(
                  'verdict',
                  o.map((x) => x.value)
                )
              }
            />
          </InlineField>
        )}
        {show('protocol') && (
          <InlineField label="Protocol">
            <MultiCombobox<Protocol>
              id={ids.protocol}
              width="auto"
              minWidth={14}
              placeholder="Any"
              value={values.protocol}
              options={options(PROTOCOLS)}
              onChange={(o) =>
                model.setFilter(
                  'protocol',
                  o.map((x) => x.value)
                )
              }
            />
          </InlineField>
        )}
        {show('httpStatus') && (
          <InlineField
            label="HTTP status"
            invalid={invalid.has('http_status')}
            error={invalid.has('http_status') ? 'Not sent: use 404, 5+, 40+' : undefined}
          >
            <CommitInput
              aria-label="HTTP status"
              width={14}
              value={values.httpStatus.join(',')}
              placeholder="5+, 404"
              invalid={invalid.has('http_status')}
              onCommit={(v) =>
                model.setFilter(
                  'httpStatus',
                  v
                    ? v
                        .split(',')
                        .map((s) => s.trim())
                        .filter(Boolean)
                    : []
                )
              }
            />
          </InlineField>
        )}
        {text('dnsQuery', 'DNS query', 'regex, e.g. svc.cluster.local', 'dns_query')}
        {show('trafficDirection') && (
          <InlineField label="Direction">
            <Combobox<Direction>
              id={ids.direction}
              width={14}
              isClearable
              placeholder="Any"
              value={values.trafficDirection ?? null}
              options={options(DIRECTIONS)}
              onChange={(o) => model.setFilter('trafficDirection', o?.value)}
            />
          </InlineField>
        )}
        {show('limit') && (
          <InlineField
            label="Limit"
            tooltip="Flows asked of the gateway (newest first); follow mode keeps this many rows."
          >
            <Combobox<number>
              id={ids.limit}
              width={12}
              value={values.limit}
              options={options(LIMIT_OPTIONS)}
              onChange={(o) => model.setFilter('limit', o.value)}
            />
          </InlineField>
        )}
      </Stack>
      <Stack direction="row" wrap="wrap" gap={1} alignItems="center">
        {HIDE_OPTIONS.filter(() => show('hide')).map((option) => (
          <InlineSwitch
            key={option}
            label={HIDE_LABELS[option]}
            showLabel
            value={values.hide.includes(option)}
            onChange={(e) =>
              model.setFilter(
                'hide',
                e.currentTarget.checked ? [...values.hide, option] : values.hide.filter((h) => h !== option)
              )
            }
          />
        ))}
        {show('fold') && (
          <div data-testid={testIds.flows.fold}>
            <InlineSwitch
              label="Fold observations"
              showLabel
              value={values.fold}
              onChange={(e) => model.setFilter('fold', e.currentTarget.checked)}
            />
          </div>
        )}
        {show('follow') && (
          <div data-testid={testIds.flows.follow}>
            <InlineSwitch
              label="Follow"
              showLabel
              value={values.follow}
              onChange={(e) => model.setFilter('follow', e.currentTarget.checked)}
            />
          </div>
        )}
        {(values.client || values.server) && (
          <Stack direction="row" gap={0.5} alignItems="center">
            <Tag name={`${values.client ?? 'any'} → ${values.server ?? 'any'}`} icon="exchange-alt" />
            {!model.isFixed('client') && (
              <IconButton
                name="times"
                aria-label="Clear the service-map pair"
                tooltip="Show flows of all pairs"
                onClick={() => model.setState({ client: undefined, server: undefined })}
              />
            )}
          </Stack>
        )}
      </Stack>
    </div>
  );
}
