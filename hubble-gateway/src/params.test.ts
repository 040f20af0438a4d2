import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlowQuery, ParamError } from './params';
import { formatTime, parseDurationMs, parseTime } from './time';
import { workloadFromPodName } from './endpoint';

test('flow parameters parse into a query', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  const q = parseFlowQuery(
    {
      namespace: 'default',
      pod: 'kube-system/coredns-',
      verdict: 'dropped,FORWARDED',
      http_status: '5+,404',
      since: '15m',
      until: '2024-05-01T11:59:00.5+00:00',
      limit: '10',
    },
    now
  );
  assert.deepEqual(q.pod, { namespace: 'kube-system', prefix: 'coredns-' });
  assert.deepEqual(q.verdict, [2, 1]);
  assert.deepEqual(q.httpStatus, ['5+', '404']);
  assert.equal(formatTime(q.since!), '2024-05-01T11:45:00Z');
  assert.equal(formatTime(q.until!), '2024-05-01T11:59:00.500Z');
  assert.equal(q.limit, 10);
  assert.equal(parseFlowQuery({}).limit, 100);
});

test('a bad parameter names itself', () => {
  assert.throws(
    () => parseFlowQuery({ limit: '-1' }),
    (e: ParamError) => e.parameter === 'limit'
  );
  assert.throws(
    () => parseFlowQuery({ foo: '1' }),
    (e: ParamError) => e.parameter === 'foo' && e.allowed.includes('namespace')
  );
});

test('times and durations', () => {
  assert.deepEqual(parseTime('2021-11-10T10:41:26.095336300Z'), { sec: 1636540886, nanos: 95336300 });
  assert.equal(formatTime({ sec: 1636540886, nanos: 95336300 }), '2021-11-10T10:41:26.095336300Z');
  assert.equal(formatTime({ sec: 1636540886, nanos: 95357000 }), '2021-11-10T10:41:26.095357Z');
  assert.equal(parseTime('2021-02-30T00:00:00Z'), undefined);
  assert.equal(parseDurationMs('1h30m'), 5_400_000);
  assert.equal(parseDurationMs('15'), undefined);
});

test('workload names from pod names', () => {
  assert.equal(workloadFromPodName('reviews-v1-545db77b95-j2n72'), 'reviews-v1');
  assert.equal(workloadFromPodName('node-local-dns-88zrp'), 'node-local-dns');
  assert.equal(workloadFromPodName('web-0'), 'web');
  assert.equal(workloadFromPodName('standalone'), 'standalone');
});

test('parameter names that are Object.prototype members are unknown parameters, not a crash', () => {
  for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
    assert.throws(
      () => parseFlowQuery({ [key]: '1' }),
      (e: ParamError) => e instanceof ParamError && e.parameter === key,
      key
    );
  }
});
