/**
 * Gateway configuration from command-line flags and environment variables (a flag wins over its
 * variable). Flag names for the Relay connection follow the Hubble CLI (`--tls`,
 * `--tls-ca-cert-files`, `--tls-client-cert-file`, `--tls-client-key-file`, `--tls-server-name`).
 * See README.md "Configuration" for the table.
 */
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import { parseDurationMs } from './time';

/** How the gateway gets flows: following every flow into its buffer, or a Relay query per request. */
export type Mode = 'follow' | 'query';
/** `--mode`: pick follow or query mode from the measured flow rate (`auto`), or always one of them. */
export type ModeSetting = 'auto' | Mode;

/** Everything the gateway needs to run. Durations in milliseconds, sizes in bytes or flows. */
export type Config = {
  relayAddress: string;
  tls: boolean;
  tlsCaCertFile?: string;
  tlsClientCertFile?: string;
  tlsClientKeyFile?: string;
  tlsServerName?: string;
  listenHost: string;
  listenPort: number;
  token?: string;
  bufferSize: number;
  mapSlotMs: number;
  maxMessageBytes: number;
  stallTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  relayTimeoutMs: number;
  /** A client that neither reads nor sends for this long is disconnected. */
  clientTimeoutMs: number;
  maxConnections: number;
  maxRelayQueries: number;
  logLevel: string;
  mode: ModeSetting;
  /** auto: query mode once Relay's flow rate (flows/s) stays above this for `modeSamples` samples. */
  queryModeRate: number;
  /** auto: back to follow mode once the rate stays below this (flows/s; below queryModeRate: hysteresis). */
  followModeRate: number;
  /** How often Relay's flow rate is sampled (ServerStatus). */
  modeIntervalMs: number;
  /** Consecutive samples beyond a threshold before the mode changes. */
  modeSamples: number;
  /** How long an answer read from Relay serves identical requests. */
  queryCacheTtlMs: number;
  /** Flows the cache of Relay answers may hold in all. */
  queryCacheFlows: number;
};

type Opt = { env: string; type: 'string' | 'boolean'; def?: string; help: string };

/** Flag -> environment variable, default and help text. */
export const OPTIONS: Record<string, Opt> = {
  'relay-address': {
    env: 'HUBBLE_RELAY_ADDRESS',
    type: 'string',
    def: 'hubble-relay.kube-system.svc:80',
    help: 'Hubble Relay host:port',
  },
  tls: { env: 'HUBBLE_TLS', type: 'boolean', def: 'false', help: 'connect to Relay with TLS' },
  'tls-ca-cert-files': {
    env: 'HUBBLE_TLS_CA_CERT_FILES',
    type: 'string',
    help: 'PEM CA bundle that signs the Relay certificate (default: system roots)',
  },
  'tls-client-cert-file': {
    env: 'HUBBLE_TLS_CLIENT_CERT_FILE',
    type: 'string',
    help: 'PEM client certificate for mutual TLS',
  },
  'tls-client-key-file': { env: 'HUBBLE_TLS_CLIENT_KEY_FILE', type: 'string', help: 'PEM client key for mutual TLS' },
  'tls-server-name': {
    env: 'HUBBLE_TLS_SERVER_NAME',
    type: 'string',
    help: 'server name expected in the Relay certificate (e.g. *.hubble-relay.cilium.io)',
  },
  listen: {
    env: 'HUBBLE_GATEWAY_LISTEN',
    type: 'string',
    def: '127.0.0.1:8090',
    help: 'HTTP listen host:port (0.0.0.0:8090 in a pod)',
  },
  token: { env: 'HUBBLE_GATEWAY_TOKEN', type: 'string', help: 'bearer token required on /api/* (unset: no auth)' },
  'token-file': {
    env: 'HUBBLE_GATEWAY_TOKEN_FILE',
    type: 'string',
    help: 'file holding the bearer token (a mounted Secret)',
  },
  'buffer-size': {
    env: 'HUBBLE_GATEWAY_BUFFER_SIZE',
    type: 'string',
    def: '100000',
    help: 'flows kept in memory (ring buffer)',
  },
  'map-slot': {
    env: 'HUBBLE_GATEWAY_MAP_SLOT',
    type: 'string',
    def: '10s',
    help: 'time resolution of service-map windows',
  },
  'max-message-bytes': {
    env: 'HUBBLE_GATEWAY_MAX_MESSAGE_BYTES',
    type: 'string',
    def: '4194304',
    help: 'largest gRPC message accepted from Relay',
  },
  'stall-timeout': {
    env: 'HUBBLE_GATEWAY_STALL_TIMEOUT',
    type: 'string',
    def: '2m',
    help: 'reconnect when the follow stream is silent this long',
  },
  'backoff-initial': {
    env: 'HUBBLE_GATEWAY_BACKOFF_INITIAL',
    type: 'string',
    def: '500ms',
    help: 'first reconnect delay',
  },
  'backoff-max': { env: 'HUBBLE_GATEWAY_BACKOFF_MAX', type: 'string', def: '30s', help: 'longest reconnect delay' },
  'relay-timeout': {
    env: 'HUBBLE_GATEWAY_RELAY_TIMEOUT',
    type: 'string',
    def: '10s',
    help: 'deadline of one-shot Relay calls',
  },
  'client-timeout': {
    env: 'HUBBLE_GATEWAY_CLIENT_TIMEOUT',
    type: 'string',
    def: '30s',
    help: 'disconnect an HTTP client that reads (or sends) nothing for this long',
  },
  'max-connections': {
    env: 'HUBBLE_GATEWAY_MAX_CONNECTIONS',
    type: 'string',
    def: '1000',
    help: 'HTTP connections accepted at once (more are refused)',
  },
  'max-relay-queries': {
    env: 'HUBBLE_GATEWAY_MAX_RELAY_QUERIES',
    type: 'string',
    def: '4',
    help: 'queries to Relay for ranges older than the buffer running at once',
  },
  mode: {
    env: 'HUBBLE_GATEWAY_MODE',
    type: 'string',
    def: 'auto',
    help: 'auto (follow or query mode from the flow rate Relay reports), follow (always) or query (always)',
  },
  'query-mode-rate': {
    env: 'HUBBLE_GATEWAY_QUERY_MODE_RATE',
    type: 'string',
    def: '40000',
    help: 'auto mode: switch to query mode when Relay reports more flows/s than this',
  },
  'follow-mode-rate': {
    env: 'HUBBLE_GATEWAY_FOLLOW_MODE_RATE',
    type: 'string',
    def: '25000',
    help: 'auto mode: switch back to follow mode when Relay reports fewer flows/s than this',
  },
  'mode-interval': {
    env: 'HUBBLE_GATEWAY_MODE_INTERVAL',
    type: 'string',
    def: '15s',
    help: "how often Relay's flow rate is sampled (ServerStatus)",
  },
  'mode-samples': {
    env: 'HUBBLE_GATEWAY_MODE_SAMPLES',
    type: 'string',
    def: '4',
    help: 'consecutive samples above (or below) a threshold before the mode changes',
  },
  'query-cache-ttl': {
    env: 'HUBBLE_GATEWAY_QUERY_CACHE_TTL',
    type: 'string',
    def: '10s',
    help: 'how long an answer read from Relay serves identical requests (0: no cache)',
  },
  'query-cache-flows': {
    env: 'HUBBLE_GATEWAY_QUERY_CACHE_FLOWS',
    type: 'string',
    def: '100000',
    help: 'flows the cache of answers read from Relay holds at most',
  },
  'log-level': {
    env: 'HUBBLE_GATEWAY_LOG_LEVEL',
    type: 'string',
    def: 'info',
    help: 'fatal, error, warn, info, debug',
  },
};

function duration(name: string, v: string): number {
  const ms = parseDurationMs(v);
  if (ms === undefined || ms <= 0) {
    throw new Error(`--${name}: not a duration: ${v} (e.g. 500ms, 10s, 2m)`);
  }
  return ms;
}

function port(name: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) {
    throw new Error(`--${name}: not a port (0 to 65535; 0 picks a free one): ${v}`);
  }
  return n;
}

function modeSetting(v: string): ModeSetting {
  if (v !== 'auto' && v !== 'follow' && v !== 'query') {
    throw new Error(`--mode: expected auto, follow or query, got ${v}`);
  }
  return v;
}

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`--${name}: not a positive integer: ${v}`);
  }
  return n;
}

/** Reads flags (`argv` without node and script) and `env`. Throws Error with a readable message. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): Config {
  const options = Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, { type: o.type }])) as Record<
    string,
    { type: 'string' | 'boolean' }
  >;
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  const get = (k: string): string | undefined => {
    const v = values[k];
    if (v !== undefined) {
      return String(v);
    }
    return env[OPTIONS[k].env] ?? OPTIONS[k].def;
  };
  const listen = get('listen')!;
  const i = listen.lastIndexOf(':');
  if (i < 0) {
    throw new Error(`--listen: expected host:port, got ${listen}`);
  }
  let token = get('token');
  const tokenFile = get('token-file');
  if (!token && tokenFile) {
    token = fs.readFileSync(tokenFile, 'utf8').trim();
  }
  const tls = ['1', 'true', 'yes'].includes(get('tls')!.toLowerCase());
  const cfg: Config = {
    relayAddress: get('relay-address')!,
    tls: tls || Boolean(get('tls-ca-cert-files') || get('tls-client-cert-file')),
    tlsCaCertFile: get('tls-ca-cert-files'),
    tlsClientCertFile: get('tls-client-cert-file'),
    tlsClientKeyFile: get('tls-client-key-file'),
    tlsServerName: get('tls-server-name'),
    listenHost: listen.slice(0, i).replace(/^\[|\]$/g, ''),
    listenPort: port('listen', listen.slice(i + 1)),
    token: token || undefined,
    bufferSize: positiveInt('buffer-size', get('buffer-size')!),
    mapSlotMs: duration('map-slot', get('map-slot')!),
    maxMessageBytes: positiveInt('max-message-bytes', get('max-message-bytes')!),
    stallTimeoutMs: duration('stall-timeout', get('stall-timeout')!),
    backoffInitialMs: duration('backoff-initial', get('backoff-initial')!),
    backoffMaxMs: duration('backoff-max', get('backoff-max')!),
    relayTimeoutMs: duration('relay-timeout', get('relay-timeout')!),
    clientTimeoutMs: duration('client-timeout', get('client-timeout')!),
    maxConnections: positiveInt('max-connections', get('max-connections')!),
    maxRelayQueries: positiveInt('max-relay-queries', get('max-relay-queries')!),
    logLevel: get('log-level')!,
    mode: modeSetting(get('mode')!),
    queryModeRate: positiveInt('query-mode-rate', get('query-mode-rate')!),
    followModeRate: positiveInt('follow-mode-rate', get('follow-mode-rate')!),
    modeIntervalMs: duration('mode-interval', get('mode-interval')!),
    modeSamples: positiveInt('mode-samples', get('mode-samples')!),
    queryCacheTtlMs: get('query-cache-ttl') === '0' ? 0 : duration('query-cache-ttl', get('query-cache-ttl')!),
    queryCacheFlows: positiveInt('query-cache-flows', get('query-cache-flows')!),
  };
  if (cfg.followModeRate >= cfg.queryModeRate) {
    throw new Error(
      `--follow-mode-rate (${cfg.followModeRate}) must be below --query-mode-rate (${cfg.queryModeRate}): ` +
        'the gap keeps the mode from switching back and forth around one rate'
    );
  }
  if (Boolean(cfg.tlsClientCertFile) !== Boolean(cfg.tlsClientKeyFile)) {
    throw new Error('--tls-client-cert-file and --tls-client-key-file go together (mutual TLS)');
  }
  return cfg;
}
