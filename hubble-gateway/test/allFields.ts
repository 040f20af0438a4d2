/**
 * Test flows that set every field of flow.Flow as a given set of protos declares it (the tests use
 * Cilium's own reference protos), built by reflection: every field at every depth with a non-default
 * value, repeated fields with two elements, each member of each oneof in some flow. They come as
 * protojson in the key order `hubble observe -o json` prints (declaration order).
 */
import * as protobuf from 'protobufjs';

type Obj = Record<string, unknown>;

/** Which member of each oneof flow `variant` sets, and the value of each kind of field. */
function valueOf(field: protobuf.Field, variant: number, depth: number): unknown {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Enum) {
    const names = Object.keys(rt.values).filter((n) => rt.values[n] !== 0);
    return names[variant % names.length];
  }
  if (rt instanceof protobuf.Type) {
    switch (rt.fullName) {
      case '.google.protobuf.Timestamp':
        return `2024-05-01T10:00:00.${String(123456789 + variant).padStart(9, '0')}Z`;
      case '.google.protobuf.Any':
        return { '@type': 'type.googleapis.com/flow.FileInfo', name: 'bpf_lxc.c', line: 1234 + variant };
      default:
        if (rt.fullName.startsWith('.google.protobuf.') && rt.name.endsWith('Value')) {
          return valueOf(rt.fieldsArray[0], variant, depth);
        }
        return messageOf(rt, variant, depth + 1);
    }
  }
  switch (field.type) {
    case 'string':
      return `${field.name}-${variant}`;
    case 'bool':
      return true;
    case 'bytes':
      return 'AQID';
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return -(7 + variant);
    case 'uint32':
    case 'fixed32':
      return 4_000_000_000 + variant;
    case 'int64':
    case 'sint64':
    case 'sfixed64':
      return String(-9007199254740993n - BigInt(variant));
    case 'uint64':
    case 'fixed64':
      return String(18446744073709551615n - BigInt(variant));
    default:
      return 1.5 + variant;
  }
}

/** A message of `type` with every field set (one member per oneof, picked by `variant`). */
export function messageOf(type: protobuf.Type, variant: number, depth = 0): Obj {
  if (depth > 8) {
    throw new Error(`${type.fullName}: nested too deeply for a test flow`);
  }
  const out: Obj = {};
  for (const field of type.fieldsArray) {
    if (field.partOf) {
      const members = field.partOf.fieldsArray;
      if (members[variant % members.length] !== field) {
        continue;
      }
    }
    const one = () => valueOf(field, variant, depth);
    out[field.name] = field.repeated ? [one(), valueOf(field, variant + 1, depth)] : one();
  }
  return out;
}

/**
 * Flows of `Flow` (a resolved protobufjs type) that together set every field and every oneof
 * member; flow i has time 2024-05-01T10:00:0i.… so that they are in time order.
 */
export function everyFieldFlows(Flow: protobuf.Type): Obj[] {
  let variants = 1;
  const visit = (t: protobuf.Type, seen: Set<protobuf.Type>) => {
    if (seen.has(t)) {
      return;
    }
    seen.add(t);
    for (const o of t.oneofsArray) {
      variants = Math.max(variants, o.fieldsArray.length);
    }
    for (const f of t.fieldsArray) {
      if (f.resolvedType instanceof protobuf.Type) {
        visit(f.resolvedType, seen);
      }
    }
  };
  visit(Flow, new Set());
  return Array.from({ length: variants }, (_, i) => {
    const flow = messageOf(Flow, i);
    flow.time = `2024-05-01T10:00:0${i}.123456789Z`;
    return flow;
  });
}
