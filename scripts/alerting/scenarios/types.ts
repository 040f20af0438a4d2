/** One input series of a promtool test: `metric{label="value"}` and promtool's expanding notation. */
export interface InputSeries {
  series: string;
  values: string;
}

/** Expected alert of a test case: labels of the expression's output series and the value shown in annotations. */
export interface ExpectedAlert {
  labels: Record<string, string>;
  value: number;
}

/**
 * promtool scenarios of one Prometheus template. Evaluation runs every minute from 0.
 * - `firing`: input where the expression first holds at minute `activeFrom`; the generated tests
 *   expect the alert at `activeFrom + for` (with labels and annotations) and no alert one minute
 *   earlier (the `for` boundary).
 * - `boundary`: input whose value sits exactly on the threshold; no alert long after `for`.
 * - `extra`: more cases at a given minute; `expect` null = must not fire.
 */
export interface Scenario {
  templateId: string;
  firing: { series: InputSeries[]; activeFrom: number; expect: ExpectedAlert };
  boundary: InputSeries[];
  extra?: Array<{ name: string; series: InputSeries[]; at: number; expect: ExpectedAlert | null }>;
}

/** `metric{a="1",b="2"}` from a name and labels. */
export function s(metric: string, labels: Record<string, string>, values: string): InputSeries {
  const body = Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',');
  return { series: `${metric}{${body}}`, values };
}

/** Labels of a cilium-agent / Hubble scrape target on node-1 in cluster c1. */
export const AGENT = {
  cluster: 'c1',
  namespace: 'kube-system',
  pod: 'cilium-x7k2p',
  node: 'node-1',
  instance: '10.0.0.11:9962',
  job: 'cilium-agent',
};
/** The labels the agent templates keep. */
export const AGENT_OUT = { cluster: 'c1', namespace: 'kube-system', pod: 'cilium-x7k2p', node: 'node-1' };
/** Scrape labels of kube-state-metrics. */
export const KSM = { cluster: 'c1', instance: '10.0.0.20:8080', job: 'kube-state-metrics' };
