import { VariableHide, VariableRefresh } from '@grafana/schema';
import { ConstantVariable, CustomVariable, QueryVariable, TextBoxVariable } from '@grafana/scenes';
import { VARIABLES } from '../constants';
import { MIN_DURATIONS, TEMPO_STATUS_ANY, TEMPO_STATUS_OPTIONS } from '../queries/tempo/traces';
import { SignalLabelVariable } from '../queries/types';
import { LOKI_DS, TracesType, tracesDs } from './datasourceVariables';

/**
 * A label variable from the catalogue: Loki label values (variable query `{ type: 1 (label values),
 * label, stream }`) or Tempo tag values (`{ type: 1, label: <scoped tag> }`), multi-value for Loki,
 * with "All" = `.+` for `namespace` (a Loki selector needs one matcher that rejects empty) and `.*`
 * otherwise (streams without the label still match). Refreshed when the time range changes.
 */
export function signalLabelVariable(spec: SignalLabelVariable, tracesType: TracesType = 'tempo'): QueryVariable {
  const loki = spec.datasource === 'loki';
  return new QueryVariable({
    name: spec.name,
    label: spec.label,
    datasource: loki ? LOKI_DS : tracesDs(tracesType),
    query: { refId: spec.name, type: 1, label: spec.labelName, ...(spec.stream ? { stream: spec.stream } : {}) },
    includeAll: true,
    isMulti: loki,
    allValue: spec.name === 'namespace' || !loki ? '.+' : '.*',
    defaultToAll: true,
    refresh: VariableRefresh.onTimeRangeChanged,
  });
}

/** `$search`: the text every shown log line must contain (`|= "$search"`). */
export function searchVariable(): TextBoxVariable {
  return new TextBoxVariable({ name: VARIABLES.search, label: 'Line contains', value: '' });
}

/** `$traceId`: the trace shown in the trace view (set by clicking a trace in the table or by a link). */
export function traceIdVariable(): TextBoxVariable {
  return new TextBoxVariable({ name: VARIABLES.traceId, label: 'Trace ID', value: '' });
}

/** `$span`: span name regex (TraceQL `name=~"$span"`). */
export function spanVariable(): TextBoxVariable {
  return new TextBoxVariable({ name: 'span', label: 'Span name (regex)', value: '.*' });
}

/** `$operation`: Jaeger operation (exact name; empty for all). */
export function operationVariable(): TextBoxVariable {
  return new TextBoxVariable({ name: 'operation', label: 'Operation', value: '' });
}

/** `$service` typed by hand (Jaeger needs a service to search; it has no tag-values variable query). */
export function serviceTextVariable(value = ''): TextBoxVariable {
  return new TextBoxVariable({ name: 'service', label: 'Service', value });
}

/** `$minDuration`: spans longer than this (`0ms` … `5s`). */
export function minDurationVariable(): CustomVariable {
  return new CustomVariable({
    name: 'minDuration',
    label: 'Min duration',
    query: MIN_DURATIONS.join(','),
    value: '0ms',
    text: '0ms',
  });
}

/**
 * `$status`: for Tempo a TraceQL condition chosen by span status (`true` for any, `status=error`,
 * ...); for Jaeger the search's logfmt tags, typed (`error=true` for failed spans, empty for all).
 */
export function statusVariable(type: TracesType): CustomVariable | TextBoxVariable {
  if (type === 'jaeger') {
    return new TextBoxVariable({ name: 'status', label: 'Tags (e.g. error=true)', value: '' });
  }
  return new CustomVariable({
    name: 'status',
    label: 'Status',
    query: TEMPO_STATUS_OPTIONS.map((o) => `${o.text} : ${o.value}`).join(', '),
    value: TEMPO_STATUS_ANY.value,
    text: TEMPO_STATUS_ANY.text,
  });
}

/**
 * A hidden regex value fixed by the route, to be used inside a double-quoted LogQL/TraceQL matcher:
 * backslashes doubled, since `"a\.b"` is not a valid string literal there and `"a\\.b"` is.
 */
export function routeRegexVariable(name: string, regex: string): ConstantVariable {
  return new ConstantVariable({
    name,
    value: regex.replace(/\\/g, '\\\\'),
    hide: VariableHide.hideVariable,
    skipUrlSync: true,
  });
}
