/**
 * Records what every page's default view sends to Prometheus, for `npm run bench:pages`
 * (scripts/bench-pages.ts), which times each request. The scenes are the live test's
 * (`../live/pageScenes.ts`), run by the same harness; the clock is frozen at BENCH_NOW_MS (the end
 * of the benchmark's data) so time ranges end where the data ends. Writes
 * `[{ page, queries: SentQuery[] }]` as JSON to BENCH_QUERIES_OUT; BENCH_PAGES (comma-separated
 * routes) limits it to those pages. Skipped without PROMETHEUS_URL (like the live test) and without
 * BENCH_QUERIES_OUT.
 */
import { writeFileSync } from 'fs';
import { installLivePrometheus, SentQuery, sentQueries } from '../live/livePrometheusDatasource';
import { pageCases, pickDrilldown, runScene } from '../live/pageScenes';

const PROMETHEUS_URL = process.env.PROMETHEUS_URL as string;
const OUT = process.env.BENCH_QUERIES_OUT;
const NOW_MS = Number(process.env.BENCH_NOW_MS ?? Date.now());
const ONLY = process.env.BENCH_PAGES?.split(',');

jest.setTimeout(1_800_000);

(OUT ? describe : describe.skip)('page queries for the benchmark', () => {
  beforeAll(() => {
    // Only Date is faked: the harness waits with real timers.
    jest.useFakeTimers({
      now: NOW_MS,
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'requestAnimationFrame',
        'cancelAnimationFrame',
        'requestIdleCallback',
        'cancelIdleCallback',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    installLivePrometheus(PROMETHEUS_URL);
  });

  afterAll(() => jest.useRealTimers());

  it('records the requests of every page', async () => {
    const target = await pickDrilldown(PROMETHEUS_URL, NOW_MS / 1000);
    const pages: Array<{ page: string; drilldown: typeof target; queries: SentQuery[] }> = [];
    const cases = pageCases(target).filter(([page]) => !ONLY || ONLY.includes(page));
    if (cases.length === 0) {
      throw new Error(`BENCH_PAGES=${ONLY} names no page; pages: ${pageCases(target).map(([p]) => p)}`);
    }
    for (const [page, build] of cases) {
      sentQueries.length = 0;
      await runScene(build(), 1_200_000);
      pages.push({ page, drilldown: target, queries: [...sentQueries] });
    }
    writeFileSync(OUT as string, JSON.stringify(pages, null, 1));
    expect(pages.every((p) => p.queries.length > 0)).toBe(true);
  });
});
