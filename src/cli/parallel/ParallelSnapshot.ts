import type { TraceLinksData } from '../../store/TraceLinks.ts';
import type { ValueQueueData } from '../../store/ValueQueue.ts';

/** One worker's part of a parallel search at a level barrier. */
export interface PartSnapshot {
  readonly links: TraceLinksData;
  /** Its share of the next level, each state its global number then the state (wire codec). */
  readonly next: ValueQueueData;
  readonly generated: number;
  readonly truncated: boolean;
  readonly maxFanout: number;
}

/**
 * The parallel search (`--workers N`) at a level barrier, as data: what a checkpoint holds and
 * a resumed run (with the same N: a state's global number is its local one times N plus its
 * worker) starts from. Taken between levels, when no worker adds to the shared set.
 */
export interface ParallelSnapshot {
  readonly workers: number;
  /** The depth of the level to expand next. */
  readonly depth: number;
  /** The shared visited set's words (hi, lo per slot). */
  readonly set: Int32Array;
  /** Per worker, the batches other workers gave it for the next level. */
  readonly incoming: readonly (readonly ValueQueueData[])[];
  /** Per worker, the size of its own share of the next level. */
  readonly sizes: readonly number[];
  readonly counters: {
    readonly generated: number;
    readonly distinct: number;
    readonly storeBytes: number;
    readonly maxDepth: number;
    readonly maxFanout: number;
    readonly newPerExpanded: number;
    readonly elapsedMs: number;
  };
  readonly parts: readonly PartSnapshot[];
}
