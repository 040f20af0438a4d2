import { test } from 'node:test';
import assert from 'node:assert/strict';
import { re2Compatible, toRelayFilters } from './filters';

test('toRelayFilters: what Relay cannot evaluate alike is applied after, never sent', () => {
  // A pod without namespace means "default" to Hubble but "any namespace" to the gateway.
  assert.deepEqual(toRelayFilters({ pod: { prefix: 'coredns' }, verdict: [2] }), {
    whitelist: [{ verdict: [2] }],
    appliedAfter: ['pod'],
  });
  // Namespaces that disagree cannot be one Relay filter either.
  assert.deepEqual(toRelayFilters({ namespace: 'a', workload: { namespace: 'b', name: 'web' } }).appliedAfter, [
    'namespace',
    'workload',
  ]);
  // A lookahead means nothing to RE2 (Hubble's dns_query).
  assert.deepEqual(toRelayFilters({ dnsQuery: /^(?!kube).*\.local$/ }), { whitelist: [], appliedAfter: ['dns_query'] });
  assert.deepEqual(toRelayFilters({ dnsQuery: /api\.example\.com$/ }), {
    whitelist: [{ dns_query: ['api\\.example\\.com$'] }],
    appliedAfter: [],
  });
  assert.deepEqual(toRelayFilters({ namespace: 'shop', pod: { prefix: 'cart-' } }), {
    whitelist: [{ source_pod: ['shop/cart-'] }, { destination_pod: ['shop/cart-'] }],
    appliedAfter: [],
  });
});

test('re2Compatible: plain patterns yes; lookaround, backreferences and named groups no', () => {
  for (const ok of ['^api\\.', 'a|b', '[a-z]+\\d{2}', '(x)?']) {
    assert.ok(re2Compatible(ok), ok);
  }
  for (const no of ['(?=a)', '(?<n>a)', '(a)\\1']) {
    assert.ok(!re2Compatible(no), no);
  }
});
