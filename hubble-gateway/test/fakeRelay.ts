/**
 * Test helper: a Relay stand-in served in-process with grpc-js on 127.0.0.1 at the raw-bytes level,
 * so tests can send any bytes as GetFlows responses (malformed, oversized, unknown fields).
 */
import * as grpc from '@grpc/grpc-js';

const id = (b: Buffer) => b;

/** Handles the n-th GetFlows call (1-based); the request arrives as raw bytes. */
export type GetFlowsHandler = (call: grpc.ServerWritableStream<Buffer, Buffer>, n: number) => void;

/** A running stand-in: its address and a stop function. */
export type FakeRelay = { address: string; stop(): void };

/**
 * Starts a Relay stand-in whose GetFlows calls `getFlows`; ServerStatus and GetNodes answer empty
 * messages (or never, with `unaryHangs`). Resolves once it listens.
 */
export async function startFakeRelay(getFlows: GetFlowsHandler, unaryHangs = false): Promise<FakeRelay> {
  const server = new grpc.Server();
  let calls = 0;
  const method = (path: string, responseStream: boolean) => ({
    path,
    requestStream: false,
    responseStream,
    requestSerialize: id,
    requestDeserialize: id,
    responseSerialize: id,
    responseDeserialize: id,
  });
  const unary = (_c: unknown, cb: grpc.sendUnaryData<Buffer>) => {
    if (!unaryHangs) {
      cb(null, Buffer.alloc(0));
    }
  };
  server.addService(
    {
      GetFlows: method('/observer.Observer/GetFlows', true),
      ServerStatus: method('/observer.Observer/ServerStatus', false),
      GetNodes: method('/observer.Observer/GetNodes', false),
    } as grpc.ServiceDefinition,
    {
      GetFlows: (call: grpc.ServerWritableStream<Buffer, Buffer>) => getFlows(call, ++calls),
      ServerStatus: unary,
      GetNodes: unary,
    }
  );
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p)))
  );
  return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

/** Parses a Prometheus text exposition value: `name` or `name{labels}` (first match); NaN when absent. */
export function metricValue(text: string, name: string, labels = ''): number {
  const escaped = labels.replace(/[{}]/g, '\\$&');
  const re = new RegExp(`^${name}${labels ? escaped : '(?:\\{[^}]*\\})?'} (\\S+)$`, 'm');
  return Number(re.exec(text)?.[1] ?? NaN);
}
