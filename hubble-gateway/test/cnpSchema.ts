/**
 * Test helper: validates CiliumNetworkPolicy YAML against Cilium's own CRD schema
 * (`openAPIV3Schema` of ciliumnetworkpolicies.yaml in the shared Cilium 1.19 reference, found via
 * CILIUM_REFERENCE_DIR, default ../shared/reference/cilium-1.19 beside the repository) with ajv,
 * and evaluates matchLabels selectors against Cilium endpoint labels.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments, parse } from 'yaml';

/** The shared Cilium 1.19 reference files (protos, CRD). */
export const CILIUM_REFERENCE_DIR =
  process.env.CILIUM_REFERENCE_DIR ?? path.resolve(__dirname, '../../../shared/reference/cilium-1.19');

/**
 * Why the Cilium reference files the tests check against (ciliumnetworkpolicies.yaml, flow.proto of
 * Cilium 1.19) cannot be read, with where they were looked for (one sentence), or undefined when
 * both are there. Tests that need them pass it as node:test's `skip` option.
 */
export function referenceMissing(): string | undefined {
  const missing = ['ciliumnetworkpolicies.yaml', 'flow.proto'].filter(
    (f) => !fs.existsSync(path.join(CILIUM_REFERENCE_DIR, f))
  );
  if (missing.length === 0) {
    return undefined;
  }
  return (
    `the Cilium 1.19 reference (${missing.join(', ')}) is not in ${CILIUM_REFERENCE_DIR}: ` +
    `set CILIUM_REFERENCE_DIR to a folder with Cilium 1.19's CiliumNetworkPolicy CRD and flow.proto (README, "Test data")`
  );
}

let validator: ValidateFunction | undefined;

function cidr(s: string): boolean {
  const [ip, bits, ...rest] = s.split('/');
  const family = net.isIP(ip);
  return rest.length === 0 && family > 0 && /^\d+$/.test(bits ?? '') && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The ajv validator of the CRD's v2 openAPIV3Schema (Kubernetes extensions and formats declared). */
export function crdValidator(): ValidateFunction {
  if (!validator) {
    const crd = parse(fs.readFileSync(path.join(CILIUM_REFERENCE_DIR, 'ciliumnetworkpolicies.yaml'), 'utf8'));
    const version = crd.spec.versions.find((v: { name: string }) => v.name === 'v2');
    // Kubernetes patterns are Go RE2: `\PC` (not category C) is `\P{C}` in JavaScript.
    const regExp = Object.assign(
      (pattern: string, flags: string) => new RegExp(pattern.replace(/\\([pP])([A-Z])/g, '\\$1{$2}'), flags),
      { code: 'RegExp' }
    );
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: true, code: { regExp } });
    ajv.addFormat('cidr', cidr);
    ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat('idn-hostname', /^[^\s/]+$/);
    ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
    validator = ajv.compile(version.schema.openAPIV3Schema);
  }
  return validator;
}

const DNS1123 = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Parses `yamlText` (one or more documents) and returns each policy object; throws with ajv's
 * errors when a document does not validate against the CRD schema or metadata is not a valid
 * namespaced object name.
 */
export function validateCnpYaml(yamlText: string): Array<Record<string, any>> {
  const docs = parseAllDocuments(yamlText).map((d) => {
    if (d.errors.length) {
      throw new Error(`YAML does not parse: ${d.errors[0].message}`);
    }
    return d.toJS() as Record<string, any>;
  });
  const validate = crdValidator();
  for (const doc of docs) {
    if (!validate(doc)) {
      throw new Error(`not a valid CiliumNetworkPolicy: ${JSON.stringify(validate.errors?.slice(0, 5))}\n${yamlText}`);
    }
    if (doc.apiVersion !== 'cilium.io/v2' || doc.kind !== 'CiliumNetworkPolicy') {
      throw new Error(`apiVersion/kind: ${doc.apiVersion} ${doc.kind}`);
    }
    if (!DNS1123.test(doc.metadata?.name ?? '') || !DNS1123.test(doc.metadata?.namespace ?? '')) {
      throw new Error(`metadata name/namespace: ${JSON.stringify(doc.metadata)}`);
    }
  }
  return docs;
}

/**
 * True when Cilium endpoint labels (`k8s:app=x`) satisfy `matchLabels`; a key without a source
 * prefix matches any source, as in Cilium.
 */
export function selectorMatches(matchLabels: Record<string, string>, labels: string[] | undefined): boolean {
  return Object.entries(matchLabels).every(([key, value]) => {
    const i = key.indexOf(':');
    const source = i >= 0 && !key.slice(0, i).includes('.') ? key.slice(0, i) : undefined;
    const k = source ? key.slice(i + 1) : key;
    return (labels ?? []).some((l) => {
      const j = l.indexOf(':');
      return (!source || l.slice(0, j) === source) && l.slice(j + 1) === `${k}=${value}`;
    });
  });
}
