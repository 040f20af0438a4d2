/**
 * The reference for the fast wire scan (src/flowScan.ts): the same index built from a full
 * protobufjs decode of the flow, reading the decoded object field by field.
 */
import type * as protobuf from 'protobufjs';
import { endpointSummary, type FlowRecord, type L4Name, type L7Name } from '../src/flowRecord';

type Msg = Record<string, any>; // a protobufjs-decoded message

function toNumber(v: unknown): number {
  if (typeof v === 'number') {
    return v;
  }
  if (v && typeof (v as { toNumber?: unknown }).toNumber === 'function') {
    return (v as { toNumber(): number }).toNumber();
  }
  return Number(v ?? 0);
}

const L4: L4Name[] = ['TCP', 'UDP', 'SCTP', 'ICMPv4', 'ICMPv6', 'VRRP', 'IGMP'];

/** Index fields plus uuid of the encoded flow.Flow `bytes`, by full decode. Throws on invalid bytes. */
export function referenceRecord(Flow: protobuf.Type, bytes: Uint8Array): FlowRecord & { uuid: string } {
  const flow = Flow.decode(bytes) as Msg;
  const t = flow.time;
  const l4m: Msg | null = flow.l4;
  const l4 = L4.find((k) => l4m?.[k]) ?? '';
  const ports: Msg | null = l4 === 'TCP' || l4 === 'UDP' || l4 === 'SCTP' ? l4m![l4] : null;
  const l7m: Msg | null = flow.l7;
  const l7: L7Name = l7m?.http ? 'http' : l7m?.dns ? 'dns' : l7m?.kafka ? 'kafka' : '';
  const time = { sec: toNumber(t.seconds), nanos: t.nanos ?? 0 };
  return {
    time,
    timeMs: time.sec * 1000 + time.nanos / 1e6,
    uuid: flow.uuid ?? '',
    verdict: flow.verdict ?? 0,
    src: endpointSummary(flow.source, (flow.source_names ?? []).slice(0, 1)),
    dst: endpointSummary(flow.destination, (flow.destination_names ?? []).slice(0, 1)),
    l4,
    sport: ports?.source_port ?? 0,
    dport: ports?.destination_port ?? 0,
    l7,
    l7type: l7m?.type ?? 0,
    httpCode: l7m?.http?.code ?? 0,
    latencyNs: l7m ? toNumber(l7m.latency_ns) : 0,
    dnsQuery: l7m?.dns?.query ?? '',
    direction: flow.traffic_direction ?? 0,
    isReply: flow.is_reply ? (flow.is_reply.value ? 1 : 0) : -1,
    eventType: flow.event_type?.type ?? 0,
  };
}
