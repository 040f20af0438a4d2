import { describeGatewayMode } from './modeNotice';
import { GatewayModeStatus, GatewayStatus } from './types';

const status = (mode?: Partial<GatewayModeStatus>): GatewayStatus => ({
  relay: { address: 'hubble-relay:80', stream: mode?.current === 'query' ? 'stopped' : 'connected' },
  server_status: {},
  nodes: [],
  buffer: { flows: 0, capacity: 100000 },
  mode: mode && {
    current: 'follow',
    setting: 'auto',
    since: '2026-11-29T18:00:00Z',
    reason: 'Hubble Relay reports 1,200 flows/s, not above --query-mode-rate 40000',
    flow_rate: 1200,
    query_mode_rate: 40000,
    follow_mode_rate: 25000,
    ...mode,
  },
});

describe('describeGatewayMode', () => {
  it('says nothing on the Flows page and the live map in follow mode, or for a gateway without modes', () => {
    expect(describeGatewayMode(status({}), 'flows')).toBeUndefined();
    expect(describeGatewayMode(status({}), 'liveMap')).toBeUndefined();
    expect(describeGatewayMode(status(), 'config')).toBeUndefined();
    expect(describeGatewayMode(undefined, 'flows')).toBeUndefined();
  });

  it('names the mode, the measured rate and the threshold on the config page', () => {
    expect(describeGatewayMode(status({}), 'config')).toEqual({
      title: 'Follow mode',
      text: 'The gateway keeps every flow of the cluster in its buffer (cluster flow rate: 1,200 flows/s; query mode above 40,000 flows/s, --mode auto).',
    });
  });

  it('in query mode, says why and what it means for each place', () => {
    const q = status({
      current: 'query',
      reason:
        'Hubble Relay reported more than --query-mode-rate 40000 flows/s in 4 samples in a row (last 212,000 flows/s)',
      flow_rate: 212000.4,
    });
    const flows = describeGatewayMode(q, 'flows')!;
    expect(flows.title).toBe('Large-cluster mode: flows are read from Hubble Relay per request');
    expect(flows.text).toContain('(cluster flow rate: 212,000 flows/s).');
    expect(flows.text).toContain('each refresh asks Hubble Relay for the newest flows matching these filters');
    expect(describeGatewayMode(q, 'liveMap')!.text).toContain('Pick the Source "Hubble metrics" for the whole map');
    expect(describeGatewayMode(q, 'config')!.title).toBe('Query mode (large cluster)');
    expect(describeGatewayMode({ ...q, mode: { ...q.mode!, flow_rate: null } }, 'flows')!.text).toContain(
      'cluster flow rate: not measured yet'
    );
  });
});
