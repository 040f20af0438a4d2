import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hubbleTypes } from './proto';
import { encodeFromJson, messageToJson } from './protojson';
import { FIXTURES, capturesMissing } from '../test/helpers';

const skip = capturesMissing(); // for the tests that read the real captures

test('every fixture flow survives JSON -> protobuf bytes -> JSON byte for byte', { skip }, () => {
  const { GetFlowsResponse } = hubbleTypes();
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 7, `fixtures found in ${FIXTURES}`);
  let lines = 0;
  for (const file of files) {
    for (const line of fs.readFileSync(path.join(FIXTURES, file), 'utf8').split('\n')) {
      if (!line.trim()) {
        continue;
      }
      const json = JSON.parse(line);
      const bytes = encodeFromJson(GetFlowsResponse, json);
      const back = messageToJson(GetFlowsResponse, GetFlowsResponse.decode(bytes) as never);
      // Key order matters too: jq users see the same text as `hubble observe -o json`.
      assert.equal(JSON.stringify(back), JSON.stringify(json), `${file} line ${lines}`);
      lines++;
    }
  }
  assert.equal(lines, 1116);
});

test('defaults are omitted, 64-bit values are strings, unknown enum numbers stay numbers', () => {
  const { Flow } = hubbleTypes();
  const msg = Flow.decode(
    Flow.encode(
      Flow.fromObject({
        verdict: 0,
        node_name: '',
        l7: { latency_ns: '12345678901234', type: 2 },
        drop_reason_desc: 999,
        is_reply: { value: false },
        time: { seconds: 1700000000, nanos: 5000 },
      })
    ).finish()
  );
  assert.deepEqual(messageToJson(Flow, msg as never), {
    time: '2023-11-14T22:13:20.000005Z',
    l7: { type: 'RESPONSE', latency_ns: '12345678901234' },
    drop_reason_desc: 999,
    is_reply: false,
  });
});
