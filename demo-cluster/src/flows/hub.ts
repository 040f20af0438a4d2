/**
 * The FlowHub of the demo cluster (see types.ts for the contract).
 *
 * Feed (default): the demo workloads' generated flows plus the real captures of the fixtures
 * folder, re-homed into the cluster, re-timed and looped. With `flowsFile`: that file alone,
 * every flow in file order, re-timed by one shift so that its newest flow happens at the moment
 * the hub first advances (optionally looped); the file's malformed lines are skipped with a
 * warning naming each line.
 *
 * Time: the hub is advanced to an instant (`advanceTo(ms)`), releasing every flow up to that
 * instant in time order. `start()` advances it to the wall clock every `tickMs`; the history
 * writer and tests advance it explicitly. Flows are shared objects: listeners must not mutate them.
 */
import { Cluster } from '../topology/types';
import { buildCluster } from '../topology/cluster';
import { podsFromCaptures } from '../topology/fixture-pods';
import { formatFlowTime, parseFlowTime } from '../time';
import { CaptureTemplate, captureTemplate, defaultFixturesDir, emitCaptures, loadCaptureDir } from './captures';
import { Endpoints } from './endpoint';
import { loadFlowsFile } from './file';
import { FlowGenerator, NOMINAL_FLOWS_PER_SECOND, SLOT_US } from './generator';
import { rehomeCapture } from './remap';
import { Ring, TimeHeap } from './ring';
import { FlowHub, FlowJson, FlowListener } from './types';

/** Options of {@link createFlowHub}. */
export type CreateFlowHubOptions = {
  /** PRNG seed of the traffic: the same seed gives the same flows at the same instants. Default 1. */
  seed?: number | string;
  /**
   * Seed of the cluster's names, UIDs and addresses. Default "kind-kubeobs": fixed, so that the
   * committed scrape config (pod names, instances) fits every traffic seed.
   */
  topologySeed?: number | string;
  /** Folder of `hubble observe -o json` captures to loop; default {@link defaultFixturesDir}; null = none. */
  fixturesDir?: string | null;
  /** Replay this file alone (no generated flows, no captures loop). */
  flowsFile?: string;
  /** Loop the flows file (period: its span + 1 s). Default false: play it once. */
  loopFlowsFile?: boolean;
  /** Average generated flows per second (captures come on top, ~11/s). Default 30. */
  ratePerSecond?: number;
  /** Flows kept for `recent()`. Default 8192. */
  bufferSize?: number;
  /** Simulation start (Unix ms): flows are produced from here on. Default: now. */
  epochMs?: number;
  /** Wall-clock tick of `start()`, ms. Default 100. */
  tickMs?: number;
  /** Minimum loop period of a capture, seconds. Default 60. */
  minLoopSeconds?: number;
  /** Receives warnings (malformed lines, failing listeners). Default console.warn. */
  warn?: (msg: string) => void;
  /** Wall clock, ms. Default Date.now. */
  clock?: () => number;
};

/** Counters of what the hub has released. */
export type HubStats = {
  seenFlows: number;
  byNode: Record<string, number>;
  buffered: number;
  capacity: number;
  skippedLines: number;
};

/** A FlowHub with its lifecycle and its cluster. */
export type DemoFlowHub = FlowHub & {
  /** Advance to the wall clock every tickMs (idempotent). */
  start(): void;
  /** Stop advancing (idempotent). */
  stop(): void;
  /** Release every flow up to `ms` (Unix ms); earlier instants are ignored. */
  advanceTo(ms: number): void;
  stats(): HubStats;
  /** The simulated cluster the flows belong to. */
  readonly cluster: Cluster;
  readonly seed: number | string;
  readonly epochMs: number;
  /** The instant up to which flows have been released (Unix ms). */
  readonly nowMs: number;
};

/**
 * Creation time of the cluster for a simulation epoch: midnight UTC three days before the epoch's
 * day, so that hubs started on the same day agree on everything derived from it (pod ages,
 * restart counts, policy revisions).
 */
export function clusterCreatedMs(epochMs: number): number {
  return Math.floor(epochMs / 86_400_000) * 86_400_000 - 3 * 86_400_000;
}

/** Creates a FlowHub (see the module comment). */
export function createFlowHub(opts: CreateFlowHubOptions = {}): DemoFlowHub {
  const seed = opts.seed ?? 1;
  const warn = opts.warn ?? ((m: string) => console.warn(m));
  const clock = opts.clock ?? Date.now;
  const epochMs = opts.epochMs ?? clock();
  const fixturesDir = opts.fixturesDir === null ? undefined : (opts.fixturesDir ?? defaultFixturesDir());
  const raw = fixturesDir ? loadCaptureDir(fixturesDir, warn) : [];
  const cluster = buildCluster({
    seed: opts.topologySeed ?? 'kind-kubeobs',
    fixturePods: podsFromCaptures(raw.flatMap((r) => r.flows)),
    createdMs: clusterCreatedMs(epochMs),
  });
  const eps = new Endpoints(cluster);
  const generator = new FlowGenerator(seed, cluster, opts.ratePerSecond ?? NOMINAL_FLOWS_PER_SECOND);
  let skippedLines = 0;
  const file = opts.flowsFile
    ? loadFlowsFile(opts.flowsFile, (m) => {
        warn(m);
      })
    : undefined;
  skippedLines = file?.skipped.length ?? 0;
  const captures: CaptureTemplate[] = file
    ? []
    : raw.map((r) => captureTemplate(seed, r.file, rehomeCapture(r.flows, cluster, eps), opts.minLoopSeconds));

  const ring = new Ring<FlowJson>(
    Math.max(opts.bufferSize ?? 8192, file && !opts.loopFlowsFile ? Math.min(file.flows.length, 100_000) : 0)
  );
  const heap = new TimeHeap<FlowJson>();
  const listeners = new Set<FlowListener>();
  const byNode: Record<string, number> = {};
  let seen = 0;
  let nowUs = epochMs * 1000;
  let nextSlot = Math.floor(nowUs / SLOT_US);
  let timer: NodeJS.Timeout | undefined;
  let replayAnchorUs: number | undefined;
  const failed = new Set<FlowListener>();

  const release = (flow: FlowJson) => {
    ring.push(flow);
    seen++;
    byNode[flow.node_name] = (byNode[flow.node_name] ?? 0) + 1;
    for (const l of listeners) {
      try {
        l(flow);
      } catch (e) {
        if (!failed.has(l)) {
          failed.add(l);
          warn(`flow listener threw (further errors of this listener are not reported): ${(e as Error).stack ?? e}`);
        }
      }
    }
  };

  const fileTimes = file?.flows.map((f) => parseFlowTime(f.time as string)!) ?? [];
  // "Last" is the newest flow, so a file that is not in time order yields no future flows.
  const lastUs = fileTimes.reduce((m, t) => Math.max(m, t.us), -Infinity);
  const advanceFile = (toUs: number) => {
    if (!file || file.flows.length === 0) {
      return;
    }
    if (replayAnchorUs === undefined) {
      replayAnchorUs = toUs;
      const shift = toUs - lastUs;
      file.flows.forEach((f, i) =>
        release({ ...f, time: formatFlowTime({ us: fileTimes[i].us + shift, ns: fileTimes[i].ns }) })
      );
      nextSlot = 1;
    }
    if (!opts.loopFlowsFile) {
      return;
    }
    const firstUs = Math.min(...fileTimes.map((t) => t.us));
    const period = lastUs - firstUs + 1_000_000;
    // Loop k (k >= 1) ends at anchor + k * period.
    while (replayAnchorUs + nextSlot * period - (lastUs - firstUs) <= toUs) {
      const shift = replayAnchorUs + nextSlot * period - lastUs;
      file.flows.forEach((f, i) =>
        heap.push(
          fileTimes[i].us + shift,
          { ...f, time: formatFlowTime({ us: fileTimes[i].us + shift, ns: fileTimes[i].ns }) },
          fileTimes[i].ns
        )
      );
      nextSlot++;
    }
  };

  const hub: DemoFlowHub = {
    cluster,
    seed,
    epochMs,
    get nowMs() {
      return nowUs / 1000;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    recent(max) {
      return ring.last(max);
    },
    advanceTo(ms) {
      const toUs = Math.floor(ms * 1000);
      if (toUs <= nowUs && replayAnchorUs !== undefined) {
        return;
      }
      if (file) {
        advanceFile(toUs);
      } else {
        while (nextSlot * SLOT_US <= toUs) {
          const from = nextSlot * SLOT_US;
          const push = (f: FlowJson, us: number, ns: number) => heap.push(us, f, ns);
          generator.slot(nextSlot, push);
          for (const c of captures) {
            emitCaptures(seed, c, from, from + SLOT_US, push);
          }
          nextSlot++;
        }
      }
      while (heap.size > 0 && (heap.peekUs() as number) <= toUs) {
        release(heap.pop() as FlowJson);
      }
      nowUs = Math.max(nowUs, toUs);
    },
    start() {
      if (!timer) {
        hub.advanceTo(clock());
        timer = setInterval(() => hub.advanceTo(clock()), opts.tickMs ?? 100);
        timer.unref();
      }
    },
    stop() {
      if (timer) {
        clearInterval(timer);
        timer = undefined;
      }
    },
    stats() {
      return { seenFlows: seen, byNode: { ...byNode }, buffered: ring.size, capacity: ring.capacity, skippedLines };
    },
  };
  // Flows of the epoch's slot that precede the epoch are dropped, so history starts clean.
  if (!file) {
    const from = nextSlot * SLOT_US;
    const push = (f: FlowJson, us: number, ns: number) => {
      if (us >= nowUs) {
        heap.push(us, f, ns);
      }
    };
    generator.slot(nextSlot, push);
    for (const c of captures) {
      emitCaptures(seed, c, from, from + SLOT_US, push);
    }
    nextSlot++;
  }
  return hub;
}
