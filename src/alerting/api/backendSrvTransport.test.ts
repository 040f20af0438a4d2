import { BackendSrv, BackendSrvRequest, FetchResponse, setBackendSrv } from '@grafana/runtime';
import { from, Observable } from 'rxjs';
import { findTemplate } from '../catalogue';
import { backendSrvTransport } from './backendSrvTransport';
import { RuleInstaller } from './installer';
import { FakeGrafana } from '../../test/alerting/fakeGrafana';
import { nodeTransport } from '../../test/alerting/nodeTransport';

/** A BackendSrv whose fetch goes over real HTTP to `baseUrl` and fails like Grafana's (throws FetchError on HTTP errors). */
function httpBackendSrv(baseUrl: string, seen: BackendSrvRequest[]): BackendSrv {
  const transport = nodeTransport(baseUrl);
  return {
    fetch: <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> => {
      seen.push(options);
      return from(
        transport({
          method: options.method as 'GET',
          url: options.url,
          headers: options.headers,
          body: options.data,
        }).then((r) => {
          if (r.status >= 400) {
            throw { status: r.status, data: r.data, config: options };
          }
          const response = {
            status: r.status,
            data: r.data as T,
            ok: true,
            statusText: '',
            url: options.url,
            config: options,
          };
          return response as unknown as FetchResponse<T>;
        })
      );
    },
  } as unknown as BackendSrv;
}

describe('backendSrvTransport', () => {
  it('drives the installer through getBackendSrv().fetch without Grafana error toasts', async () => {
    const grafana = new FakeGrafana();
    const seen: BackendSrvRequest[] = [];
    setBackendSrv(httpBackendSrv(await grafana.start(), seen));
    try {
      const installer = new RuleInstaller(backendSrvTransport);
      const folderUID = await installer.ensureFolder('Alerts');
      const report = await installer.install([{ template: findTemplate('k8s-node-not-ready')! }], {
        folderUID,
        ruleGroup: 'g',
        datasourceUids: { prometheus: 'p', loki: 'l' },
      });
      expect(report.ok).toBe(true);
      // a 404 from Grafana comes back as a response, not an exception
      expect(await backendSrvTransport({ method: 'GET', url: 'api/v1/provisioning/alert-rules/nope' })).toMatchObject({
        status: 404,
      });
      expect(seen.every((o) => o.showErrorAlert === false)).toBe(true);
      expect(grafana.violations).toEqual([]);
    } finally {
      await grafana.stop();
    }
  });
});
