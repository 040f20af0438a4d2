/**
 * Loads the repository's Hubble protos (`proto/observer.proto` with flow.proto and relay.proto,
 * Cilium 1.19 field numbers) with @grpc/proto-loader for the demo Relay's service, and with
 * protobufjs for encoding flows by reflection (flowToProto.ts).
 *
 * Objects use proto field names, enums as names, 64-bit integers as numbers, and Timestamps as
 * {seconds, nanos}; wrapper types (BoolValue, UInt32Value) as {value}.
 */
import path from 'node:path';
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';

/** Folder of observer.proto: `$HUBBLE_PROTO_DIR`, else the repository's `proto/`. Throws if absent. */
export function protoDir(): string {
  const dir = process.env.HUBBLE_PROTO_DIR ?? path.resolve(__dirname, '../../../proto');
  if (!fs.existsSync(path.join(dir, 'observer.proto'))) {
    throw new Error(`observer.proto not found in ${dir}; set HUBBLE_PROTO_DIR`);
  }
  return dir;
}

/** proto-loader options shared by the server and the tests' client. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

let cached:
  | { definition: protoLoader.PackageDefinition; service: grpc.ServiceDefinition; grpcObject: grpc.GrpcObject }
  | undefined;

/** The `observer.Observer` service definition and the loaded package (for clients). */
export function observerProtos() {
  if (!cached) {
    const dir = protoDir();
    const definition = protoLoader.loadSync(path.join(dir, 'observer.proto'), {
      ...LOADER_OPTIONS,
      includeDirs: [dir],
    });
    const service = definition['observer.Observer'] as grpc.ServiceDefinition;
    cached = { definition, service, grpcObject: grpc.loadPackageDefinition(definition) };
  }
  return cached;
}

let root: protobuf.Root | undefined;

/** The protos as a resolved protobufjs Root with proto field names (`IP`, `source_port`). */
export function protobufRoot(): protobuf.Root {
  if (!root) {
    root = new protobuf.Root();
    root.loadSync(path.join(protoDir(), 'observer.proto'), { keepCase: true });
    root.resolveAll();
  }
  return root;
}
