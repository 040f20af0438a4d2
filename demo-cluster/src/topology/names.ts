/**
 * Kubernetes-like generated names, deterministic per seed. Kubernetes encodes pod-template hashes
 * and random suffixes with the alphabet "bcdfghjklmnpqrstvwxz2456789" (no vowels, no 0/1/3), e.g.
 * `podinfo-frontend-7d4b9c8f6-x2kqp`; DaemonSet pods get one 5-character suffix (`cilium-5xk2p`).
 */
import { createRng } from '../rng';

/** Kubernetes' alphabet for generated name suffixes (k8s.io/apimachinery rand.SafeEncodeString). */
export const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A ReplicaSet pod-template hash (9 or 10 characters). */
export function templateHash(seed: number | string, key: string): string {
  const rng = createRng(seed, 'template-hash', key);
  return rng.chars(rng.chance(0.5) ? 9 : 10, K8S_ALPHABET);
}

/** A 5-character pod name suffix. */
export function podSuffix(seed: number | string, key: string): string {
  return createRng(seed, 'pod-suffix', key).chars(5, K8S_ALPHABET);
}

/** An RFC 4122 version-4 style UID (metadata.uid). */
export function uid(seed: number | string, key: string): string {
  const h = createRng(seed, 'uid', key).hex(32);
  const variant = '89ab'[parseInt(h[16], 16) % 4];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 64-hex containerd container or sandbox ID. */
export function containerId(seed: number | string, key: string): string {
  return createRng(seed, 'container-id', key).hex(64);
}
