/**
 * Cilium's reference protos for tests, and a comparison of two sets of protobuf definitions
 * (protobufjs roots): does `ours` declare everything of `reference`, identically? Used by the test
 * that holds ../proto to Cilium's own protos.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as protobuf from 'protobufjs';

/** Cilium 1.19's own protos (unmodified copies), beside the repository: `$CILIUM_REFERENCE_DIR` overrides. */
export const REFERENCE =
  process.env.CILIUM_REFERENCE_DIR ?? path.resolve(__dirname, '../../../shared/reference/cilium-1.19');

/** Why tests that need the reference protos are skipped, or false when they are there. */
export const noReference = fs.existsSync(path.join(REFERENCE, 'flow.proto'))
  ? false
  : `Cilium 1.19's reference protos (flow.proto, observer.proto, relay.proto) are not in ${REFERENCE}: set ` +
    `CILIUM_REFERENCE_DIR to a folder with them (README of the repository, "Test data")`;

/** Loads Cilium's observer.proto, whose imports are `flow/flow.proto` and `relay/relay.proto`. */
export function loadReference(): protobuf.Root {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/') ? target : path.join(REFERENCE, path.basename(target));
  root.loadSync('observer.proto', { keepCase: true });
  root.resolveAll();
  return root;
}

function typeOf(f: protobuf.Field): string {
  const t = f.resolvedType ? f.resolvedType.fullName.slice(1) : f.type;
  return f instanceof protobuf.MapField ? `map<${f.keyType}, ${t}>` : t;
}

function compareType(ref: protobuf.Type, ours: protobuf.Type, out: string[]): void {
  const name = ref.fullName.slice(1);
  let lastIndex = -1;
  for (const rf of ref.fieldsArray) {
    const of = ours.fields[rf.name];
    if (!of) {
      out.push(`${name}: field ${rf.name} (${rf.id}) missing`);
      continue;
    }
    const where = `${name}.${rf.name}`;
    if (of.id !== rf.id) {
      out.push(`${where}: number ${rf.id} in the reference, ${of.id} in ours`);
    }
    if (typeOf(of) !== typeOf(rf)) {
      out.push(`${where}: type ${typeOf(rf)} in the reference, ${typeOf(of)} in ours`);
    }
    if (of.repeated !== rf.repeated) {
      out.push(`${where}: ${rf.repeated ? 'repeated' : 'singular'} in the reference, not in ours`);
    }
    if ((of.partOf?.name ?? '') !== (rf.partOf?.name ?? '')) {
      out.push(`${where}: oneof "${rf.partOf?.name ?? ''}" in the reference, "${of.partOf?.name ?? ''}" in ours`);
    }
    const index = ours.fieldsArray.indexOf(of);
    if (index < lastIndex) {
      out.push(`${where}: declared earlier in ours than in the reference (protojson prints declaration order)`);
    }
    lastIndex = Math.max(lastIndex, index);
  }
}

function compareEnum(ref: protobuf.Enum, ours: protobuf.Enum, out: string[]): void {
  for (const [key, value] of Object.entries(ref.values)) {
    if (!(key in ours.values)) {
      out.push(`${ref.fullName.slice(1)}: value ${key} = ${value} missing`);
    } else if (ours.values[key] !== value) {
      out.push(`${ref.fullName.slice(1)}: value ${key} is ${value} in the reference, ${ours.values[key]} in ours`);
    }
  }
}

function compareService(ref: protobuf.Service, ours: protobuf.Service, out: string[]): void {
  for (const m of ref.methodsArray) {
    const o = ours.methods[m.name];
    const sig = (x: protobuf.Method) =>
      `${x.resolvedRequestType?.fullName}${x.requestStream ? ' stream' : ''} -> ${x.resolvedResponseType?.fullName}${
        x.responseStream ? ' stream' : ''
      }`;
    if (!o) {
      out.push(`${ref.fullName.slice(1)}: method ${m.name} missing`);
    } else if (sig(o) !== sig(m)) {
      out.push(`${ref.fullName.slice(1)}.${m.name}: ${sig(m)} in the reference, ${sig(o)} in ours`);
    }
  }
}

/**
 * Every difference that makes `ours` not a faithful superset of `reference`, as readable lines
 * (empty when none): missing messages, fields, enum values or methods; a field with another number,
 * type, label or oneof; reference fields declared in another order. Both roots must be resolved.
 */
export function compareProtos(reference: protobuf.Root, ours: protobuf.Root): string[] {
  const out: string[] = [];
  const visit = (ns: protobuf.NamespaceBase) => {
    for (const item of ns.nestedArray) {
      if (item.fullName.startsWith('.google.')) {
        continue;
      }
      const counterpart = ours.lookup(item.fullName);
      const kind = item.constructor.name;
      if (!counterpart || counterpart.constructor !== item.constructor) {
        out.push(`${item.fullName.slice(1)}: ${kind} missing`);
        continue;
      }
      if (item instanceof protobuf.Type) {
        compareType(item, counterpart as protobuf.Type, out);
      } else if (item instanceof protobuf.Enum) {
        compareEnum(item, counterpart as protobuf.Enum, out);
      } else if (item instanceof protobuf.Service) {
        compareService(item, counterpart as protobuf.Service, out);
      }
      if (item instanceof protobuf.Namespace) {
        visit(item);
      }
    }
  };
  visit(reference);
  return out;
}
