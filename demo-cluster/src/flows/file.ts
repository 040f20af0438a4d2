/**
 * Reads files of `hubble observe -o json` output: one JSON object per line, each with a `flow`
 * field (plus `node_name` and `time`), or `node_status` / `lost_events` events, which are not
 * flows. A bare flow object per line is accepted too. Malformed lines are skipped, each with a
 * warning naming the file and line number, and counted.
 */
import { readFileSync } from 'node:fs';
import { parseFlowTime } from '../time';
import { FlowJson } from './types';

/** A skipped line of a flows file: 1-based line number and why. */
export type SkippedLine = { line: number; reason: string };

/** Result of {@link loadFlowsFile}: flows in file order, skipped lines, non-flow events. */
export type LoadedFlows = { path: string; flows: FlowJson[]; skipped: SkippedLine[]; nonFlowEvents: number };

/** Validates one parsed line; returns the flow or a reason. */
export function flowFromLine(obj: unknown): FlowJson | 'non-flow' | string {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return 'not a JSON object';
  }
  const o = obj as Record<string, unknown>;
  if (!('flow' in o) && ('node_status' in o || 'lost_events' in o)) {
    return 'non-flow';
  }
  const inner = ('flow' in o ? o.flow : o) as Record<string, unknown> | undefined;
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) {
    return 'no "flow" object';
  }
  if (typeof inner.time !== 'string' || !parseFlowTime(inner.time)) {
    return 'missing or invalid "time"';
  }
  if (typeof inner.verdict !== 'string') {
    return 'missing "verdict"';
  }
  const node =
    typeof inner.node_name === 'string' ? inner.node_name : typeof o.node_name === 'string' ? o.node_name : undefined;
  if (!node) {
    return 'missing "node_name"';
  }
  return { ...(inner as FlowJson), node_name: node };
}

/**
 * Loads a flows file. `warn` receives one message per skipped line (default console.warn) and a
 * summary line when any were skipped.
 */
export function loadFlowsFile(path: string, warn: (msg: string) => void = console.warn): LoadedFlows {
  const text = readFileSync(path, 'utf8');
  const out: LoadedFlows = { path, flows: [], skipped: [], nonFlowEvents: 0 };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) {
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      out.skipped.push({ line: i + 1, reason: `invalid JSON (${(e as Error).message})` });
      warn(`${path}:${i + 1}: skipped malformed line: invalid JSON (${(e as Error).message})`);
      return;
    }
    const r = flowFromLine(parsed);
    if (r === 'non-flow') {
      out.nonFlowEvents++;
    } else if (typeof r === 'string') {
      out.skipped.push({ line: i + 1, reason: r });
      warn(`${path}:${i + 1}: skipped malformed line: ${r}`);
    } else {
      out.flows.push(r);
    }
  });
  if (out.skipped.length > 0) {
    warn(`${path}: skipped ${out.skipped.length} malformed line(s), loaded ${out.flows.length} flow(s)`);
  }
  return out;
}
