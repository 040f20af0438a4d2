import { HubbleFlow } from './types';
import { mergeNewest, newestTime } from './followMerge';

const f = (time: string, uuid?: string): HubbleFlow => ({ time, uuid, verdict: 'FORWARDED' });

describe('mergeNewest', () => {
  const shown = [f('2026-01-01T00:00:02.5Z', 'b'), f('2026-01-01T00:00:01Z', 'a')];

  it('puts new flows on top, drops repeats of the instant polled again, keeps at most maxRows', () => {
    const polled = [f('2026-01-01T00:00:03.000000001Z', 'c'), f('2026-01-01T00:00:02.5Z', 'b')];
    expect(mergeNewest(shown, polled, 10).map((x) => x.uuid)).toEqual(['c', 'b', 'a']);
    expect(mergeNewest(shown, polled, 2).map((x) => x.uuid)).toEqual(['c', 'b']);
  });

  it('compares nanosecond times correctly and works without uuids', () => {
    const polled = [f('2026-01-01T00:00:02.500000001Z'), f('2026-01-01T00:00:02.5Z', 'b')];
    const merged = mergeNewest(shown, polled, 10);
    expect(merged.map((x) => x.time)).toEqual([
      '2026-01-01T00:00:02.500000001Z',
      '2026-01-01T00:00:02.5Z',
      '2026-01-01T00:00:01Z',
    ]);
    expect(newestTime(merged)).toBe('2026-01-01T00:00:02.500000001Z');
    expect(mergeNewest(shown, [], 1)).toHaveLength(1);
  });
});
