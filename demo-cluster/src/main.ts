/**
 * `npm start`: the simulated cluster's metrics server (and, once added, the demo Hubble Relay and
 * the logs/traces writer on the same FlowHub). Prints "demo-cluster listening on <url>" when
 * ready; stops cleanly (exit 0) on SIGTERM, SIGINT and SIGHUP.
 */
import { DEMO_USAGE, parseDemoArgs } from './cli';
import { startDemo } from './demo';
import { startTelemetry } from './telemetry';
import { startRelay } from './relay';

type Service = { name: string; stop(): Promise<void> | void };

async function main(): Promise<void> {
  const opts = parseDemoArgs(process.argv.slice(2));
  const demo = await startDemo(opts);
  const services: Service[] = [];

  // Other services on the same flows (demo.sim.hub is the FlowHub; demo.sim.cluster the topology):
  // Hubble Relay (src/relay) on DEMO_RELAY_LISTEN (default 127.0.0.1:4245, "off" = none). A Relay
  // that cannot start (port taken, protos missing) is reported and the rest of the demo runs on.
  const relayListen = process.env.DEMO_RELAY_LISTEN ?? '127.0.0.1:4245';
  if (relayListen !== 'off') {
    try {
      const relay = await startRelay({ hub: demo.sim.hub, listen: relayListen });
      services.push({ name: 'relay', stop: () => relay.stop() });
      console.log(`demo-cluster: Hubble Relay (gRPC observer.Observer) on ${relay.address}`);
    } catch (e) {
      console.warn(`demo-cluster: Hubble Relay not started on ${relayListen}: ${(e as Error).message}`);
    }
  }
  if (opts.lokiUrl || opts.otlpUrl) {
    const telemetry = startTelemetry({ hub: demo.sim.hub, lokiUrl: opts.lokiUrl, otlpUrl: opts.otlpUrl });
    services.push({ name: 'telemetry', stop: () => telemetry.stop() });
    console.log(`demo-cluster: logs → ${opts.lokiUrl ?? 'off'}, traces → ${opts.otlpUrl ?? 'off'}`);
  }

  console.log(`demo-cluster listening on ${demo.server.url} (targets at ${demo.server.url}/)`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    console.log(`demo-cluster: ${signal}, stopping`);
    for (const s of services.reverse()) {
      await s.stop();
    }
    await demo.stop();
    console.log('demo-cluster: stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
}

main().catch((e: Error) => {
  console.error(e.message.startsWith('Usage:') ? e.message : `demo-cluster: ${e.message}\n\n${DEMO_USAGE}`);
  process.exit(2);
});
