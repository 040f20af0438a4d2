/**
 * TLS and mutual TLS to Relay, as the Hubble CLI does it (CA file, client certificate and key,
 * server name override): a grpc-js Relay stand-in on 127.0.0.1 with certificates made by openssl
 * for this test (Cilium's Relay certificates name `*.hubble-relay.cilium.io`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { createGateway, type Gateway } from '../src/server';
import { hubbleTypes } from '../src/proto';
import { encodeFromJson } from './protojson';
import { capturesMissing, fixtureFlows, get, testConfig, waitFor } from './helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubble-gw-tls-'));
const file = (n: string) => path.join(dir, n);
let address = '';
let server: grpc.Server;
const gateways: Gateway[] = [];

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

function makeCerts(): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=test hubble CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt'
  );
  const sign = (name: string, ext: string) => {
    fs.writeFileSync(file(`${name}.ext`), ext);
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`
    );
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`
    );
  };
  sign('relay', 'subjectAltName=DNS:*.hubble-relay.cilium.io\nextendedKeyUsage=serverAuth\n');
  sign('client', 'extendedKeyUsage=clientAuth\n');
}

// The flows Relay sends come from a real capture: without it the test that counts them is skipped.
const skip = capturesMissing();

before(async () => {
  makeCerts();
  const id = (b: Buffer) => b;
  const { GetFlowsResponse } = hubbleTypes();
  const messages = (skip ? [] : fixtureFlows('basic-sample-5-dns-flows.json')).map((flow) =>
    Buffer.from(encodeFromJson(GetFlowsResponse, { flow }))
  );
  server = new grpc.Server();
  server.addService(
    {
      GetFlows: {
        path: '/observer.Observer/GetFlows',
        requestStream: false,
        responseStream: true,
        requestSerialize: id,
        requestDeserialize: id,
        responseSerialize: id,
        responseDeserialize: id,
      },
    } as grpc.ServiceDefinition,
    {
      GetFlows: (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
        call.sendMetadata(new grpc.Metadata());
        for (const m of messages) {
          call.write(m);
        }
      },
    }
  );
  const creds = grpc.ServerCredentials.createSsl(
    fs.readFileSync(file('ca.crt')),
    [{ private_key: fs.readFileSync(file('relay.key')), cert_chain: fs.readFileSync(file('relay.crt')) }],
    true
  );
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync('127.0.0.1:0', creds, (e, p) => (e ? rej(e) : res(p)))
  );
  address = `127.0.0.1:${port}`;
});

after(async () => {
  for (const g of gateways) {
    await g.stop();
  }
  server?.forceShutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(over: Parameters<typeof testConfig>[1]): Promise<{ gw: Gateway; url: string }> {
  const gw = createGateway(testConfig(address, { backoffInitialMs: 100, backoffMaxMs: 300, ...over }));
  gateways.push(gw);
  return { gw, url: await gw.start() };
}

test('mutual TLS with CA, client certificate and server name override: flows arrive', { skip }, async () => {
  const { gw, url } = await start({
    tls: true,
    tlsCaCertFile: file('ca.crt'),
    tlsClientCertFile: file('client.crt'),
    tlsClientKeyFile: file('client.key'),
    tlsServerName: 'instance.hubble-relay.cilium.io',
  });
  await waitFor('flows over mTLS', () => gw.store.size === 5);
  assert.equal((await get(`${url}/readyz`)).status, 200);
});

test('without the client certificate Relay refuses the stream: not ready', async () => {
  const { gw, url } = await start({
    tls: true,
    tlsCaCertFile: file('ca.crt'),
    tlsServerName: 'instance.hubble-relay.cilium.io',
  });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(gw.store.size, 0);
  assert.equal((await get(`${url}/readyz`)).status, 503);
});

test('a certificate that does not name the server is rejected', async () => {
  const { gw, url } = await start({
    tls: true,
    tlsCaCertFile: file('ca.crt'),
    tlsClientCertFile: file('client.crt'),
    tlsClientKeyFile: file('client.key'),
  });
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(gw.store.size, 0, '127.0.0.1 is not *.hubble-relay.cilium.io');
  assert.equal((await get(`${url}/readyz`)).status, 503);
});
