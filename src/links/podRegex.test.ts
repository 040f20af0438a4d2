import { podRegexForWorkload } from './podRegex';

function matches(kind: string, name: string, pod: string): boolean {
  return new RegExp(`^(?:${podRegexForWorkload(kind, name)})$`).test(pod);
}

describe('podRegexForWorkload', () => {
  it('matches the pods of each controller kind and not those of a longer-named workload', () => {
    expect(matches('Deployment', 'podinfo', 'podinfo-7d9c8b6f5-x7k2p')).toBe(true);
    expect(matches('Deployment', 'podinfo', 'podinfo-redis-7d9c8b6f5-x7k2p')).toBe(false);
    expect(matches('StatefulSet', 'redis', 'redis-0')).toBe(true);
    expect(matches('StatefulSet', 'redis', 'redis-abcde')).toBe(false);
    expect(matches('DaemonSet', 'cilium', 'cilium-x7k2p')).toBe(true);
    expect(matches('DaemonSet', 'cilium', 'cilium-operator-x7k2p')).toBe(false);
    expect(matches('CronJob', 'backup', 'backup-28571234-abcde')).toBe(true);
  });

  it('escapes regex characters in names', () => {
    expect(podRegexForWorkload('Deployment', 'a.b')).toBe('a\\.b-[a-z0-9]{1,10}-[a-z0-9]{5}');
  });
});
