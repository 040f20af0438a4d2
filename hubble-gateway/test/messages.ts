/**
 * Encoded observer.GetFlowsResponse messages for tests and benchmarks: a flow body (encoded
 * flow.Flow without time and uuid) with its own time and uuid, so that no two are duplicates.
 */
import { hubbleTypes } from '../src/proto';
import { messageOf } from './allFields';
import { encodeFromJson } from './protojson';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function field(number: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([...varint(number * 8 + 2), ...varint(payload.length)]), payload]);
}

function timestamp(us: number): Buffer {
  const sec = Math.floor(us / 1e6);
  const nanos = (us % 1e6) * 1000;
  return Buffer.from([0x08, ...varint(sec), ...(nanos ? [0x10, ...varint(nanos)] : [])]);
}

/** The GetFlowsResponse of `body` at `us` microseconds since the epoch with uuid `<prefix>-<k>` (node_name "bench"). */
export function responseWith(body: Buffer, k: number, us: number, prefix: string): Buffer {
  const ts = timestamp(us);
  const flow = Buffer.concat([body, field(1, ts), field(34, Buffer.from(`${prefix}-${k}`))]);
  return Buffer.concat([field(1, flow), field(1000, Buffer.from('bench')), field(1001, ts)]);
}

let synthetic: Buffer[] | undefined;

/**
 * Message k of a sequence that needs no captures: flows that set every field of our flow.proto
 * (test/allFields.ts, one variant per oneof member, cycled), uuid `flow-<k>`.
 */
export function syntheticMessage(k: number, us: number): Buffer {
  synthetic ??= [0, 1, 2, 3, 4, 5, 6].map((variant) => {
    const { Flow } = hubbleTypes();
    const json = messageOf(Flow, variant);
    delete json.time;
    delete json.uuid;
    return Buffer.from(encodeFromJson(Flow, json));
  });
  return responseWith(synthetic[k % synthetic.length], k, us, 'flow');
}
