import { setDataSourceSrv } from '@grafana/runtime';
import { setAppSettings } from '../settings';
import {
  LOKI_DS,
  PROMETHEUS_DS,
  lokiDatasourceVariable,
  prometheusDatasourceVariable,
  tracesDatasourceType,
  tracesDatasourceVariable,
  tracesDs,
} from './datasourceVariables';

/** Grafana's data source list as `getList({ type })` and `getInstanceSettings(uid)` answer it. */
function installDatasources(list: Array<{ uid: string; type: string }>) {
  setDataSourceSrv({
    getList: (filter?: { type?: string }) => list.filter((d) => !filter?.type || d.type === filter.type),
    getInstanceSettings: (uid: string) => list.find((d) => d.uid === uid),
  } as never);
}

afterEach(() => setAppSettings({}));

describe('data source variables', () => {
  it('are $ds, $loki and $traces, and every query reference points at them', () => {
    installDatasources([]);
    expect(prometheusDatasourceVariable().state.name).toBe('ds');
    expect(lokiDatasourceVariable().state.name).toBe('loki');
    expect(tracesDatasourceVariable('jaeger').state.name).toBe('traces');
    expect(PROMETHEUS_DS).toEqual({ type: 'prometheus', uid: '${ds}' });
    expect(LOKI_DS).toEqual({ type: 'loki', uid: '${loki}' });
    expect(tracesDs('tempo')).toEqual({ type: 'tempo', uid: '${traces}' });
  });

  it("start at the config page's choices, else at Grafana's default", () => {
    installDatasources([
      { uid: 'tempo-1', type: 'tempo' },
      { uid: 'jaeger-1', type: 'jaeger' },
    ]);
    setAppSettings({ prometheusUid: 'my-prom', lokiUid: 'my-loki', tracesUid: 'jaeger-1' });
    expect(prometheusDatasourceVariable().state.value).toBe('my-prom');
    expect(lokiDatasourceVariable().state.value).toBe('my-loki');
    // the chosen trace data source decides the type, and starts only the variable of its type
    expect(tracesDatasourceType()).toBe('jaeger');
    expect(tracesDatasourceVariable('jaeger').state.value).toBe('jaeger-1');
    expect(tracesDatasourceVariable('tempo').state.value).toBe('');
    setAppSettings({});
    expect(prometheusDatasourceVariable().state.value).toBe('');
    expect(tracesDatasourceType()).toBe('tempo');
  });

  it('fall back to Jaeger without Tempo, and to nothing without either', () => {
    installDatasources([{ uid: 'jaeger-1', type: 'jaeger' }]);
    expect(tracesDatasourceType()).toBe('jaeger');
    installDatasources([{ uid: 'prom', type: 'prometheus' }]);
    expect(tracesDatasourceType()).toBeUndefined();
  });
});
