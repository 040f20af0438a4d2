import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityLabel, nodeOfEndpoint } from './endpoint';

test('an endpoint with only a reserved number is that reserved identity', () => {
  assert.equal(nodeOfEndpoint({ identity: 2 }, []).id, 'reserved:world');
  assert.equal(nodeOfEndpoint({ identity: 7 }, []).id, 'reserved:kube-apiserver');
  assert.equal(nodeOfEndpoint({ identity: 6, labels: [] }, []).id, 'reserved:remote-node');
});

test('a world endpoint with a fqdn: label is that DNS name when the flow names none', () => {
  const ep = { identity: 16777217, labels: ['fqdn:api.github.com', 'reserved:world'] };
  assert.equal(nodeOfEndpoint(ep, []).id, 'dns:api.github.com');
  assert.equal(nodeOfEndpoint(ep, ['github.com']).id, 'dns:github.com');
});

test('an identity without a pod name says what its labels tell', () => {
  // labels as Hubble sent them for the productpage identity when it had no pod name (basic-sample fixtures)
  const node = nodeOfEndpoint(
    {
      identity: 3418,
      namespace: 'bookinfo',
      labels: ['k8s:app=productpage', 'k8s:io.kubernetes.pod.namespace=bookinfo', 'k8s:version=v1'],
    },
    []
  );
  assert.deepEqual(node, {
    id: 'identity:3418',
    type: 'identity',
    namespace: 'bookinfo',
    name: '3418',
    workload_kind: '',
    label: 'bookinfo app=productpage',
  });
  assert.equal(identityLabel(['cidr:10.0.0.0/8', 'reserved:world']), 'cidr 10.0.0.0/8');
  assert.equal(identityLabel(['k8s:app.kubernetes.io/name=api', 'k8s:app=other']), 'app.kubernetes.io/name=api');
});

test('an identity without labels has no label, and stays an identity node', () => {
  const node = nodeOfEndpoint({ identity: 16370 }, []);
  assert.equal(node.id, 'identity:16370');
  assert.equal(node.label, undefined);
});
