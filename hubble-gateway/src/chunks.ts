/**
 * Interning of the parts of a flow that repeat from flow to flow: the source and destination
 * endpoints (namespace, pod, labels, workloads: about 60 % of a flow's bytes in the captures) and
 * the node and policy context (node_name, node_labels, emitter, services, the policies that allowed
 * or denied it). Each distinct run of bytes is kept once, as a Chunk, with what is derived from it
 * computed once too: its JSON text, its endpoint summary, the unknown fields it holds. A flow keeps
 * references to its chunks plus the rest of its bytes.
 *
 * The table of distinct chunks is bounded: past MAX_CHUNKS it starts over (chunks still referenced
 * by buffered flows stay alive; later flows get new copies until the table has them again).
 */
import type * as protobuf from 'protobufjs';
import { endpointSummary, type EndpointSummary } from './flowRecord';
import { printFragments, type Fragment, type TypeResolver } from './wireJson';
import { WireReader } from './wireReader';
import type { WireMessage } from './wireSchema';

/** Distinct chunks remembered before the table starts over. */
const MAX_CHUNKS = 50_000;
/** Chunks remembered per hash value. */
const MAX_BUCKET = 8;

/** An unknown field or enum value found in a chunk: [kind, message or enum name, number]. */
export type UnknownFound = ['field' | 'enum', string, number];

/** One interned run of encoded top-level Flow fields (tags included), shared by the flows carrying it. */
export class Chunk {
  private printed?: Fragment[];
  private summaries?: Map<string, EndpointSummary>;

  /** `unknowns`: what the checker found in these bytes when the chunk was made (replayed per flow). */
  constructor(
    readonly bytes: Buffer,
    readonly unknowns: UnknownFound[]
  ) {}

  /** The chunk's fields printed as JSON members, computed once. Throws WireError on malformed bytes. */
  fragments(flow: WireMessage, resolve: TypeResolver): Fragment[] {
    return (this.printed ??= printFragments(flow, this.bytes, resolve));
  }

  /**
   * For an endpoint chunk (field 8 or 9 of flow.Flow): the endpoint summary, given the flow's first
   * DNS name for that side (`source_names[0]` / `destination_names[0]`, "" when none).
   */
  summary(Endpoint: protobuf.Type, name: string): EndpointSummary {
    let s = this.summaries?.get(name);
    if (!s) {
      s = endpointSummary(Endpoint.decode(payloads(this.bytes)) as never, name ? [name] : []);
      (this.summaries ??= new Map()).set(name, s);
    }
    return s;
  }
}

/** The payloads of the length-delimited fields in `bytes`, concatenated (protobuf merges repeats). */
function payloads(bytes: Buffer): Buffer {
  const r = new WireReader(bytes);
  const parts: Buffer[] = [];
  while (r.pos < bytes.length) {
    r.tag();
    const e = r.lengthEnd();
    parts.push(bytes.subarray(r.pos, e));
    r.pos = e;
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

function hashOf(buf: Buffer, start: number, end: number): number {
  // Enough of the bytes to tell chunks apart (endpoint ID, pod name, node name come first); equal
  // hashes are compared byte by byte.
  let h = 2166136261 ^ (end - start);
  const head = Math.min(end, start + 64);
  for (let i = start; i < head; i++) {
    h = Math.imul(h ^ buf[i], 16777619);
  }
  for (let i = Math.max(head, end - 24); i < end; i++) {
    h = Math.imul(h ^ buf[i], 16777619);
  }
  return h >>> 0;
}

/** The table of distinct chunks (see module doc). One per process: chunks are immutable and shared. */
export class ChunkTable {
  private readonly byHash = new Map<number, Chunk[]>();
  private count = 0;

  /**
   * The chunk whose bytes equal the concatenation of buf's ranges [spans[0], spans[1]),
   * [spans[2], spans[3]), ... (n numbers). `check` finds the unknown fields of new chunks.
   */
  intern(buf: Buffer, spans: number[], n: number, check: (bytes: Buffer) => UnknownFound[]): Chunk {
    let src = buf;
    let start = spans[0];
    let end = spans[1];
    if (n > 2) {
      const parts: Buffer[] = [];
      for (let i = 0; i < n; i += 2) {
        parts.push(buf.subarray(spans[i], spans[i + 1]));
      }
      src = Buffer.concat(parts);
      start = 0;
      end = src.length;
    }
    const h = hashOf(src, start, end);
    let bucket = this.byHash.get(h);
    if (bucket) {
      for (const c of bucket) {
        if (c.bytes.length === end - start && c.bytes.compare(src, start, end) === 0) {
          return c;
        }
      }
    }
    const bytes = Buffer.allocUnsafeSlow(end - start);
    src.copy(bytes, 0, start, end);
    const chunk = new Chunk(bytes, check(bytes));
    if (this.count >= MAX_CHUNKS) {
      this.byHash.clear();
      this.count = 0;
      bucket = undefined;
    }
    if (!bucket) {
      this.byHash.set(h, [chunk]);
      this.count++;
    } else if (bucket.length < MAX_BUCKET) {
      bucket.push(chunk);
      this.count++;
    }
    return chunk;
  }
}

/** The process's chunk table, shared by every store (chunks are immutable). */
export const chunkTable = new ChunkTable();
