import { CustomVariable } from '@grafana/scenes';

/** Where the map comes from: the gateway (live flows), Hubble metrics (any time range), or Caretta. */
export type MapSource = 'gateway' | 'metrics' | 'caretta';

/** Every source, in the order the picker lists them. */
export const MAP_SOURCES: MapSource[] = ['gateway', 'metrics', 'caretta'];

const LABELS: Record<MapSource, string> = {
  gateway: 'Hubble gateway (live)',
  metrics: 'Hubble metrics',
  caretta: 'Caretta',
};

/** `$source`: the map's source (URL `var-source`); starts with `initial`. */
export function sourceVariable(sources: MapSource[], initial: MapSource): CustomVariable {
  return new CustomVariable({
    name: 'source',
    label: 'Source',
    query: sources.map((s) => `${LABELS[s]} : ${s}`).join(','),
    value: initial,
    text: LABELS[initial],
  });
}
