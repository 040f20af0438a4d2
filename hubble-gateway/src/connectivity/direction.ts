/**
 * Where a verdict was taken: at the ingress of the endpoint receiving the connection, or at the
 * egress of the endpoint that opened it.
 *
 * Facts (Hubble's flow parser, pkg/hubble/parser/threefour): `traffic_direction` is the direction
 * of the connection seen from the endpoint local to the observing node, and it is not flipped for
 * replies: a reply arriving at the client of an outgoing connection is EGRESS. So the endpoint
 * whose policy decided is the destination of an INGRESS request and the source of an EGRESS one
 * (the other way round for replies, `is_reply`). Without a direction (older agents), the policy
 * lists (`ingress_*` / `egress_*`) decide, else the side that carries the local endpoint `ID`.
 */
import type { FlowJson, PolicyJson } from './flowJson';
import type { Side } from './subject';

/** Where a verdict was taken. */
export type Direction = 'ingress' | 'egress';

function nonEmpty(l: PolicyJson[] | undefined): boolean {
  return !!l && l.length > 0;
}

/** The direction of the flow's verdict, or null when the flow does not tell. */
export function verdictDirection(f: FlowJson): Direction | null {
  if (f.traffic_direction === 'INGRESS') {
    return 'ingress';
  }
  if (f.traffic_direction === 'EGRESS') {
    return 'egress';
  }
  if (nonEmpty(f.ingress_denied_by) || nonEmpty(f.ingress_allowed_by)) {
    return 'ingress';
  }
  if (nonEmpty(f.egress_denied_by) || nonEmpty(f.egress_allowed_by)) {
    return 'egress';
  }
  const srcLocal = f.source?.ID !== undefined;
  const dstLocal = f.destination?.ID !== undefined;
  if (srcLocal === dstLocal) {
    return null;
  }
  const packetIngress = dstLocal; // the packet enters the local endpoint
  return packetIngress !== !!f.is_reply ? 'ingress' : 'egress';
}

/** The side of the flow whose policy took the verdict in `direction` (see module doc). */
export function decidingSide(f: FlowJson, direction: Direction): Side {
  const towardsDestination = direction === 'ingress';
  return towardsDestination !== !!f.is_reply ? 'destination' : 'source';
}

/** The policies that denied the flow in `direction` (`ingress_denied_by` / `egress_denied_by`). */
export function deniedBy(f: FlowJson, direction: Direction): PolicyJson[] {
  return (direction === 'ingress' ? f.ingress_denied_by : f.egress_denied_by) ?? [];
}

/** The policies that allowed the flow in `direction` (`ingress_allowed_by` / `egress_allowed_by`). */
export function allowedBy(f: FlowJson, direction: Direction): PolicyJson[] {
  return (direction === 'ingress' ? f.ingress_allowed_by : f.egress_allowed_by) ?? [];
}
