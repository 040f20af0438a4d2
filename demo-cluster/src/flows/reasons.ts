/**
 * Drop reasons: the flow.DropReason enum name Hubble prints in `drop_reason_desc` (and uses as
 * the `reason` label of hubble_drop_total) and the text the agent uses as the `reason` label of
 * cilium_drop_count_total (pkg/monitor/api drop reason table). Codes from api/v1/flow/flow.proto.
 */
export const DROP_REASONS: Record<number, { name: string; text: string }> = {
  132: { name: 'INVALID_SOURCE_IP', text: 'Invalid source ip' },
  133: { name: 'POLICY_DENIED', text: 'Policy denied' },
  151: { name: 'STALE_OR_UNROUTABLE_IP', text: 'Stale or unroutable IP' },
  155: { name: 'CT_MAP_INSERTION_FAILED', text: 'CT: Map insertion failed' },
  167: { name: 'NO_MAPPING_FOR_NAT_MASQUERADE', text: 'No mapping for NAT masquerade' },
  181: { name: 'POLICY_DENY', text: 'Policy denied by denylist' },
};

/** Drop reason text for an enum name (cilium_drop_count_total{reason}); the name itself if unknown. */
export function dropReasonText(name: string): string {
  for (const r of Object.values(DROP_REASONS)) {
    if (r.name === name) {
      return r.text;
    }
  }
  return name;
}

/**
 * Trace observation points: flow.TraceObservationPoint name -> monitor trace sub-type (the
 * `event_type.sub_type` of trace events, pkg/monitor/api TraceToLxc..TraceToNetwork).
 */
export const TRACE_SUBTYPES: Record<string, number> = {
  TO_ENDPOINT: 0,
  TO_PROXY: 1,
  TO_HOST: 2,
  TO_STACK: 3,
  TO_OVERLAY: 4,
  FROM_ENDPOINT: 5,
  FROM_PROXY: 6,
  FROM_HOST: 7,
  FROM_STACK: 8,
  FROM_OVERLAY: 9,
  FROM_NETWORK: 10,
  TO_NETWORK: 11,
};

/** Monitor message types (pkg/monitor/api): event_type.type of flows. */
export const MESSAGE_TYPE = { DROP: 1, DEBUG: 2, CAPTURE: 3, TRACE: 4, POLICY_VERDICT: 5, ACCESS_LOG: 129 } as const;
