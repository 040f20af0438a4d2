/**
 * Hubble metric configurations in the syntax of `--hubble-metrics` / Helm
 * `hubble.metrics.enabled` (items `name:opt=val;opt2=val2`; `labelsContext` values are
 * comma-separated, `sourceContext`/`destinationContext` alternatives `|`-separated).
 */

/** One enabled metric with its options. */
export type MetricSpec = { name: string; options: Record<string, string> };

/** Which Hubble metrics configuration the agents run (`--hubble-metrics docs|rich`). */
export type HubbleMetricsMode = 'docs' | 'rich';

const HTTP_V2 =
  'httpV2:exemplars=true;labelsContext=source_ip,source_namespace,source_workload,destination_ip,destination_namespace,destination_workload,traffic_direction';
const WORKLOAD_CTX = 'sourceContext=workload-name|reserved-identity;destinationContext=workload-name|reserved-identity';
const NS_LABELS = 'labelsContext=source_namespace,destination_namespace';

/**
 * `docs`: the example of Cilium's documentation (Documentation/observability/metrics.rst), as
 * most clusters copy it: only httpV2 carries workload context.
 */
export const DOCS_METRICS: string[] = ['dns', 'drop', 'tcp', 'flow', 'port-distribution', 'icmp', HTTP_V2];

/**
 * `rich`: workload and namespace context on flow, drop and dns (dns also with `query` and
 * `ignoreAAAA`), plus the policy verdict metric with its contexts.
 */
export const RICH_METRICS: string[] = [
  `dns:query;ignoreAAAA;${WORKLOAD_CTX};${NS_LABELS}`,
  `drop:${WORKLOAD_CTX};${NS_LABELS}`,
  'tcp',
  `flow:${WORKLOAD_CTX};${NS_LABELS}`,
  'port-distribution',
  'icmp',
  HTTP_V2,
  `policy:sourceContext=app|workload-name|pod|reserved-identity;destinationContext=app|workload-name|pod|dns|reserved-identity;${NS_LABELS}`,
];

/** The configuration of a mode. */
export function metricsFor(mode: HubbleMetricsMode): string[] {
  return mode === 'rich' ? RICH_METRICS : DOCS_METRICS;
}

/** Parses one `name:opt=val;opt` item. Options without `=` get the value "". */
export function parseMetricSpec(item: string): MetricSpec {
  const colon = item.indexOf(':');
  const name = colon < 0 ? item : item.slice(0, colon);
  const options: Record<string, string> = {};
  if (colon >= 0) {
    for (const part of item.slice(colon + 1).split(';')) {
      if (!part) {
        continue;
      }
      const eq = part.indexOf('=');
      options[eq < 0 ? part : part.slice(0, eq)] = eq < 0 ? '' : part.slice(eq + 1);
    }
  }
  return { name, options };
}

/** The Helm value for a configuration: `{a,b:x=1\,2}` (commas inside options escaped). */
export function helmValue(items: string[]): string {
  return `{${items.map((i) => i.replace(/,/g, '\\,')).join(',')}}`;
}
