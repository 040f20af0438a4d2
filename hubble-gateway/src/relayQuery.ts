/**
 * One-shot `GetFlows` (no follow) for ranges older than the ring buffer: asks Relay for the flows in
 * [since, until] with the query's filters translated to Relay FlowFilters, and filters them again
 * exactly. At most `maxFlows` flows are read (Relay's `number`, newest ones), under a deadline.
 */
import { type FlowQuery, matches, toRelayWhitelist } from './filters';
import type { FlowRecord } from './flowRecord';
import { ByteArena } from './arena';
import { locateResponse, scanFlow } from './flowScan';
import { hubbleTypes } from './proto';
import { relayError, RelayClient } from './relayClient';
import { compareTime, type Time } from './time';

const ts = (t: Time) => ({ seconds: t.sec, nanos: t.nanos });

/**
 * Flows of `q` from Relay, newest first, at most `q.limit` (after exact filtering of up to
 * `maxFlows` read). Rejects RelayError when Relay fails or the deadline passes; undecodable
 * messages are skipped and counted in `skipped`.
 */
export function queryRelay(
  relay: RelayClient,
  q: FlowQuery,
  maxFlows: number,
  onSkipped: () => void = () => {}
): Promise<FlowRecord[]> {
  const Endpoint = hubbleTypes().root.lookupType('flow.Endpoint');
  const arena = new ByteArena(256 * 1024);
  const request: Record<string, unknown> = { number: maxFlows, follow: false, whitelist: toRelayWhitelist(q) };
  if (q.since) {
    request.since = ts(q.since);
  }
  if (q.until) {
    request.until = ts(q.until);
  }
  return new Promise((resolve, reject) => {
    const out: FlowRecord[] = [];
    let read = 0;
    const call = relay.openGetFlows(request, new Date(Date.now() + relay.cfg.relayTimeoutMs));
    const finish = () => resolve(out.sort((a, b) => compareTime(b.time, a.time)).slice(0, q.limit));
    call.on('data', (buf: Buffer) => {
      try {
        const parts = locateResponse(buf);
        if (parts.flowStart < 0) {
          return;
        }
        read++;
        const r = scanFlow(Endpoint, buf, arena, parts.flowStart, parts.flowEnd);
        if (matches(r, q)) {
          out.push(r);
        }
      } catch {
        onSkipped();
      }
      if (read >= maxFlows) {
        call.cancel();
        finish();
      }
    });
    call.on('error', (err) => {
      if (read >= maxFlows) {
        return;
      } // our own cancel
      reject(relayError(relay.cfg.relayAddress, err));
    });
    call.on('end', finish);
  });
}
