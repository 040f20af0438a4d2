/**
 * Context labels of Hubble metrics, computed as pkg/hubble/metrics/api/context.go does:
 * `labelsContext` adds one label per listed name (in a fixed order), `sourceContext` /
 * `destinationContext` add `source` / `destination` with the first non-empty of the listed
 * identifiers. httpV2 uses the "inverted" variant (response flows: source and destination swapped).
 */
import { FlowJson } from '../flows/types';

type Ep = {
  identity?: number;
  namespace?: string;
  labels?: string[];
  pod_name?: string;
  workloads?: Array<{ name: string; kind: string }>;
};

/** labelsContext names in the order Hubble emits them. */
const LABELS_ORDER = [
  'source_ip',
  'source_pod',
  'source_namespace',
  'source_workload',
  'source_workload_kind',
  'source_app',
  'destination_ip',
  'destination_pod',
  'destination_namespace',
  'destination_workload',
  'destination_workload_kind',
  'destination_app',
  'traffic_direction',
];

const APP_LABELS = ['k8s:app.kubernetes.io/name', 'k8s:k8s-app', 'k8s:app'];

/** The pod's app: first identity label (in label order) that is one of APP_LABELS. */
export function appOf(labels: string[] | undefined): string {
  for (const l of labels ?? []) {
    for (const a of APP_LABELS) {
      if (l.startsWith(`${a}=`) && l.length > a.length + 1) {
        return l.slice(a.length + 1);
      }
    }
  }
  return '';
}

/** reserved:kube-apiserver if present, else the first `reserved:` label. */
export function reservedIdentityOf(labels: string[] | undefined): string {
  const ls = labels ?? [];
  if (ls.includes('reserved:kube-apiserver')) {
    return 'reserved:kube-apiserver';
  }
  return ls.find((l) => l.startsWith('reserved:')) ?? '';
}

const SHORT_POD = /^(.+?)(-[a-z0-9]+){1,2}$/;

function identifierValue(id: string, flow: FlowJson, source: boolean): string {
  const ep = (source ? flow.source : flow.destination) as Ep | undefined;
  const ip = flow.IP as { source?: string; destination?: string } | undefined;
  switch (id) {
    case 'namespace':
      return ep?.namespace ?? '';
    case 'identity':
      return (ep?.labels ?? []).join(',');
    case 'pod':
      return ep?.namespace ? `${ep.namespace}/${ep.pod_name ?? ''}` : (ep?.pod_name ?? '');
    case 'pod-short': {
      const short = (ep?.pod_name ?? '').replace(SHORT_POD, '$1');
      return ep?.namespace ? `${ep.namespace}/${short}` : short;
    }
    case 'pod-name':
      return ep?.pod_name ?? '';
    case 'dns':
      return ((source ? flow.source_names : flow.destination_names) as string[] | undefined)?.join(',') ?? '';
    case 'ip':
      return (source ? ip?.source : ip?.destination) ?? '';
    case 'reserved-identity':
      return reservedIdentityOf(ep?.labels);
    case 'workload-name':
      return ep?.workloads?.[0]?.name ?? '';
    case 'workload':
      return ep?.workloads?.[0] ? `${ep.namespace ?? ''}/${ep.workloads[0].name}` : '';
    case 'app':
      return appOf(ep?.labels);
  }
  return '';
}

/** Parsed context options of one metric. */
export class ContextOptions {
  readonly labels: string[];
  readonly source: string[];
  readonly destination: string[];
  constructor(options: Record<string, string>) {
    const wanted = new Set((options.labelsContext ?? '').split(',').filter(Boolean));
    for (const w of wanted) {
      if (!LABELS_ORDER.includes(w)) {
        throw new Error(`invalid labelsContext value: ${w}`);
      }
    }
    this.labels = LABELS_ORDER.filter((l) => wanted.has(l));
    this.source = (options.sourceContext ?? '').split('|').filter(Boolean);
    this.destination = (options.destinationContext ?? '').split('|').filter(Boolean);
  }

  /** Label names this context adds, in Hubble's order. */
  labelNames(): string[] {
    return [
      ...this.labels,
      ...(this.source.length ? ['source'] : []),
      ...(this.destination.length ? ['destination'] : []),
    ];
  }

  /** Label values for a flow; `invert` swaps source and destination (httpV2 response flows). */
  labelValues(flow: FlowJson, invert = false): string[] {
    const out: string[] = [];
    const src = (invert ? flow.destination : flow.source) as Ep | undefined;
    const dst = (invert ? flow.source : flow.destination) as Ep | undefined;
    const ip = (flow.IP ?? {}) as { source?: string; destination?: string };
    const srcIp = (invert ? ip.destination : ip.source) ?? '';
    const dstIp = (invert ? ip.source : ip.destination) ?? '';
    for (const l of this.labels) {
      switch (l) {
        case 'source_ip':
          out.push(srcIp);
          break;
        case 'source_pod':
          out.push(src?.pod_name ?? '');
          break;
        case 'source_namespace':
          out.push(src?.namespace ?? '');
          break;
        case 'source_workload':
          out.push(src?.workloads?.[0]?.name ?? '');
          break;
        case 'source_workload_kind':
          out.push(src?.workloads?.[0]?.kind ?? '');
          break;
        case 'source_app':
          out.push(appOf(src?.labels));
          break;
        case 'destination_ip':
          out.push(dstIp);
          break;
        case 'destination_pod':
          out.push(dst?.pod_name ?? '');
          break;
        case 'destination_namespace':
          out.push(dst?.namespace ?? '');
          break;
        case 'destination_workload':
          out.push(dst?.workloads?.[0]?.name ?? '');
          break;
        case 'destination_workload_kind':
          out.push(dst?.workloads?.[0]?.kind ?? '');
          break;
        case 'destination_app':
          out.push(appOf(dst?.labels));
          break;
        case 'traffic_direction': {
          const d = flow.traffic_direction as string | undefined;
          out.push(!d || d === 'TRAFFIC_DIRECTION_UNKNOWN' ? 'unknown' : d.toLowerCase());
          break;
        }
      }
    }
    const first = (ids: string[], source: boolean) => {
      for (const id of ids) {
        const v = identifierValue(id, flow, source);
        if (v) {
          return v;
        }
      }
      return '';
    };
    let s = first(this.source, true);
    let d = first(this.destination, false);
    if (invert) {
      [s, d] = [d, s];
    }
    if (this.source.length) {
      out.push(s);
    }
    if (this.destination.length) {
      out.push(d);
    }
    return out;
  }
}
