// The messages between the main thread and the workers of `lucheck check --workers N`.
import type { Engine } from '../../compiled/createSystem.ts';
import type { ModelErrorCode } from '../../model/errors.ts';
import type { LevelStep, TogetherPlan } from '../../search/sharedBfs.ts';
import type { ValueQueueData } from '../../store/ValueQueue.ts';
import type { EnvironmentKind } from '../../adapter/environment.ts';
import type { PartSnapshot } from './ParallelSnapshot.ts';

/** What a worker needs to build the same system as the main thread (its `workerData`). */
export interface WorkerSetup {
  /** A built-in model's name or a model file's absolute path, as `loadModel` takes it. */
  readonly modelRef: string;
  readonly cwd: string;
  /** Parameter values, already resolved by the main thread. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly engine: Engine | undefined;
  readonly symmetry: boolean;
  /** `--drop-auxiliary`. */
  readonly auxiliary: boolean;
  readonly invariants: readonly string[] | undefined;
  /** `--environment`, as parsed (undefined: the model's declaration). */
  readonly environment: readonly EnvironmentKind[] | undefined;
  readonly checkDeterminism: boolean;
  readonly maxDepth: number;
  readonly workers: number;
  readonly index: number;
  /** One Int32: set to 1 by whoever wants every worker to stop expanding (a finding, a bound). */
  readonly stop: SharedArrayBuffer;
  /** The workers' `LevelBarrier` (src/search/LevelBarrier.ts). */
  readonly barrier: SharedArrayBuffer;
}

export type ToWorker =
  /**
   * `deadline`: the `Date.now()` after which the step stops early (Infinity: no time limit);
   * `budget`: the most states the worker may add to the shared visited set before it pauses;
   * `set`: the buffer of a new shared visited set, when the main thread has made one;
   * `together`: how far the workers may run on among themselves (its `until` a `Date.now()`).
   */
  | { readonly type: 'step'; readonly depth: number; readonly incoming: readonly ValueQueueData[]; readonly budget: number; readonly deadline: number; readonly set?: SharedArrayBuffer; readonly together: TogetherPlan }
  | { readonly type: 'resume'; readonly budget: number; readonly deadline: number; readonly set?: SharedArrayBuffer }
  /** Between levels: copy slots `start` to `end` of the visited set `from` into the bigger one `to` (each worker its range). */
  | { readonly type: 'copy'; readonly from: SharedArrayBuffer; readonly to: SharedArrayBuffer; readonly start: number; readonly end: number }
  /** Hand over `counts[k]` states of the next level, one batch per count. */
  | { readonly type: 'give'; readonly counts: readonly number[] }
  | { readonly type: 'links'; readonly locals: readonly number[] }
  /** Between levels: this part as data, for a checkpoint. */
  | { readonly type: 'save' }
  /** Before the first step of a resumed run: take up this part's saved state. */
  | { readonly type: 'load'; readonly part: PartSnapshot };

/** How a worker failed: its load or its step threw. */
export interface WorkerFailure {
  readonly kind: 'usage' | 'model' | 'internal';
  readonly code?: ModelErrorCode;
  readonly message: string;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'step'; readonly step: LevelStep }
  | { readonly type: 'give'; readonly batches: ValueQueueData[] }
  | { readonly type: 'links'; readonly parents: number[]; readonly events: number[] }
  | { readonly type: 'save'; readonly part: PartSnapshot }
  | { readonly type: 'load' }
  | { readonly type: 'copy' }
  | { readonly type: 'failed'; readonly failure: WorkerFailure };

/** The buffers of states written for another thread, to transfer rather than copy. */
export function transferablesOf(batches: readonly ValueQueueData[]): ArrayBuffer[] {
  return batches.flatMap((d) => [...d.tags, ...d.nums].map((c) => c.buffer as ArrayBuffer));
}
