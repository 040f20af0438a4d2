/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { TRACE_ID_PATTERN } from './logTraceLinks';

/**
 * The demo stack's provisioning and Compose file, read as Grafana and Docker Compose read them:
 * data source uids, the correlation settings (exemplars → Tempo, Loki derived field → Tempo,
 * Tempo → Loki and Prometheus), the app's jsonData, and the services and flags the stack needs.
 */
const root = path.resolve(__dirname, '../..');
const read = (file: string) => parse(fs.readFileSync(path.join(root, file), 'utf8'));
/** Grafana expands `$VAR` / `${VAR}` in provisioning files; `$$` stands for a literal `$`. */
const unescape = (text: string) => text.replace(/\$\$/g, '$');

const { datasources } = read('provisioning/datasources/datasources.yaml');
const byUid = (uid: string) => datasources.find((d: { uid: string }) => d.uid === uid);

describe('provisioning/datasources/datasources.yaml', () => {
  it('has Prometheus, Loki and Tempo under the uids the app and the alert rules use', () => {
    expect(datasources.map((d: { uid: string; type: string; url: string }) => [d.uid, d.type, d.url])).toEqual([
      ['prometheus', 'prometheus', 'http://prometheus:9090'],
      ['loki', 'loki', 'http://loki:3100'],
      ['tempo', 'tempo', 'http://tempo:3200'],
    ]);
  });

  it('links Prometheus exemplars (label traceID) to Tempo', () => {
    expect(byUid('prometheus').jsonData.exemplarTraceIdDestinations).toEqual([
      { name: 'traceID', datasourceUid: 'tempo', urlDisplayLabel: 'View trace' },
    ]);
  });

  it("derives a trace link from Loki lines with the app's trace id pattern", () => {
    const [field] = byUid('loki').jsonData.derivedFields;
    expect(field.matcherRegex).toBe(TRACE_ID_PATTERN);
    expect(field.datasourceUid).toBe('tempo');
    expect(unescape(field.url)).toBe('${__value.raw}');
    // As Grafana applies it: a RegExp without flags, group 1 is the id.
    const re = new RegExp(field.matcherRegex);
    expect(re.exec('{"level":"info","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}')?.[1]).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736'
    );
    expect(re.exec('{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736"}')?.[1]).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(re.exec('level=info msg="Dispatch successful" trace_id=4bf92f3577b34da6a3ce929d0e0e4736')?.[1]).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736'
    );
  });

  it('links Tempo spans to their pod logs in Loki, and its service graph to Prometheus', () => {
    const tempo = byUid('tempo').jsonData;
    expect(tempo.tracesToLogsV2).toMatchObject({
      datasourceUid: 'loki',
      spanStartTimeShift: '-5m',
      spanEndTimeShift: '5m',
    });
    expect(tempo.tracesToLogsV2.tags).toEqual([
      { key: 'k8s.namespace.name', value: 'namespace' },
      { key: 'k8s.pod.name', value: 'pod' },
    ]);
    expect(tempo.serviceMap).toEqual({ datasourceUid: 'prometheus' });
    expect(tempo.nodeGraph).toEqual({ enabled: true });
  });
});

describe('provisioning/plugins/apps.yaml', () => {
  it('enables the app with the provisioned data sources and the Compose gateway', () => {
    const [app] = read('provisioning/plugins/apps.yaml').apps;
    expect(app.type).toBe('seed-kubeobs-app');
    expect(app.disabled).toBe(false);
    expect(app.jsonData).toEqual({
      prometheusUid: 'prometheus',
      lokiUid: 'loki',
      tracesUid: 'tempo',
      hubbleGatewayUrl: 'http://hubble-gateway:8090',
    });
  });
});

describe('docker-compose.yaml', () => {
  const compose = read('docker-compose.yaml');
  it('starts Grafana, Prometheus, Loki, Tempo, the demo cluster and the gateway', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'demo-cluster',
      'grafana',
      'hubble-gateway',
      'loki',
      'prometheus',
      'tempo',
    ]);
    expect(compose.services.grafana.build.args.grafana_version).toMatch(/^12\.\d+\.\d+$/);
  });

  it('lets Prometheus receive remote writes and keep exemplars, scraping the demo with its Compose scrape config', () => {
    expect(compose.services.prometheus.command).toEqual(
      expect.arrayContaining([
        '--web.enable-remote-write-receiver',
        '--enable-feature=exemplar-storage',
        '--config.file=/etc/prometheus/demo/prometheus.docker.yml',
      ])
    );
    expect(compose.services.prometheus.volumes).toContain('./demo-cluster/prometheus:/etc/prometheus/demo:ro');
    const scrape = parse(fs.readFileSync(path.join(root, 'demo-cluster/prometheus/prometheus.docker.yml'), 'utf8'));
    const targets = scrape.scrape_configs.flatMap((c: { static_configs?: Array<{ targets: string[] }> }) =>
      (c.static_configs ?? []).flatMap((s) => s.targets)
    );
    expect(new Set(targets)).toEqual(new Set(['demo-cluster:9400']));
  });

  it('points the demo at Loki and Tempo, and the gateway at the demo Relay', () => {
    const cmd: string[] = compose.services['demo-cluster'].command;
    expect(cmd[cmd.indexOf('--loki-url') + 1]).toBe('http://loki:3100');
    expect(cmd[cmd.indexOf('--otlp-url') + 1]).toBe('http://tempo:4318');
    expect(compose.services['hubble-gateway'].environment.HUBBLE_RELAY_ADDRESS).toBe('demo-cluster:4245');
  });

  it('has Tempo write its metrics-generator series to that Prometheus', () => {
    const tempo = read('deploy/tempo.yaml');
    expect(tempo.metrics_generator.storage.remote_write[0].url).toBe('http://prometheus:9090/api/v1/write');
    expect(tempo.overrides.defaults.metrics_generator.processors).toEqual(
      expect.arrayContaining(['service-graphs', 'span-metrics'])
    );
    expect(tempo.distributor.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
  });

  it('has Loki detect levels (detected_level) and accept structured metadata', () => {
    const loki = read('deploy/loki.yaml');
    expect(loki.limits_config).toMatchObject({ discover_log_levels: true, allow_structured_metadata: true });
  });
});
