import { GatewayStatus } from './types';

/** Where the app tells which mode the gateway is in. */
export type ModeNoticeFeature = 'flows' | 'liveMap' | 'config';

/** A notice about the gateway's mode: a title and what it means for the feature. */
export interface ModeNotice {
  title: string;
  text: string;
}

const perSecond = (n: number) => `${Math.round(n).toLocaleString('en-US')} flows/s`;

/**
 * What the gateway's mode means for `feature` (facts: `mode` of the gateway's `/api/v1/status`), or
 * undefined when there is nothing to say (follow mode on the Flows page and the live map, or a
 * gateway that does not report a mode).
 */
export function describeGatewayMode(
  status: GatewayStatus | undefined,
  feature: ModeNoticeFeature
): ModeNotice | undefined {
  const mode = status?.mode;
  if (!mode) {
    return undefined;
  }
  const rate = mode.flow_rate === null ? 'not measured yet' : perSecond(mode.flow_rate);
  if (mode.current === 'follow') {
    return feature === 'config'
      ? {
          title: 'Follow mode',
          text: `The gateway keeps every flow of the cluster in its buffer (cluster flow rate: ${rate}; query mode above ${perSecond(mode.query_mode_rate)}, --mode ${mode.setting}).`,
        }
      : undefined;
  }
  const why = `${mode.reason} (cluster flow rate: ${rate}).`;
  switch (feature) {
    case 'flows':
      return {
        title: 'Large-cluster mode: flows are read from Hubble Relay per request',
        text:
          `${why} The gateway does not keep every flow; each refresh asks Hubble Relay for the newest flows matching ` +
          'these filters, read from each node. Narrow the namespace, workload or verdict filters for more of the flows you need.',
      };
    case 'liveMap':
      return {
        title: 'Large-cluster mode: the live map shows a sample',
        text:
          `${why} The live map is drawn from the newest flows Hubble Relay sends for this request, not from every flow of ` +
          'the range. Pick the Source "Hubble metrics" for the whole map (from Prometheus).',
      };
    case 'config':
      return {
        title: 'Query mode (large cluster)',
        text:
          `${why} The gateway asks Hubble Relay once per request instead of following every flow; ` +
          'the Service map page draws the whole map from its Source "Hubble metrics" (Prometheus).',
      };
  }
}
