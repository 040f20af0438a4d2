import { gatewayUrlProblem, settingsUpdate } from './saveSettings';

describe('app settings', () => {
  const form = {
    prometheusUid: 'prom',
    lokiUid: '',
    tracesUid: 'tempo',
    hubbleGatewayUrl: ' http://gw:8090/ ',
    token: '',
    tokenEdited: false,
  };

  it('keeps an untouched token and trims the gateway URL', () => {
    const update = settingsUpdate(form, { enabled: true, pinned: true });
    expect(update.jsonData).toEqual({ prometheusUid: 'prom', tracesUid: 'tempo', hubbleGatewayUrl: 'http://gw:8090' });
    expect(update.secureJsonData).toBeUndefined();
  });

  it('sends the token only when edited, even when cleared', () => {
    expect(settingsUpdate({ ...form, token: 's3cret', tokenEdited: true }, {}).secureJsonData).toEqual({
      hubbleGatewayToken: 's3cret',
    });
    expect(settingsUpdate({ ...form, token: '', tokenEdited: true }, {}).secureJsonData).toEqual({
      hubbleGatewayToken: '',
    });
  });

  it('explains a bad gateway URL', () => {
    expect(gatewayUrlProblem('')).toBeUndefined();
    expect(gatewayUrlProblem('http://hubble-gateway.kube-system.svc:8090')).toBeUndefined();
    expect(gatewayUrlProblem('hubble-gateway:8090')).toMatch(/http:\/\/ or https:\/\//);
    expect(gatewayUrlProblem('not a url')).toMatch(/Not a URL/);
    expect(gatewayUrlProblem('http://gw:8090/?x=1')).toMatch(/query string/);
  });
});
