/**
 * Records the real gateway's answers for the scene tests: `npx tsx src/test/gateway/record.ts`.
 * Starts the demo Relay replaying every fixture capture, then two minutes of the demo cluster's own
 * generated traffic, each followed by the gateway (realGateway.ts), asks the questions the pages
 * ask, and writes each answer (status and body) to src/test/gateway/__fixtures__/.
 * Re-run when the gateway's API changes; the integration test checks the live answers keep the shape.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_PAIRS } from './demoPairs';
import { allCapturesFile, demoFlowsFile, startRealGateway } from './realGateway';

/** The Troubleshoot page's HTTP errors question about a workload (pairHttpErrorsQuery's parameters). */
const httpErrors = (workload: string) => ({
  path: '/api/v1/flows',
  params: { workload, protocol: 'http', http_status: '4+,5+', limit: '1000' },
});

/** Questions asked of a gateway following the demo cluster's generated traffic (drops, workloads with kinds, traces). */
export const DEMO_QUESTIONS: Record<string, { path: string; params?: Record<string, string> }> = {
  'demo-flows-dropped': { path: '/api/v1/flows', params: { verdict: 'DROPPED', limit: '20' } },
  // the newest drops may all be the xwing's: the deny rule's drops of the client on their own
  'demo-flows-dropped-client': {
    path: '/api/v1/flows',
    params: { verdict: 'DROPPED', workload: 'podinfo/podinfo-client', limit: '20' },
  },
  'demo-flows-podinfo-http': { path: '/api/v1/flows', params: { namespace: 'podinfo', protocol: 'http', limit: '40' } },
  'demo-service-map': { path: '/api/v1/service-map' },
  'demo-namespaces': { path: '/api/v1/namespaces' },
  ...Object.fromEntries(
    Object.entries(DEMO_PAIRS).map(([name, params]) => [
      `demo-connectivity-${name}`,
      { path: '/api/v1/connectivity', params },
    ])
  ),
  'demo-http-errors-xwing': httpErrors('star-wars/xwing'),
  'demo-http-errors-podinfo-client': httpErrors('podinfo/podinfo-client'),
  'demo-http-errors-grafana': httpErrors('monitoring/grafana'),
  'demo-policy-suggestion-deathstar': {
    path: '/api/v1/policy-suggestion',
    params: { workload: 'star-wars/deathstar' },
  },
  'error-400-connectivity-from': {
    path: '/api/v1/connectivity',
    params: { from: 'deathstar', to: 'star-wars/deathstar' },
  },
};

/** The recorded questions (gateway following every fixture capture): file name → path and parameters. */
export const RECORDED_QUESTIONS: Record<string, { path: string; params?: Record<string, string> }> = {
  'flows-latest': { path: '/api/v1/flows', params: { limit: '60' } },
  'flows-http': { path: '/api/v1/flows', params: { protocol: 'http', limit: '40' } },
  'flows-dns': { path: '/api/v1/flows', params: { protocol: 'dns', limit: '30' } },
  'flows-kube-system': { path: '/api/v1/flows', params: { namespace: 'kube-system', limit: '60' } },
  'service-map': { path: '/api/v1/service-map' },
  'service-map-bookinfo': { path: '/api/v1/service-map', params: { namespace: 'bookinfo' } },
  namespaces: { path: '/api/v1/namespaces' },
  status: { path: '/api/v1/status' },
  'error-400-verdict': { path: '/api/v1/flows', params: { verdict: 'ALLOWED' } },
  'error-400-since': { path: '/api/v1/flows', params: { since: 'yesterday' } },
  'error-404-path': { path: '/api/v1/flows/extra' },
};

async function main(): Promise<void> {
  const out = path.resolve(__dirname, '__fixtures__');
  fs.mkdirSync(out, { recursive: true });
  const captures = allCapturesFile();
  const save = (name: string, answer: unknown) => {
    fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(answer, null, 2) + '\n');
    console.log(`recorded ${name}`);
  };

  const gw = await startRealGateway({ flowsFile: captures.file, token: 'recording-token' });
  try {
    for (const [name, q] of Object.entries(RECORDED_QUESTIONS)) {
      save(name, await gw.get(q.path, q.params));
    }
    save('error-401-token', await gw.get('/api/v1/flows', {}, false));
    await gw.killRelay();
    save('error-503-status', await gw.get('/api/v1/status'));
  } finally {
    await gw.stop();
    captures.remove();
  }

  const demoFlows = demoFlowsFile(120);
  const demo = await startRealGateway({ flowsFile: demoFlows.file });
  try {
    for (const [name, q] of Object.entries(DEMO_QUESTIONS)) {
      save(name, await demo.get(q.path, q.params));
    }
  } finally {
    await demo.stop();
    demoFlows.remove();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
