/**
 * OTLP encoding of the demo's spans with the OpenTelemetry JS SDK: each SpanSpec is started and
 * ended on an SDK tracer whose id generator hands out the span's own ids (so trace ids equal the
 * flows' `trace_context.parent.trace_id`), then `JsonTraceSerializer` of
 * `@opentelemetry/otlp-transformer` encodes the finished spans as an OTLP/HTTP JSON request body
 * (`ExportTraceServiceRequest`: resourceSpans → scopeSpans → spans; hex ids, nanosecond strings).
 */
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, IdGenerator, ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { PodRef } from './flowView';
import { SpanSpec } from './spans';

/** Hands out the ids set just before a span starts. */
class FixedIdGenerator implements IdGenerator {
  traceId = '';
  spanId = '';
  generateTraceId(): string {
    return this.traceId;
  }
  generateSpanId(): string {
    return this.spanId;
  }
}

/** Collects every span that ends. */
class CollectingProcessor implements SpanProcessor {
  readonly finished: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.finished.push(span);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

/**
 * OpenTelemetry resource attributes of a pod as the k8sattributes processor of the OpenTelemetry
 * Collector sets them: `service.name` (the app), `k8s.namespace.name`, `k8s.pod.name` and
 * `k8s.<kind>.name` of its workload (`k8s.deployment.name`, `k8s.statefulset.name`, ...).
 */
export function resourceAttributes(pod: PodRef): Record<string, string> {
  const attrs: Record<string, string> = {
    'service.name': pod.app,
    'k8s.namespace.name': pod.namespace,
    'k8s.pod.name': pod.pod,
  };
  if (pod.workload) {
    attrs[`k8s.${pod.workload.kind.toLowerCase()}.name`] = pod.workload.name;
  }
  return attrs;
}

function hrTime(ns: bigint): [number, number] {
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

/** One tracer per pod resource, created on first use (bounded: the cache is reset past 500 pods). */
export class SpanEncoder {
  private readonly ids = new FixedIdGenerator();
  private readonly processor = new CollectingProcessor();
  private readonly tracers = new Map<string, ReturnType<BasicTracerProvider['getTracer']>>();

  private tracerFor(pod: PodRef) {
    const key = `${pod.namespace}/${pod.pod}`;
    let tracer = this.tracers.get(key);
    if (!tracer) {
      if (this.tracers.size >= 500) {
        this.tracers.clear();
      }
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes(resourceAttributes(pod)),
        idGenerator: this.ids,
        spanProcessors: [this.processor],
      });
      tracer = provider.getTracer('seed-kubeobs-demo-cluster', '1.0.0');
      this.tracers.set(key, tracer);
    }
    return tracer;
  }

  /** SDK spans (ended) for the specs, with the specs' ids, parents, times, kinds, statuses and attributes. */
  toReadableSpans(specs: SpanSpec[]): ReadableSpan[] {
    this.processor.finished.length = 0;
    for (const s of specs) {
      const parent = s.parentSpanId
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: s.traceId,
            spanId: s.parentSpanId,
            traceFlags: TraceFlags.SAMPLED,
            isRemote: true,
          })
        : ROOT_CONTEXT;
      this.ids.traceId = s.traceId;
      this.ids.spanId = s.spanId;
      const span = this.tracerFor(s.pod).startSpan(
        s.name,
        {
          kind: s.kind === 'server' ? SpanKind.SERVER : SpanKind.CLIENT,
          startTime: hrTime(s.startNs),
          attributes: s.attributes,
        },
        parent ?? context.active()
      );
      span.setStatus(s.error ? { code: SpanStatusCode.ERROR } : { code: SpanStatusCode.UNSET });
      span.end(hrTime(s.endNs));
    }
    return [...this.processor.finished];
  }

  /** The OTLP/HTTP JSON request body (`POST /v1/traces`, `Content-Type: application/json`) for the specs. */
  encode(specs: SpanSpec[]): Uint8Array {
    const body = JsonTraceSerializer.serializeRequest(this.toReadableSpans(specs));
    if (!body) {
      throw new Error('OTLP serialization failed');
    }
    return body;
  }
}
