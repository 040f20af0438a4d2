/**
 * Follow mode or query mode, picked from the cluster's flow rate (README "Large clusters").
 *
 * - follow: one GetFlows follow stream takes every flow of the cluster into the buffer; requests
 *   are answered from it (and from Relay for ranges older than it).
 * - query: no follow stream; every flows, service-map and connectivity request becomes a filtered
 *   one-shot GetFlows (relayRead.ts). For clusters whose flow rate is more than one gateway follows.
 *
 * `--mode auto` samples Relay's ServerStatus every `--mode-interval` (flowRate.ts) and switches to
 * query mode after `--mode-samples` samples in a row above `--query-mode-rate`, back to follow mode
 * after as many below `--follow-mode-rate` (the gap between the two is the hysteresis). At start it
 * asks once before the follow stream opens, and a cluster already above the threshold (by Relay's
 * own last-minute `flows_rate`) starts in query mode. `--mode follow|query` fixes the mode; the rate
 * is still sampled and reported.
 */
import type { Config, Mode, ModeSetting } from './config';
import { RateMeter, rateSample, type Rate } from './flowRate';
import { formatTime, timeFromMs } from './time';

/** The mode as `/api/v1/status` reports it under `mode`. Rates in flows per second. */
export type ModeStatus = {
  current: Mode;
  setting: ModeSetting;
  /** When the current mode began (RFC 3339). */
  since: string;
  /** Why the gateway is in this mode, in a sentence. */
  reason: string;
  /** The cluster's flow rate as last measured, null before the first measurement. */
  flow_rate: number | null;
  /** `seen_flows` (the rise between two ServerStatus samples) or `flows_rate` (Relay's own). */
  flow_rate_source: Rate['source'] | null;
  measured_at: string | null;
  query_mode_rate: number;
  follow_mode_rate: number;
  /** Why the last sample failed, while Relay cannot be asked. */
  last_error?: string;
};

type ModeConfig = Pick<
  Config,
  'mode' | 'queryModeRate' | 'followModeRate' | 'modeIntervalMs' | 'modeSamples' | 'relayAddress'
>;
type Log = { info(o: object, m?: string): void; warn(o: object, m?: string): void };
type StatusSource = { serverStatus(): Promise<Record<string, unknown>> };

const perSecond = (n: number) => Math.round(n).toLocaleString('en-US');
const rfc = (ms: number) => formatTime(timeFromMs(ms));

export class ModeController {
  current: Mode;
  /** Told of every switch, after `current` changed. */
  onChange: (mode: Mode) => void = () => {};
  /** Told of every measured rate (flows/s). */
  onRate: (flowsPerSecond: number) => void = () => {};
  private readonly meter = new RateMeter();
  private rate?: Rate;
  private measuredAtMs?: number;
  private lastError = '';
  private above = 0;
  private below = 0;
  private sinceMs = Date.now();
  private reason: string;
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;
  private switched = false;

  constructor(
    private readonly relay: StatusSource,
    private readonly cfg: ModeConfig,
    private readonly log: Log
  ) {
    this.current = cfg.mode === 'query' ? 'query' : 'follow';
    this.reason =
      cfg.mode === 'auto'
        ? "follow mode until Hubble Relay's flow rate is measured"
        : `set by --mode ${cfg.mode} (env HUBBLE_GATEWAY_MODE)`;
  }

  /** The last measured flow rate (flows/s), undefined before the first measurement. */
  get flowRate(): number | undefined {
    return this.rate?.flowsPerSecond;
  }

  /**
   * Starts sampling. In auto mode the first sample is taken before this resolves (so the follow
   * stream is not opened on a cluster above the threshold); it never rejects.
   */
  async start(): Promise<void> {
    if (this.cfg.mode === 'auto') {
      await this.sample(true);
    }
    this.timer = setInterval(() => void this.sample(), this.cfg.modeIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Takes one sample and decides (auto mode). Never rejects; one sample at a time. */
  sample(atStart = false): Promise<void> {
    this.sampling ??= this.takeSample(atStart).finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  private async takeSample(atStart: boolean): Promise<void> {
    let status: Record<string, unknown>;
    try {
      status = await this.relay.serverStatus();
    } catch (err) {
      this.lastError = (err as Error).message;
      this.above = this.below = 0;
      return;
    }
    const now = Date.now();
    this.lastError = '';
    this.measuredAtMs = now;
    const rate = this.meter.add(rateSample(status, now));
    if (rate) {
      this.rate = rate;
      this.onRate(rate.flowsPerSecond);
      this.decide(rate.flowsPerSecond, atStart);
    }
  }

  private decide(rate: number, atStart: boolean): void {
    if (this.cfg.mode !== 'auto') {
      return;
    }
    const { queryModeRate, followModeRate, modeSamples } = this.cfg;
    this.above = rate > queryModeRate ? this.above + 1 : 0;
    this.below = rate < followModeRate ? this.below + 1 : 0;
    if (this.current === 'follow' && atStart && rate > queryModeRate) {
      this.switchTo(
        'query',
        `Hubble Relay reported ${perSecond(rate)} flows/s at start, above --query-mode-rate ${queryModeRate}`
      );
    } else if (this.current === 'follow' && this.above >= modeSamples) {
      this.switchTo(
        'query',
        `Hubble Relay reported more than --query-mode-rate ${queryModeRate} flows/s in ${modeSamples} samples in a row ` +
          `(last ${perSecond(rate)} flows/s)`
      );
    } else if (this.current === 'query' && this.below >= modeSamples) {
      this.switchTo(
        'follow',
        `Hubble Relay reported fewer than --follow-mode-rate ${followModeRate} flows/s in ${modeSamples} samples in a row ` +
          `(last ${perSecond(rate)} flows/s)`
      );
    } else if (!this.switched && this.current === 'follow') {
      this.reason = `Hubble Relay reports ${perSecond(rate)} flows/s, not above --query-mode-rate ${queryModeRate}`;
    }
  }

  private switchTo(mode: Mode, reason: string): void {
    this.current = mode;
    this.reason = reason;
    this.switched = true;
    this.sinceMs = Date.now();
    this.above = this.below = 0;
    this.log.info({ mode, reason, relay: this.cfg.relayAddress }, `switched to ${mode} mode`);
    this.onChange(mode);
  }

  /** The mode for `/api/v1/status`. */
  status(): ModeStatus {
    return {
      current: this.current,
      setting: this.cfg.mode,
      since: rfc(this.sinceMs),
      reason: this.reason,
      flow_rate: this.rate ? Math.round(this.rate.flowsPerSecond * 10) / 10 : null,
      flow_rate_source: this.rate?.source ?? null,
      measured_at: this.measuredAtMs === undefined ? null : rfc(this.measuredAtMs),
      query_mode_rate: this.cfg.queryModeRate,
      follow_mode_rate: this.cfg.followModeRate,
      last_error: this.lastError || undefined,
    };
  }
}
