/** The committed scrape configs (prometheus/*.yml), generated from the cluster's targets. */
import { buildCluster } from '../topology/cluster';
import { clusterCreatedMs } from '../flows/hub';
import { buildTargets } from '../targets';
import { COMMITTED_HEADER, scrapeConfigYaml } from './config';

/**
 * File name -> YAML. Target labels depend only on the topology seed and the demo workloads (not
 * on the traffic seed, the captures or the start time), so these files fit every run.
 */
export function committedConfigs(): Record<string, string> {
  const cluster = buildCluster({ seed: 'kind-kubeobs', fixturePods: [], createdMs: clusterCreatedMs(0) });
  const targets = buildTargets(cluster);
  return {
    'prometheus.yml': scrapeConfigYaml({
      targets,
      address: '127.0.0.1:9400',
      header: COMMITTED_HEADER('127.0.0.1:9400'),
    }),
    'prometheus.docker.yml': scrapeConfigYaml({
      targets,
      address: 'demo-cluster:9400',
      header: COMMITTED_HEADER('demo-cluster:9400 (docker compose service)'),
    }),
  };
}
