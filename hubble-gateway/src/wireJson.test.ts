import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import * as protobuf from 'protobufjs';
import { hubbleTypes } from './proto';
import { printMessage } from './wireJson';
import { wireMessage } from './wireSchema';
import { capturesMissing, FIXTURES } from '../test/helpers';
import { encodeFromJson, messageToJson } from '../test/protojson';

const types = hubbleTypes();
const print = (type: protobuf.Type, bytes: Uint8Array) =>
  printMessage(wireMessage(type), Buffer.from(bytes), types.resolve);

test('every fixture flow survives JSON -> protobuf bytes -> JSON byte for byte', { skip: capturesMissing() }, () => {
  const { GetFlowsResponse } = types;
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 7, `fixtures found in ${FIXTURES}`);
  let lines = 0;
  for (const file of files) {
    for (const line of fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')) {
      if (!line.trim()) {
        continue;
      }
      // Key order matters too: jq users see the same text as `hubble observe -o json`.
      assert.equal(
        print(GetFlowsResponse, encodeFromJson(GetFlowsResponse, JSON.parse(line))),
        line,
        `${file} line ${lines}`
      );
      lines++;
    }
  }
  assert.equal(lines, 1116);
});

/** fast-check arbitrary of protobufjs objects of `type` (at most one member per oneof). */
function objectOf(type: protobuf.Type, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const root = type.root as protobuf.Root;
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  const valueOf = (f: protobuf.Field): fc.Arbitrary<unknown> => {
    const rt = f.resolvedType;
    if (rt instanceof protobuf.Enum) {
      return fc.oneof(fc.constantFrom(...Object.values(rt.values)), fc.integer({ min: -3, max: 100_000 }));
    }
    if (rt instanceof protobuf.Type) {
      if (rt.fullName === '.google.protobuf.Timestamp') {
        return fc.record({
          seconds: fc.integer({ min: -62135596800, max: 253402300799 }),
          nanos: fc.integer({ min: 0, max: 999_999_999 }),
        });
      }
      if (rt.fullName === '.google.protobuf.Any') {
        const Emitter = root.lookupType('flow.Emitter');
        return fc.oneof(
          fc.record({ type_url: fc.constant('type.googleapis.com/vendor.Unknown'), value: fc.uint8Array() }),
          fc
            .record({ name: fc.string(), version: fc.string() })
            .map((e) => ({ type_url: 'type.googleapis.com/flow.Emitter', value: Emitter.encode(e).finish() }))
        );
      }
      return depth > 6 ? fc.constant({}) : objectOf(rt, depth + 1);
    }
    switch (f.type) {
      case 'string':
        return fc.string({ unit: 'binary', maxLength: 12 });
      case 'bool':
        return fc.boolean();
      case 'bytes':
        return fc.uint8Array({ maxLength: 8 });
      case 'int32':
      case 'sint32':
      case 'sfixed32':
        return fc.integer();
      case 'uint32':
      case 'fixed32':
        return fc.nat({ max: 0xffffffff });
      case 'double':
      case 'float':
        return fc.integer({ min: -1000, max: 1000 });
      case 'int64':
      case 'sint64':
      case 'sfixed64':
        return fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(String);
      default:
        return fc.bigInt(0n, 2n ** 64n - 1n).map(String);
    }
  };
  const oneofs = new Map<string, protobuf.Field[]>();
  for (const f of type.fieldsArray) {
    if (f.partOf) {
      oneofs.set(f.partOf.name, [...(oneofs.get(f.partOf.name) ?? []), f]);
      continue;
    }
    parts[f.name] = f.repeated ? fc.array(valueOf(f), { maxLength: 3 }) : valueOf(f);
  }
  const plain = fc.record(parts, { requiredKeys: [] });
  if (oneofs.size === 0) {
    return plain;
  }
  const members = [...oneofs.values()].map((fields) =>
    fc.option(fc.oneof(...fields.map((f) => valueOf(f).map((v) => ({ [f.name]: v })))), { nil: {} })
  );
  return fc.tuple(plain, ...members).map(([p, ...ms]) => Object.assign({}, p, ...ms));
}

test('random flows of every field print exactly as a full decode does (property)', () => {
  const { Flow } = types;
  fc.assert(
    fc.property(objectOf(Flow), (obj) => {
      const bytes = Flow.encode(Flow.fromObject(obj)).finish();
      const want = JSON.stringify(messageToJson(Flow, Flow.decode(bytes) as never));
      assert.equal(print(Flow, bytes), want);
    }),
    { numRuns: 300 }
  );
});

test('unknown fields print under "@unknown_fields" in their own message, with raw values, and round-trip', () => {
  const { Flow } = types;
  const json = {
    time: '2024-05-01T10:00:00Z',
    verdict: 'FORWARDED',
    l7: {
      type: 'REQUEST',
      http: {
        code: 200,
        '@unknown_fields': [{ number: 77, wire_type: 2, value: Buffer.from('hi').toString('base64') }],
      },
      '@unknown_fields': [{ number: 103, wire_type: 2, value: Buffer.from([8, 1]).toString('base64') }],
    },
    '@unknown_fields': [
      { number: 42, wire_type: 0, value: '18446744073709551615' },
      { number: 43, wire_type: 1, value: '1234605616436508552' },
      { number: 44, wire_type: 5, value: 4294967295 },
    ],
  };
  const text = print(Flow, encodeFromJson(Flow, json));
  assert.equal(text, JSON.stringify(json));
  // A declared field with another wire type is unknown too: verdict (2) as a string.
  const bytes = Buffer.concat([
    Buffer.from(encodeFromJson(Flow, { time: '2024-05-01T10:00:00Z' })),
    Buffer.from([0x12, 1, 0x41]),
  ]);
  assert.deepEqual(JSON.parse(print(Flow, bytes))['@unknown_fields'], [{ number: 2, wire_type: 2, value: 'QQ==' }]);
});

test('Any: a type of our protos as protojson, another as "@value"; defaults, 64-bit and unknown enums as protojson', () => {
  const { Flow } = types;
  const json = {
    time: '2023-11-14T22:13:20.000005Z',
    l7: { type: 'RESPONSE', latency_ns: '12345678901234' },
    drop_reason_desc: 999,
    is_reply: false,
    extensions: { '@type': 'type.googleapis.com/flow.Emitter', name: 'Hubble', version: '1.19.4' },
  };
  assert.equal(print(Flow, encodeFromJson(Flow, json)), JSON.stringify(json));
  const other = {
    time: '2023-11-14T22:13:20Z',
    extensions: { '@type': 'type.googleapis.com/vendor.X', '@value': 'CgM=' },
  };
  assert.equal(print(Flow, encodeFromJson(Flow, other)), JSON.stringify(other));
  const zeros = Flow.encode(Flow.fromObject({ verdict: 0, node_name: '', time: { seconds: 0, nanos: 0 } })).finish();
  assert.equal(print(Flow, zeros), '{"time":"1970-01-01T00:00:00Z"}');
});

test('wire details: unpacked repeated numbers, a message given twice is merged, the last oneof member wins', () => {
  const { Flow, FlowFilter } = types;
  // FlowFilter.source_identity (19, repeated uint32): one packed run and two unpacked values.
  const filter = Buffer.from([0x9a, 0x01, 0x02, 0x05, 0x06, 0x98, 0x01, 0x07, 0x98, 0x01, 0x08]);
  assert.equal(print(FlowFilter, filter), '{"source_identity":[5,6,7,8]}');
  // source (8) twice: namespace from the first, pod_name from the second.
  const a = Buffer.from(encodeFromJson(Flow, { source: { namespace: 'a', ID: 1 } }));
  const b = Buffer.from(encodeFromJson(Flow, { source: { pod_name: 'p', ID: 2 } }));
  assert.equal(print(Flow, Buffer.concat([a, b])), '{"source":{"ID":2,"namespace":"a","pod_name":"p"}}');
  // l4 with TCP then UDP: UDP wins.
  const tcp = Buffer.from(encodeFromJson(Flow, { l4: { TCP: { source_port: 1 } } }));
  const udp = Buffer.from(encodeFromJson(Flow, { l4: { UDP: { source_port: 2 } } }));
  assert.equal(print(Flow, Buffer.concat([tcp, udp])), '{"l4":{"UDP":{"source_port":2}}}');
});
