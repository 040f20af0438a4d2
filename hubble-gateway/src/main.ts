/**
 * Entry point: `tsx src/main.ts [flags]` (flags and env in README.md). Exits 2 on a bad
 * configuration; stops cleanly on SIGTERM, SIGINT and SIGHUP.
 */
import { loadConfig, OPTIONS } from './config';
import { createGateway } from './server';

function usage(): string {
  return (
    'Usage: hubble-gateway [flags]\n' +
    Object.entries(OPTIONS)
      .map(([k, o]) => `  --${k.padEnd(22)} ${o.help} (env ${o.env}${o.def ? `, default ${o.def}` : ''})`)
      .join('\n')
  );
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(usage());
    return;
  }
  let cfg;
  try {
    cfg = loadConfig(process.argv.slice(2));
  } catch (err) {
    console.error(`hubble-gateway: ${(err as Error).message}\n\n${usage()}`);
    process.exit(2);
  }
  const gw = createGateway(cfg);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    gw.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    gw.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));
  const url = await gw.start();
  gw.app.log.info({ url, relay: cfg.relayAddress, tls: cfg.tls, auth: Boolean(cfg.token) }, 'hubble gateway listening');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
