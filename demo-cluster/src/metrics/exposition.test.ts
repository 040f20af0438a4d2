import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderOpenMetrics, renderText, wantsOpenMetrics } from './exposition';
import { goFloat, omFloat } from './format';
import { HistogramVec, ValueVec, gauge } from './model';

test('numbers are formatted like the Go client (strconv g/-1), OpenMetrics adds .0 to integers', () => {
  const cases: Array<[number, string, string]> = [
    [0, '0', '0.0'],
    [1, '1', '1.0'],
    [0.005, '0.005', '0.005'],
    [10, '10', '10.0'],
    [123456, '123456', '123456.0'],
    [1234567, '1.234567e+06', '1.234567e+06'],
    [2.5e-5, '2.5e-05', '2.5e-05'],
    [Infinity, '+Inf', '+Inf'],
    [NaN, 'NaN', 'NaN'],
  ];
  for (const [v, text, om] of cases) {
    assert.equal(goFloat(v), text, `goFloat(${v})`);
    assert.equal(omFloat(v), om, `omFloat(${v})`);
  }
});

test('text and OpenMetrics renderings of counters, gauges and histograms', () => {
  const c = new ValueVec('x_requests_total', 'Requests\nwith "quotes"', 'counter', ['code', 'path']);
  c.add(['200', '/a"b\\'], 2, { labels: [['traceID', 'abc']], value: 1, timestampMs: 1_700_000_000_123 });
  const h = new HistogramVec('x_seconds', 'Latency', ['method'], [0.1, 1]);
  h.observe(['GET'], 0.05, { labels: [['traceID', 't1']], value: 0.05, timestampMs: 1_700_000_000_000 });
  h.observe(['GET'], 5);
  const g = gauge('x_up', 'Up').add({}, 1);
  const fams = [c.family(), h.family(), g.family(), new ValueVec('x_empty_total', 'none', 'counter', ['a']).family()];
  assert.equal(
    renderText(fams),
    [
      '# HELP x_requests_total Requests\\nwith "quotes"',
      '# TYPE x_requests_total counter',
      'x_requests_total{code="200",path="/a\\"b\\\\"} 2',
      '# HELP x_seconds Latency',
      '# TYPE x_seconds histogram',
      'x_seconds_bucket{method="GET",le="0.1"} 1',
      'x_seconds_bucket{method="GET",le="1"} 1',
      'x_seconds_bucket{method="GET",le="+Inf"} 2',
      'x_seconds_sum{method="GET"} 5.05',
      'x_seconds_count{method="GET"} 2',
      '# HELP x_up Up',
      '# TYPE x_up gauge',
      'x_up 1',
      '',
    ].join('\n')
  );
  assert.equal(
    renderOpenMetrics(fams),
    [
      '# TYPE x_requests counter',
      '# HELP x_requests Requests\\nwith "quotes"',
      'x_requests_total{code="200",path="/a\\"b\\\\"} 2.0 # {traceID="abc"} 1.0 1700000000.123',
      '# TYPE x_seconds histogram',
      '# HELP x_seconds Latency',
      'x_seconds_bucket{method="GET",le="0.1"} 1.0 # {traceID="t1"} 0.05 1700000000.000',
      'x_seconds_bucket{method="GET",le="1.0"} 1.0',
      'x_seconds_bucket{method="GET",le="+Inf"} 2.0',
      'x_seconds_sum{method="GET"} 5.05',
      'x_seconds_count{method="GET"} 2.0',
      '# TYPE x_up gauge',
      '# HELP x_up Up',
      'x_up 1.0',
      '# EOF',
      '',
    ].join('\n')
  );
  assert.ok(wantsOpenMetrics('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5'));
  assert.ok(!wantsOpenMetrics('text/plain;version=0.0.4'));
});
