import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DROP_REASONS, dropReasonInfo, dropReasonName } from './dropReasons';
import { CILIUM_REFERENCE_DIR, referenceMissing } from '../../test/cnpSchema';

/** name -> number of `enum DropReason` in a .proto text. */
function dropReasonEnum(protoText: string): Map<string, number> {
  const body = /enum DropReason \{([\s\S]*?)\n\}/.exec(protoText)?.[1];
  assert.ok(body, 'no enum DropReason');
  const out = new Map<string, number>();
  for (const m of body.matchAll(/^\s*([A-Z0-9_]+)\s*=\s*(\d+)/gm)) {
    out.set(m[1], Number(m[2]));
  }
  return out;
}

/** Enum values the catalogue lacks or numbers it has wrong. */
function gaps(enumValues: Map<string, number>): string[] {
  return [...enumValues]
    .filter(([name, code]) => DROP_REASONS[name]?.code !== code)
    .map(([name, code]) => `${name} = ${code}`);
}

// the checks against Cilium 1.19's own enum need that reference file
const skip = referenceMissing();
const reference = skip
  ? new Map<string, number>()
  : dropReasonEnum(fs.readFileSync(path.join(CILIUM_REFERENCE_DIR, 'flow.proto'), 'utf8'));
const ours = dropReasonEnum(fs.readFileSync(path.resolve(__dirname, '../../../proto/flow.proto'), 'utf8'));

describe('drop reason catalogue', () => {
  test("covers every reason of Cilium 1.19's DropReason enum, with the same numbers", { skip }, () => {
    assert.ok(reference.size > 70, `parsed ${reference.size} reasons`);
    assert.deepEqual(gaps(reference), []);
  });

  test("covers every reason of the gateway's own proto (what it decodes)", () => {
    assert.deepEqual(gaps(ours), []);
  });

  test('the check fails for a reason the catalogue lacks', { skip }, () => {
    const grown = new Map(reference).set('DROP_SOMETHING_NEW', 206);
    assert.deepEqual(gaps(grown), ['DROP_SOMETHING_NEW = 206']);
  });

  test('has no reason that the enum lacks', { skip }, () => {
    assert.deepEqual(
      Object.keys(DROP_REASONS).filter((n) => !reference.has(n)),
      []
    );
  });

  test('every entry explains, says what to change and names its source', () => {
    for (const [name, r] of Object.entries(DROP_REASONS)) {
      assert.ok(r.explanation.length > 20 && r.fix.length > 10 && r.text, name);
      assert.match(r.source, new RegExp(`DropReason ${name} = ${r.code};`), name);
    }
  });

  test('gives the exact Helm values and agent flags where they exist', () => {
    const ct = DROP_REASONS.CT_MAP_INSERTION_FAILED.fix;
    for (const s of [
      'bpf.ctTcpMax',
      'bpf.ctAnyMax',
      '--bpf-ct-global-tcp-max',
      '--bpf-ct-global-any-max',
      'bpf.mapDynamicSizeRatio',
      '--bpf-map-dynamic-size-ratio',
    ]) {
      assert.ok(ct.includes(s), s);
    }
    assert.ok(DROP_REASONS.NO_MAPPING_FOR_NAT_MASQUERADE.fix.includes('bpf.natMax'));
    assert.ok(DROP_REASONS.POLICY_DENIED.fix.includes('policyAuditMode=true'));
    assert.equal(DROP_REASONS.CT_MAP_INSERTION_FAILED.text, 'CT: Map insertion failed');
    assert.equal(DROP_REASONS.POLICY_DENY.text, 'Policy denied by denylist');
  });

  test('looks reasons up by name or by number', () => {
    assert.equal(dropReasonInfo('POLICY_DENIED')?.code, 133);
    assert.equal(dropReasonInfo(155)?.text, 'CT: Map insertion failed');
    assert.equal(dropReasonInfo(250), undefined);
    assert.equal(dropReasonName(181), 'POLICY_DENY');
    assert.equal(dropReasonName(250), '250');
    assert.equal(dropReasonName(undefined), null);
  });
});
