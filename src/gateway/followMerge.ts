import { compareFlowTimes } from './flowTime';
import { HubbleFlow } from './types';

/** Identity of a flow for de-duplication: its uuid, else its whole JSON (flows without uuid are older captures). */
function flowKey(flow: HubbleFlow): string {
  return flow.uuid ?? JSON.stringify(flow);
}

/** The newest flow time of a newest-first list (the first one), or undefined when empty. */
export function newestTime(flows: HubbleFlow[]): string | undefined {
  return flows[0]?.time;
}

/**
 * Follow mode: puts the flows of a poll (`since` = the newest time shown, so the gateway repeats the
 * flows at that instant) in front of those shown, drops repeats, keeps newest first and at most
 * `maxRows` flows. Both lists are newest first.
 */
export function mergeNewest(shown: HubbleFlow[], polled: HubbleFlow[], maxRows: number): HubbleFlow[] {
  const seen = new Set(shown.map(flowKey));
  const fresh = polled.filter((f) => !seen.has(flowKey(f)));
  if (!fresh.length) {
    return shown.length > maxRows ? shown.slice(0, maxRows) : shown;
  }
  const merged = [...fresh, ...shown];
  // a poll answer is newest first, and every fresh flow is at or after the newest shown one;
  // sort stably anyway so a late flow with an older time cannot sit on top
  merged.sort((a, b) => compareFlowTimes(b.time, a.time));
  return merged.slice(0, maxRows);
}
