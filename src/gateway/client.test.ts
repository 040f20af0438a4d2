import { lastValueFrom } from 'rxjs';
import { setAppSettings } from '../settings';
import { isGatewayConfigured, requestFlows, requestNamespaces, requestServiceMap, requestStatus } from './client';
import { GatewayError } from './errors';
import { installGatewayTransport } from '../test/gateway/gatewayTransport';
import { recorded, recordedGateway } from '../test/gateway/recorded';

describe('gateway client', () => {
  afterEach(() => setAppSettings({}));

  it('sends nothing and says so when no Gateway URL is configured', async () => {
    setAppSettings({});
    const calls = installGatewayTransport(recordedGateway);
    expect(isGatewayConfigured()).toBe(false);
    await expect(lastValueFrom(requestFlows({}))).rejects.toMatchObject({ kind: 'not-configured' });
    expect(calls).toEqual([]);
  });

  it('calls the proxy route with valid parameters only and returns the recorded answers', async () => {
    setAppSettings({ hubbleGatewayUrl: 'http://hubble-gateway:8090' });
    const calls = installGatewayTransport(recordedGateway);
    const flows = await lastValueFrom(
      requestFlows({ protocol: ['http'], verdict: ['BOGUS' as never], limit: 40, httpStatus: ['5+'] })
    );
    expect(flows.flows).toHaveLength(40);
    expect(calls[0]).toMatchObject({
      path: '/api/v1/flows',
      params: { protocol: 'http', limit: '40', http_status: '5+' },
    });
    const map = await lastValueFrom(requestServiceMap({ namespace: 'bookinfo' }));
    expect(map.edges.length).toBeGreaterThan(0);
    expect((await lastValueFrom(requestNamespaces())).namespaces.map((n) => n.namespace)).toContain('bookinfo');
    expect((await lastValueFrom(requestStatus())).relay.stream).toBe('connected');
    expect(calls.map((c) => c.path)).toEqual([
      '/api/v1/flows',
      '/api/v1/service-map',
      '/api/v1/namespaces',
      '/api/v1/status',
    ]);
  });

  it('rejects with a GatewayError carrying what to fix', async () => {
    setAppSettings({ hubbleGatewayUrl: 'http://hubble-gateway:8090' });
    installGatewayTransport(() => recorded('error-503-status'));
    const error = await lastValueFrom(requestStatus()).catch((e) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.kind).toBe('relay-unreachable');
    installGatewayTransport(() => {
      throw new Error('connect ECONNREFUSED');
    });
    await expect(lastValueFrom(requestFlows({}))).rejects.toMatchObject({ kind: 'gateway-unreachable', status: 502 });
  });
});
