/**
 * The contract every part of the demo cluster shares: one stream of Hubble flows.
 *
 * The Hubble metrics, the demo Hubble Relay, the logs and the traces are all derived from this one
 * stream, so that they agree with each other (a DROPPED flow in the flows table is also a
 * `hubble_drop_total` increment, an HTTP flow's `trace_context` is also a trace in Tempo).
 */

/**
 * A Hubble flow in the JSON shape `hubble observe -o json` prints for its `flow` field: protobuf
 * field names (`source_names`, `l4.TCP.destination_port`, `drop_reason_desc`, ...), enums as their
 * names (`"FORWARDED"`, `"POLICY_DENIED"`), `time` as an RFC 3339 string with nanoseconds.
 * Source: api/v1/flow/flow.proto of Cilium 1.19 (see ../shared/reference/hubble-wire-format.md).
 */
export type FlowJson = {
  time: string;
  uuid?: string;
  verdict: string;
  node_name: string;
  [field: string]: unknown;
};

/** Receives each flow once, in time order, as the simulation produces it. */
export type FlowListener = (flow: FlowJson) => void;

/**
 * The stream of flows of the simulated cluster.
 * - `subscribe` calls the listener for every flow produced from now on; returns the unsubscribe.
 * - `recent` returns up to `max` buffered flows, oldest first (for Relay `GetFlows` without follow).
 */
export interface FlowHub {
  subscribe(listener: FlowListener): () => void;
  recent(max: number): FlowJson[];
}
