/**
 * The demo's log and trace pushes against a local HTTP receiver: Loki push API shape (labels,
 * nanosecond timestamps as strings, JSON / logfmt / plain lines with levels and trace ids), OTLP
 * JSON shape (32-hex trace ids equal to the flows', 16-hex span ids, parents, resource attributes),
 * and the behaviour when an endpoint is down or failing (bounded queue, backoff, no crash).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { FlowHub, FlowJson, FlowListener } from '../flows/types';
import { createFlowHub } from '../flows/hub';
import { CLIENT_SPAN, FLOWS, FRONTEND_CALL_SPAN, TRACE } from './fixtureFlows';
import { startTelemetry } from './index';
import { PushQueue } from './sender';
import { startReceiver, Receiver } from './testReceiver';

class ListHub implements FlowHub {
  listeners = new Set<FlowListener>();
  subscribe(l: FlowListener) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  recent() {
    return [];
  }
  emit(f: FlowJson) {
    for (const l of this.listeners) {
      l(f);
    }
  }
}

type OtlpAttr = { key: string; value: { stringValue?: string; intValue?: string | number } };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status: { code: number };
};
type OtlpBody = {
  resourceSpans: Array<{ resource: { attributes: OtlpAttr[] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
};

function attrs(list: OtlpAttr[]): Record<string, string> {
  return Object.fromEntries(list.map((a) => [a.key, String(a.value.stringValue ?? a.value.intValue)]));
}

const receivers: Receiver[] = [];
after(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

test('pushes logs to the Loki push API and spans as OTLP JSON, agreeing with the flows', async () => {
  const rx = await startReceiver();
  receivers.push(rx);
  const hub = new ListHub();
  const telemetry = startTelemetry({ hub, lokiUrl: rx.url, otlpUrl: `${rx.url}/`, intervalMs: 60_000, warn: () => {} });
  FLOWS.forEach((f) => hub.emit(f));
  await telemetry.stop();

  const loki = rx.requests.filter((r) => r.path === '/loki/api/v1/push');
  assert.equal(loki.length, 1);
  assert.equal(loki[0].method, 'POST');
  assert.match(loki[0].contentType, /^application\/json/);
  const push = JSON.parse(loki[0].body) as {
    streams: Array<{ stream: Record<string, string>; values: Array<[string, string]> }>;
  };
  for (const s of push.streams) {
    assert.deepEqual(Object.keys(s.stream).sort(), ['app', 'container', 'job', 'namespace', 'pod']);
    assert.equal(s.stream.job, `${s.stream.namespace}/${s.stream.app}`);
    for (const [ts, line] of s.values) {
      assert.match(ts, /^\d{19}$/, 'timestamp: nanoseconds since the epoch as a decimal string');
      assert.equal(typeof line, 'string');
    }
  }
  const byPod = (pod: string) =>
    push.streams.filter((s) => s.stream.pod.startsWith(pod)).flatMap((s) => s.values.map(([, l]) => l));

  // Servers log JSON with level and trace id; the backend's 500 is an error.
  const backend = byPod('podinfo-backend').map((l) => JSON.parse(l));
  assert.deepEqual(
    backend.map((e) => [e.level, e.status, e.path, e.trace_id]),
    [['error', 500, '/echo', TRACE]]
  );
  const frontendJson = byPod('podinfo-frontend')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    frontendJson.map((e) => [e.level, e.status, e.trace_id]),
    [['error', 502, TRACE]]
  );
  // Clients log "Dispatch …" in logfmt with the trace id.
  const frontendLogfmt = byPod('podinfo-frontend').filter((l) => !l.startsWith('{'));
  assert.equal(frontendLogfmt.length, 1);
  assert.match(
    frontendLogfmt[0],
    new RegExp(`level=error msg="Dispatch failed" service=podinfo-backend .* status=500 .* trace_id=${TRACE}$`)
  );
  const clientLines = byPod('podinfo-client');
  assert.ok(
    clientLines.some(
      (l) =>
        /level=error msg="Dispatch failed" service=podinfo-frontend .*status=502/.test(l) &&
        l.includes(`trace_id=${TRACE}`)
    )
  );
  assert.ok(
    clientLines.some((l) => /WARN dial tcp 10\.0\.3\.30:9898: connect: connection timed out/.test(l)),
    'the dropped SYN shows as a timeout'
  );
  // CoreDNS: plain text.
  assert.match(
    byPod('coredns')[0],
    /^\[INFO\] 10\.0\.1\.10:51234 - \d+ "A IN podinfo-frontend\.podinfo\.svc\.cluster\.local\. udp 52 false 512" NOERROR qr,aa,rd 108 0\.000120s$/
  );

  // Traces.
  const otlp = rx.requests.filter((r) => r.path === '/v1/traces');
  assert.equal(otlp.length, 1);
  assert.match(otlp[0].contentType, /^application\/json/);
  const body = JSON.parse(otlp[0].body) as OtlpBody;
  const spans = body.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => ({ ...s, resource: attrs(rs.resource.attributes) })))
  );
  assert.equal(spans.length, 4);
  const flowTraceIds = new Set(
    FLOWS.map((f) => (f.trace_context as { parent: { trace_id: string } } | undefined)?.parent.trace_id).filter(Boolean)
  );
  for (const s of spans) {
    assert.match(s.traceId, /^[0-9a-f]{32}$/);
    assert.match(s.spanId, /^[0-9a-f]{16}$/);
    assert.ok(flowTraceIds.has(s.traceId), 'trace id of a flow');
    assert.match(s.startTimeUnixNano, /^\d{19}$/);
    assert.ok(BigInt(s.endTimeUnixNano) > BigInt(s.startTimeUnixNano));
    assert.equal(s.resource['k8s.namespace.name'], 'podinfo');
    assert.equal(s.resource['k8s.deployment.name'], s.resource['service.name']);
    assert.match(s.resource['k8s.pod.name'], new RegExp(`^${s.resource['service.name']}-`));
  }
  const find = (service: string, kind: number) =>
    spans.find((s) => s.resource['service.name'] === service && s.kind === kind)!;
  const SERVER = 2;
  const CLIENT = 3;
  const root = find('podinfo-client', CLIENT);
  const frontendServer = find('podinfo-frontend', SERVER);
  const frontendCall = find('podinfo-frontend', CLIENT);
  const backendServer = find('podinfo-backend', SERVER);
  assert.equal(root.spanId, CLIENT_SPAN);
  assert.equal(root.parentSpanId ?? '', '');
  assert.equal(frontendServer.parentSpanId, CLIENT_SPAN);
  assert.equal(frontendCall.spanId, FRONTEND_CALL_SPAN);
  assert.equal(
    frontendCall.parentSpanId,
    frontendServer.spanId,
    'the call to the backend is inside the frontend request'
  );
  assert.equal(backendServer.parentSpanId, FRONTEND_CALL_SPAN);
  assert.equal(backendServer.status.code, 2, 'HTTP 500 → span status ERROR');
  assert.equal(backendServer.name, 'POST /echo');
  // Durations are Hubble's latencies: server 30 ms, client 32.3 ms.
  assert.equal(BigInt(backendServer.endTimeUnixNano) - BigInt(backendServer.startTimeUnixNano), 30_000_000n);
  assert.equal(BigInt(root.endTimeUnixNano) - BigInt(root.startTimeUnixNano), 32_300_000n);
});

test('the simulated cluster: every span has the trace id of an HTTP flow, and podinfo logs carry them', async () => {
  const rx = await startReceiver();
  receivers.push(rx);
  const epochMs = Date.UTC(2026, 10, 22, 12, 0, 0);
  const hub = createFlowHub({ seed: 7, fixturesDir: null, epochMs, clock: () => epochMs, warn: () => {} });
  const flowTraceIds = new Set<string>();
  hub.subscribe((f) => {
    const id = (f.trace_context as { parent?: { trace_id?: string } } | undefined)?.parent?.trace_id;
    if (id) {
      flowTraceIds.add(id);
    }
  });
  const telemetry = startTelemetry({ hub, lokiUrl: rx.url, otlpUrl: rx.url, intervalMs: 60_000, warn: () => {} });
  hub.advanceTo(epochMs + 30_000);
  await telemetry.stop();

  const spans = rx.requests
    .filter((r) => r.path === '/v1/traces')
    .flatMap((r) =>
      (JSON.parse(r.body) as OtlpBody).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans))
    );
  assert.ok(spans.length > 10, `spans: ${spans.length}`);
  assert.deepEqual(
    spans.filter((s) => !flowTraceIds.has(s.traceId)),
    []
  );
  const logs = rx.requests
    .filter((r) => r.path === '/loki/api/v1/push')
    .flatMap(
      (r) =>
        (JSON.parse(r.body) as { streams: Array<{ stream: Record<string, string>; values: Array<[string, string]> }> })
          .streams
    );
  const withTrace = logs
    .flatMap((s) => s.values.map(([, l]) => /trace_id"?[=:]"?([0-9a-f]{32})/.exec(l)?.[1]))
    .filter(Boolean) as string[];
  assert.ok(withTrace.length > 10);
  assert.deepEqual(
    withTrace.filter((id) => !flowTraceIds.has(id)),
    []
  );
  const spanTraceIds = new Set(spans.map((s) => s.traceId));
  assert.ok(
    withTrace.some((id) => spanTraceIds.has(id)),
    'log lines and traces share trace ids'
  );
});

test('a down endpoint: no crash, bounded queue, data kept for later', async () => {
  const hub = new ListHub();
  const warnings: string[] = [];
  const telemetry = startTelemetry({
    hub,
    lokiUrl: 'http://127.0.0.1:9',
    otlpUrl: 'http://127.0.0.1:9',
    intervalMs: 60_000,
    maxQueuedLogs: 3,
    warn: (m) => warnings.push(m),
  });
  FLOWS.forEach((f) => hub.emit(f));
  await telemetry.stop();
  const stats = telemetry.stats();
  assert.equal(stats.logs!.sent, 0);
  assert.equal(stats.logs!.queued, 3, 'bounded to maxQueuedLogs');
  assert.ok(stats.logs!.dropped > 0);
  assert.ok(stats.logs!.failedRequests >= 1);
  assert.equal(stats.spans!.queued, 4);
  assert.ok(warnings.some((w) => w.includes('retrying with backoff')));
});

test('retries after a 503 with exponential backoff, rejects on 400', async () => {
  let status = 503;
  const rx = await startReceiver(() => status);
  receivers.push(rx);
  let now = 0;
  const q = new PushQueue<string>({
    name: 't',
    url: `${rx.url}/x`,
    contentType: 'text/plain',
    encode: (xs) => xs.join('\n'),
    baseBackoffMs: 500,
    clock: () => now,
    warn: () => {},
  });
  q.push(['a', 'b']);
  await q.flush();
  assert.equal(rx.requests.length, 1);
  assert.equal(q.counters().queued, 2);
  await q.flush(); // still backing off: no request
  assert.equal(rx.requests.length, 1);
  now = 500;
  await q.flush(); // second failure: backoff doubles to 1 s
  assert.equal(rx.requests.length, 2);
  now = 1_400;
  await q.flush();
  assert.equal(rx.requests.length, 2);
  status = 204;
  now = 1_500;
  await q.flush();
  assert.equal(rx.requests.length, 3);
  assert.equal(rx.requests[2].body, 'a\nb');
  assert.deepEqual(q.counters(), { queued: 0, sent: 2, dropped: 0, failedRequests: 2, rejected: 0 });
  status = 400;
  q.push(['c']);
  await q.flush();
  assert.equal(q.counters().rejected, 1);
  assert.equal(q.counters().queued, 0);
});
