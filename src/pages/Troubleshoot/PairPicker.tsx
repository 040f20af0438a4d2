import React, { useMemo } from 'react';
import {
  SceneComponentProps,
  SceneObjectBase,
  SceneObjectState,
  SceneObjectUrlSyncConfig,
  SceneObjectUrlValues,
  SceneQueryRunner,
} from '@grafana/scenes';
import { Combobox, Icon, IconButton, InlineField, Stack } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { TROUBLESHOOT_PARAMS } from '../../constants';
import { gatewayQueryRunner } from '../../gateway/dataSource';
import { namespacesOf, serviceMapOf } from '../../gateway/frames';
import { SUBJECT_ALLOWED, parseSubject } from '../../gateway/subject';
import { TROUBLESHOOT_OPTIONS_QUERIES } from '../../queries/hubble/gateway';
import { pairOptions } from './pairOptions';

/** Key of the one PairPicker of the Troubleshoot scene (the scene and its sections find it by key). */
export const PAIR_PICKER_KEY = 'troubleshoot-pair';

/** The two sides asked about; each `namespace/workload`, `namespace/pod`, an IP or a DNS name. */
export interface Pair {
  source?: string;
  destination?: string;
}

export interface PairPickerState extends SceneObjectState, Pair {
  /** The pickers' options: the gateway's service map over the time range and its namespaces. */
  $data: SceneQueryRunner;
}

const text = (v: string | string[] | null | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined;

/**
 * The Troubleshoot page's question: a source and a destination, picked from the workloads and DNS
 * names the gateway saw in the time range or typed (an IP, a pod, a DNS name). Synced to the URL
 * (`?source=...&destination=...`), so a link reproduces the view.
 */
export class PairPicker extends SceneObjectBase<PairPickerState> {
  static Component = PairPickerRenderer;
  protected _urlSync = new SceneObjectUrlSyncConfig(this, {
    keys: [TROUBLESHOOT_PARAMS.source, TROUBLESHOOT_PARAMS.destination],
  });

  constructor(state: Partial<PairPickerState> = {}) {
    super({
      key: PAIR_PICKER_KEY,
      $data: gatewayQueryRunner('troubleshoot-options', [...TROUBLESHOOT_OPTIONS_QUERIES]),
      ...state,
    });
  }

  /** Both sides, when both are set. */
  public pair(): Required<Pair> | undefined {
    const { source, destination } = this.state;
    return source && destination ? { source, destination } : undefined;
  }

  /** Sets both sides (the dropped connections' buttons, the swap button). */
  public setPair(pair: Pair): void {
    this.setState({ source: pair.source?.trim() || undefined, destination: pair.destination?.trim() || undefined });
  }

  public getUrlState(): SceneObjectUrlValues {
    return {
      [TROUBLESHOOT_PARAMS.source]: this.state.source,
      [TROUBLESHOOT_PARAMS.destination]: this.state.destination,
    };
  }

  public updateFromUrl(values: SceneObjectUrlValues): void {
    const next: Pair = { source: this.state.source, destination: this.state.destination };
    if (TROUBLESHOOT_PARAMS.source in values) {
      next.source = text(values[TROUBLESHOOT_PARAMS.source]);
    }
    if (TROUBLESHOOT_PARAMS.destination in values) {
      next.destination = text(values[TROUBLESHOOT_PARAMS.destination]);
    }
    if (next.source !== this.state.source || next.destination !== this.state.destination) {
      this.setState(next);
    }
  }
}

/** Why a typed side would be refused by the gateway, or undefined when it is acceptable. */
export function sideError(value: string | undefined): string | undefined {
  const parsed = value ? parseSubject(value) : undefined;
  return parsed && 'error' in parsed ? `${parsed.error}. Accepted: ${SUBJECT_ALLOWED}.` : undefined;
}

function Side({
  label,
  value,
  options,
  onChange,
}: {
  label: 'Source' | 'Destination';
  value?: string;
  options: ReturnType<typeof pairOptions>;
  onChange: (v: string | undefined) => void;
}) {
  const error = sideError(value);
  return (
    <div data-testid={testIds.troubleshoot.side(label)}>
      <InlineField label={label} invalid={!!error} error={error}>
        <Combobox<string>
          aria-label={label}
          width={32}
          isClearable
          createCustomValue
          customValueDescription="Look up this workload, pod, IP or DNS name"
          placeholder="namespace/workload, IP or DNS name"
          invalid={!!error}
          value={value ?? null}
          options={options}
          onChange={(o) => onChange(o?.value)}
        />
      </InlineField>
    </div>
  );
}

function PairPickerRenderer({ model }: SceneComponentProps<PairPicker>) {
  const { source, destination, $data } = model.useState();
  const { data } = $data.useState();
  const options = useMemo(
    () => pairOptions(serviceMapOf(data?.series ?? []), namespacesOf(data?.series ?? [])),
    [data?.series]
  );
  return (
    <Stack direction="row" gap={1} alignItems="center" wrap="wrap">
      <Side
        label="Source"
        value={source}
        options={options}
        onChange={(v) => model.setPair({ source: v, destination })}
      />
      <Icon name="arrow-right" aria-hidden />
      <Side
        label="Destination"
        value={destination}
        options={options}
        onChange={(v) => model.setPair({ source, destination: v })}
      />
      <IconButton
        name="exchange-alt"
        aria-label="Swap source and destination"
        tooltip="Swap source and destination"
        disabled={!source && !destination}
        onClick={() => model.setPair({ source: destination, destination: source })}
      />
    </Stack>
  );
}
