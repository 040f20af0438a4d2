/**
 * Loads the Hubble protobuf definitions of this repository (`proto/observer.proto`, `flow.proto`,
 * `relay.proto`: Cilium 1.19 field numbers) with protobufjs, keeping the proto field names
 * (`IP`, `Type`, `source_port`) as object keys.
 *
 * The folder is `$HUBBLE_GATEWAY_PROTO_DIR` if set (the container image copies the files to
 * `/app/proto`), else the repository's `proto/` (from src/ or dist/).
 */
import path from 'node:path';
import fs from 'node:fs';
import * as protobuf from 'protobufjs';
import type { TypeResolver } from './wireJson';
import { wireMessage, type WireMessage } from './wireSchema';

/** The folder holding observer.proto, flow.proto and relay.proto. Throws if none is found. */
export function protoDir(): string {
  const candidates = [
    process.env.HUBBLE_GATEWAY_PROTO_DIR,
    path.resolve(__dirname, '../../proto'), // src/ in the repository
    path.resolve(__dirname, '../../../proto'), // dist/ in the repository
    path.resolve(__dirname, '../proto'),
  ];
  for (const dir of candidates) {
    if (dir && fs.existsSync(path.join(dir, 'observer.proto'))) {
      return dir;
    }
  }
  throw new Error(`observer.proto not found in ${candidates.filter(Boolean).join(', ')}; set HUBBLE_GATEWAY_PROTO_DIR`);
}

/** The message types the gateway reads and writes. */
export type HubbleTypes = {
  root: protobuf.Root;
  Flow: protobuf.Type;
  FlowFilter: protobuf.Type;
  GetFlowsRequest: protobuf.Type;
  GetFlowsResponse: protobuf.Type;
  ServerStatusRequest: protobuf.Type;
  ServerStatusResponse: protobuf.Type;
  GetNodesRequest: protobuf.Type;
  GetNodesResponse: protobuf.Type;
  GetNamespacesRequest: protobuf.Type;
  GetNamespacesResponse: protobuf.Type;
  Endpoint: protobuf.Type;
  /** Wire tables (wireSchema.ts) of flow.Flow and observer.GetFlowsResponse. */
  flowWire: WireMessage;
  responseWire: WireMessage;
  /** Finds a message type of these protos (or a well-known type they import) by full name, for Any. */
  resolve: TypeResolver;
};

let cached: HubbleTypes | undefined;

/** Parses the proto files once and returns the resolved types. Throws on a missing or invalid file. */
export function hubbleTypes(): HubbleTypes {
  if (cached) {
    return cached;
  }
  const root = new protobuf.Root();
  root.loadSync(path.join(protoDir(), 'observer.proto'), { keepCase: true });
  root.resolveAll();
  const t = (name: string) => root.lookupType(name);
  cached = {
    root,
    Flow: t('flow.Flow'),
    FlowFilter: t('flow.FlowFilter'),
    GetFlowsRequest: t('observer.GetFlowsRequest'),
    GetFlowsResponse: t('observer.GetFlowsResponse'),
    ServerStatusRequest: t('observer.ServerStatusRequest'),
    ServerStatusResponse: t('observer.ServerStatusResponse'),
    GetNodesRequest: t('observer.GetNodesRequest'),
    GetNodesResponse: t('observer.GetNodesResponse'),
    GetNamespacesRequest: t('observer.GetNamespacesRequest'),
    GetNamespacesResponse: t('observer.GetNamespacesResponse'),
    Endpoint: t('flow.Endpoint'),
    flowWire: wireMessage(t('flow.Flow')),
    responseWire: wireMessage(t('observer.GetFlowsResponse')),
    resolve: (fullName: string) => {
      const found = fullName ? root.lookup(fullName) : null;
      return found instanceof protobuf.Type ? wireMessage(found) : undefined;
    },
  };
  return cached;
}
