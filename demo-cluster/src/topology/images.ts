/**
 * Container images and resource profiles of the demo workloads and of the workloads seen in the
 * Hubble captures. CPU in cores, memory in bytes. Images are the ones these projects publish.
 */
import { ContainerSpec } from './types';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

/** Shorthand for a container spec. */
export function container(
  name: string,
  image: string,
  cpuRequest: number | undefined,
  memRequest: number | undefined,
  baseCpu: number,
  baseMem: number,
  limits: { cpu?: number; mem?: number } = {}
): ContainerSpec {
  return { name, image, cpuRequest, memRequest, cpuLimit: limits.cpu, memLimit: limits.mem, baseCpu, baseMem };
}

/** Versions the simulated components report (cilium_version, kube_node_info, kubernetes_build_info). */
export const CILIUM_VERSION = '1.17.6';
export const KUBERNETES_VERSION = 'v1.31.0';

/** Images of workloads that the captures reference, by workload name. */
const FIXTURE_IMAGES: Record<string, [string, number, number]> = {
  productpage: ['docker.io/istio/examples-bookinfo-productpage-v1:1.20.2', 0.02, 60 * Mi],
  details: ['docker.io/istio/examples-bookinfo-details-v1:1.20.2', 0.01, 30 * Mi],
  ratings: ['docker.io/istio/examples-bookinfo-ratings-v1:1.20.2', 0.01, 40 * Mi],
  reviews: ['docker.io/istio/examples-bookinfo-reviews-v1:1.20.2', 0.03, 180 * Mi],
  prometheus: ['docker.io/prom/prometheus:v2.15.1', 0.05, 300 * Mi],
  'istio-galley': ['docker.io/istio/galley:1.6.14', 0.01, 50 * Mi],
  'istio-telemetry': ['docker.io/istio/mixer:1.6.14', 0.03, 120 * Mi],
  jaeger: ['docker.io/jaegertracing/all-in-one:1.21.0', 0.02, 80 * Mi],
  'jaeger-default': ['docker.io/jaegertracing/all-in-one:1.29.0', 0.02, 90 * Mi],
  'kube-dns': ['registry.k8s.io/k8s-dns-kube-dns:1.22.28', 0.005, 20 * Mi],
  'node-local-dns': ['registry.k8s.io/dns/k8s-dns-node-cache:1.22.28', 0.005, 15 * Mi],
  'event-exporter-gke': ['gke.gcr.io/event-exporter:v0.4.0-gke.2', 0.002, 15 * Mi],
  'clickhouse-operator': ['docker.io/altinity/clickhouse-operator:0.18.1', 0.005, 40 * Mi],
  'otelcol-hubble-collector': ['ghcr.io/cilium/hubble-otel:v0.1.0', 0.01, 60 * Mi],
};

/** Image and profile for a captured workload; the version tag follows the `version` label. */
export function fixtureContainer(workloadName: string, app: string | undefined, version?: string): ContainerSpec {
  const key = FIXTURE_IMAGES[workloadName] ? workloadName : (app ?? workloadName);
  const [image0, cpu, mem] = FIXTURE_IMAGES[key] ?? ['docker.io/library/busybox:1.36', 0.002, 10 * Mi];
  const image = key === 'reviews' && version ? image0.replace('reviews-v1', `reviews-${version}`) : image0;
  return container(app ?? workloadName, image, 0.01, 32 * Mi, cpu, mem);
}

export { Mi, Gi };
