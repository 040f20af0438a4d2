/**
 * gRPC client of Hubble Relay's `observer.Observer` (plain, TLS or mutual TLS as the Hubble CLI).
 *
 * Messages travel as raw bytes (grpc-js with identity (de)serializers): the follow stream keeps each
 * flow's bytes and reads only the fields it indexes; answers of one-shot calls are printed as
 * protojson straight from their bytes (wireJson.ts), unknown fields included. Channel options bound what Relay can do to us: a maximum receive size, HTTP/2
 * keepalive pings (a dead connection fails within keepalive time + timeout) and deadlines on
 * one-shot calls.
 */
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type * as protobuf from 'protobufjs';
import type { Config } from './config';
import { hubbleTypes } from './proto';
import { printMessage } from './wireJson';
import { wireMessage } from './wireSchema';

/** An error from Relay with a readable, actionable message. `unreachable` when Relay could not be reached. */
export class RelayError extends Error {
  constructor(
    message: string,
    readonly unreachable: boolean,
    readonly code?: number
  ) {
    super(message);
  }
}

/** What to do when Relay cannot be reached (used in 503 answers and logs). */
export function unreachableHint(address: string): string {
  return (
    `Hubble Relay at ${address} is unreachable. Check the gateway's --relay-address flag (env HUBBLE_RELAY_ADDRESS; ` +
    `in-cluster default hubble-relay.kube-system.svc:80), that Relay is deployed (Cilium Helm value hubble.relay.enabled=true), ` +
    `and for a gateway outside the cluster port-forward it: kubectl -n kube-system port-forward service/hubble-relay 4245:80 ` +
    `and use --relay-address 127.0.0.1:4245 (add --tls and the CA/client certificate flags if Relay serves TLS).`
  );
}

const UNREACHABLE_CODES = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);

/** Wraps a grpc-js error: unreachable for UNAVAILABLE / DEADLINE_EXCEEDED. */
export function relayError(address: string, err: grpc.ServiceError | Error): RelayError {
  const code = (err as grpc.ServiceError).code;
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new RelayError(`${unreachableHint(address)} (gRPC: ${err.message})`, true, code);
  }
  return new RelayError(`Hubble Relay at ${address} answered with an error: ${err.message}`, false, code);
}

/** Channel credentials from the TLS settings. Throws if a configured file cannot be read. */
export function credentials(cfg: Config): grpc.ChannelCredentials {
  if (!cfg.tls) {
    return grpc.credentials.createInsecure();
  }
  const read = (f?: string) => (f ? fs.readFileSync(f) : null);
  return grpc.credentials.createSsl(read(cfg.tlsCaCertFile), read(cfg.tlsClientKeyFile), read(cfg.tlsClientCertFile));
}

const identity = (b: Buffer) => b;

/** Client of one Relay: one channel shared by the follow stream and the one-shot calls. */
export class RelayClient {
  readonly client: grpc.Client;
  private readonly types = hubbleTypes();

  constructor(readonly cfg: Config) {
    const options: grpc.ChannelOptions = {
      'grpc.max_receive_message_length': cfg.maxMessageBytes,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.initial_reconnect_backoff_ms': Math.min(cfg.backoffInitialMs, 1000),
      'grpc.max_reconnect_backoff_ms': cfg.backoffMaxMs,
    };
    if (cfg.tlsServerName) {
      options['grpc.ssl_target_name_override'] = cfg.tlsServerName;
    }
    this.client = new grpc.Client(cfg.relayAddress, credentials(cfg), options);
  }

  private deadline(): Date {
    return new Date(Date.now() + this.cfg.relayTimeoutMs);
  }

  private unary(method: string, reqType: protobuf.Type, resType: protobuf.Type): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const req = Buffer.from(reqType.encode(reqType.create({})).finish());
      this.client.makeUnaryRequest<Buffer, Buffer>(
        `/observer.Observer/${method}`,
        identity,
        identity,
        req,
        new grpc.Metadata(),
        { deadline: this.deadline() },
        (err, res) => {
          if (err) {
            return reject(relayError(this.cfg.relayAddress, err));
          }
          try {
            resolve(JSON.parse(printMessage(wireMessage(resType), res!, this.types.resolve)));
          } catch (e) {
            reject(new RelayError(`Hubble Relay sent an undecodable ${method} answer: ${(e as Error).message}`, false));
          }
        }
      );
    });
  }

  /** `ServerStatus` as protojson (`num_flows`, `max_flows`, `seen_flows`, `uptime_ns` as strings, ...). Rejects RelayError, also for an answer that does not decode. */
  serverStatus(): Promise<Record<string, unknown>> {
    return this.unary('ServerStatus', this.types.ServerStatusRequest, this.types.ServerStatusResponse);
  }

  /** `GetNodes` as protojson `{ nodes: [{ name, version, address, state, uptime_ns, ... }] }`. Rejects RelayError. */
  getNodes(): Promise<Record<string, unknown>> {
    return this.unary('GetNodes', this.types.GetNodesRequest, this.types.GetNodesResponse);
  }

  /** `GetNamespaces` as protojson `{ namespaces: [{ cluster, namespace }] }`. Rejects RelayError. */
  getNamespaces(): Promise<Record<string, unknown>> {
    return this.unary('GetNamespaces', this.types.GetNamespacesRequest, this.types.GetNamespacesResponse);
  }

  /**
   * Opens `GetFlows` with `request` (a GetFlowsRequest object for protobufjs `fromObject`). Each
   * response arrives as raw bytes. `deadline` undefined for a follow stream.
   */
  openGetFlows(request: Record<string, unknown>, deadline?: Date): grpc.ClientReadableStream<Buffer> {
    const T = this.types.GetFlowsRequest;
    const bytes = Buffer.from(T.encode(T.fromObject(request)).finish());
    return this.client.makeServerStreamRequest<Buffer, Buffer>(
      '/observer.Observer/GetFlows',
      identity,
      identity,
      bytes,
      new grpc.Metadata(),
      deadline ? { deadline } : {}
    );
  }

  /** Closes the channel; open calls are cancelled. */
  close(): void {
    this.client.close();
  }
}
