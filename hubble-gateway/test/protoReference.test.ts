/**
 * Our protos (../proto) against Cilium 1.19's own (shared/reference/cilium-1.19, unmodified copies):
 * every message, field (name, number, type, label, oneof), enum value and service method of the
 * reference must be in ours, the same, and in the same declaration order (protojson prints fields in
 * that order). Ours may declare more (what Cilium v1.19.4 added).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import * as protobuf from 'protobufjs';
import { protoDir } from '../src/proto';
import { compareProtos, loadReference, noReference } from './protoCompare';

function loadOurs(): protobuf.Root {
  const root = new protobuf.Root();
  root.loadSync(path.join(protoDir(), 'observer.proto'), { keepCase: true });
  root.resolveAll();
  return root;
}

const skip = noReference;

test("every message, field, number, type and enum value of Cilium 1.19's protos is in ours", { skip }, () => {
  const differences = compareProtos(loadReference(), loadOurs());
  assert.deepEqual(differences, [], differences.join('\n'));
});

test('the comparison notices a missing field, a changed number, type or enum value', { skip }, () => {
  const ours = loadOurs();
  const flow = ours.lookupType('flow.Flow');
  flow.remove(flow.fields.trace_reason);
  ours.lookupType('flow.Kafka').fields.topic.id = 99;
  ours.lookupType('flow.FileInfo').fields.line.type = 'uint64';
  const reason = ours.lookupEnum('flow.DropReason');
  reason.remove('DROP_PUNT_PROXY');
  const differences = compareProtos(loadReference(), ours);
  assert.deepEqual(differences, [
    'flow.Flow: field trace_reason (36) missing',
    'flow.FileInfo.line: type uint32 in the reference, uint64 in ours',
    'flow.DropReason: value DROP_PUNT_PROXY = 205 missing',
    'flow.Kafka.topic: number 5 in the reference, 99 in ours',
  ]);
});
