/**
 * Links between the app's signals: a flow to its pods' logs and to its trace, a log line's trace id
 * to the trace, a workload to its pods' names. Pure URL builders (no Grafana runtime calls), so the
 * Flows page, the service map and tests can use them directly.
 */
export { flowLogsUrl, flowTraceUrl, flowTraceId } from './flowLinks';
export type { FlowForLinks, FlowSide } from './flowLinks';
export { podLogsUrl, traceUrl, troubleshootUrl, TRACE_LINK_TEMPLATE } from './appUrls';
export type { LinkDatasources, TimeWindow } from './appUrls';
export { podRegexForWorkload } from './podRegex';
export { traceIdInLine, TRACE_ID_PATTERN } from './logTraceLinks';
