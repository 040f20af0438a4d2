import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidingSide, verdictDirection } from './direction';
import { local, pod, tcp } from '../../test/syntheticFlows';

const client = pod('shop', 'web');
const server = pod('shop', 'db');

test('a request dropped at the receiving endpoint is an ingress verdict of the destination', () => {
  const f = tcp(client, local(server), 5432, 0, { verdict: 'DROPPED', traffic_direction: 'INGRESS' });
  assert.equal(verdictDirection(f), 'ingress');
  assert.equal(decidingSide(f, 'ingress'), 'destination');
});

test('a request dropped at the sending endpoint is an egress verdict of the source', () => {
  const f = tcp(local(client), server, 5432, 0, { verdict: 'DROPPED', traffic_direction: 'EGRESS' });
  assert.equal(verdictDirection(f), 'egress');
  assert.equal(decidingSide(f, 'egress'), 'source');
});

test('replies keep the connection direction: the deciding endpoint is on the other side', () => {
  // a reply arriving at the client of an outgoing connection: EGRESS, decided by the client (destination)
  const f = tcp(server, local(client), 5432, 0, { is_reply: true, traffic_direction: 'EGRESS' });
  assert.equal(decidingSide(f, 'egress'), 'destination');
  // a reply leaving the server of an incoming connection: INGRESS, decided by the server (source)
  const g = tcp(local(server), client, 5432, 0, { is_reply: true, traffic_direction: 'INGRESS' });
  assert.equal(decidingSide(g, 'ingress'), 'source');
});

test('without traffic_direction: the policy lists, else the side with the local endpoint ID', () => {
  assert.equal(verdictDirection(tcp(client, server, 1, 0, { egress_denied_by: [{ name: 'd' }] })), 'egress');
  assert.equal(verdictDirection(tcp(client, server, 1, 0, { ingress_allowed_by: [{ name: 'a' }] })), 'ingress');
  assert.equal(verdictDirection(tcp(client, local(server), 1, 0)), 'ingress');
  assert.equal(verdictDirection(tcp(local(client), server, 1, 0)), 'egress');
  assert.equal(verdictDirection(tcp(local(server), client, 1, 0, { is_reply: true })), 'ingress');
  assert.equal(verdictDirection(tcp(client, server, 1, 0)), null);
});
