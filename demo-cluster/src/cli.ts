/**
 * Command-line options of the demo cluster (`npm start -- ...`) and of the history command.
 */
import { parseArgs } from 'node:util';
import { HubbleMetricsMode } from './hubble/options';

/** Parsed options of `npm start` (see DEMO_USAGE). */
export type DemoOptions = {
  /** host:port of the metrics server (default 127.0.0.1:9400; port 0 = any free port). */
  host: string;
  port: number;
  seed: number | string;
  hubbleMetrics: HubbleMetricsMode;
  /** Replay this `hubble observe -o json` file alone instead of the simulated traffic. */
  flowsFile?: string;
  /** Folder of captures to loop (default: the shared fixtures, see flows/captures.ts). */
  fixturesDir?: string | null;
  /** Average generated flows per second. */
  ratePerSecond: number;
  /** Flows kept for recent(). */
  bufferSize: number;
  /** Simulate this many hours before now at start-up (history), so live counters continue it. */
  historyHours: number;
  /** Write that history as OpenMetrics to this file (for promtool). */
  historyOut?: string;
  /** History step, seconds (the scrape interval to emulate). */
  historyStepSeconds: number;
  /** Loki base URL: push the pods' logs there (src/telemetry); off when absent. */
  lokiUrl?: string;
  /** OTLP/HTTP base URL (Tempo :4318): send the requests' traces there; off when absent. */
  otlpUrl?: string;
};

/** Help text of `npm start`. */
export const DEMO_USAGE = `Usage: npm start -- [options]
  --listen HOST:PORT        metrics server address (default 127.0.0.1:9400; port 0 = any free port)
  --seed N                  traffic seed (default 1)
  --hubble-metrics MODE     docs (Cilium's documented example, default) or rich
  --flows-file FILE         replay this 'hubble observe -o json' file alone (malformed lines skipped)
  --fixtures-dir DIR        captures to loop (default $HUBBLE_FIXTURES_DIR or ../shared/fixtures/hubble-flows)
  --no-fixtures             do not loop captures
  --rate N                  generated flows per second (default 30)
  --buffer-size N           flows kept for Relay GetFlows without follow (default 8192)
  --history-hours H         simulate H hours before now first (default 0)
  --history-out FILE        write that history as OpenMetrics for promtool
  --history-step SECONDS    history step (default 15)
  --loki-url URL            push pod logs to this Loki (e.g. http://loki:3100; default off)
  --otlp-url URL            send request traces as OTLP/HTTP to this base URL (e.g. http://tempo:4318; default off)
`;

/** Splits "host:port" (port required; IPv6 as [::1]:9400). */
export function parseListen(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(s);
  if (!m) {
    throw new Error(`--listen: expected HOST:PORT, got ${JSON.stringify(s)}`);
  }
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port: Number(m[3]) };
}

function num(name: string, v: string | undefined, def: number, min = 0): number {
  if (v === undefined) {
    return def;
  }
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) {
    throw new Error(`--${name}: expected a number >= ${min}, got ${JSON.stringify(v)}`);
  }
  return n;
}

/** An http(s) URL option, or undefined when not given. */
function httpUrl(name: string, v: string | undefined): string | undefined {
  if (v === undefined) {
    return undefined;
  }
  if (!/^https?:\/\/[^/\s]+/.test(v)) {
    throw new Error(`--${name}: expected an http(s) URL, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Parses the demo's arguments; throws with a readable message on bad input. */
export function parseDemoArgs(argv: string[]): DemoOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      listen: { type: 'string' },
      seed: { type: 'string' },
      'hubble-metrics': { type: 'string' },
      'flows-file': { type: 'string' },
      'fixtures-dir': { type: 'string' },
      'no-fixtures': { type: 'boolean' },
      rate: { type: 'string' },
      'buffer-size': { type: 'string' },
      'history-hours': { type: 'string' },
      'history-out': { type: 'string' },
      'history-step': { type: 'string' },
      'loki-url': { type: 'string' },
      'otlp-url': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    throw new Error(DEMO_USAGE);
  }
  const mode = values['hubble-metrics'] ?? 'docs';
  if (mode !== 'docs' && mode !== 'rich') {
    throw new Error(`--hubble-metrics: expected docs or rich, got ${JSON.stringify(mode)}`);
  }
  const { host, port } = parseListen(values.listen ?? '127.0.0.1:9400');
  const seed = values.seed === undefined ? 1 : /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  return {
    host,
    port,
    seed,
    hubbleMetrics: mode,
    flowsFile: values['flows-file'],
    fixturesDir: values['no-fixtures'] ? null : values['fixtures-dir'],
    ratePerSecond: num('rate', values.rate, 30),
    bufferSize: num('buffer-size', values['buffer-size'], 8192, 1),
    historyHours: num('history-hours', values['history-hours'], 0),
    historyOut: values['history-out'],
    historyStepSeconds: num('history-step', values['history-step'], 15, 1),
    lokiUrl: httpUrl('loki-url', values['loki-url']),
    otlpUrl: httpUrl('otlp-url', values['otlp-url']),
  };
}
