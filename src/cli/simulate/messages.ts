// The messages between the main thread and the workers of `lucheck simulate --workers N`.
import type { Engine } from '../../compiled/createSystem.ts';
import type { EnvironmentKind } from '../../adapter/environment.ts';
import type { Coverage } from '../../coverage/Coverage.ts';
import type { ModelErrorCode } from '../../model/errors.ts';
import type { FoundWalk } from '../../simulate/searchWalks.ts';
import type { FingerprintSetData } from '../../store/FingerprintSet.ts';

/** What a worker needs to draw its share of the walks (its `workerData`). */
export interface SimulateWorkerSetup {
  readonly entry: 'simulate';
  readonly modelRef: string;
  readonly cwd: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly engine: Engine | undefined;
  readonly invariants: readonly string[] | undefined;
  readonly environment: readonly EnvironmentKind[] | undefined;
  /** This worker's seed (the run's seed plus its index) and share of the walks. */
  readonly seed: number;
  readonly runs: number;
  readonly depth: number;
  readonly swarm: boolean;
  readonly timeLimitMs: number | undefined;
  /** One Int32: set to 1 by the worker that finds a failure, so the others stop. */
  readonly stop: SharedArrayBuffer;
}

/** A worker's walks, done: its figures, its visited fingerprints and coverage, and the failing walk or model error it met. */
export type FromSimulateWorker =
  | {
      readonly type: 'done';
      readonly walks: number;
      readonly steps: number;
      readonly maxDepth: number;
      readonly seen: FingerprintSetData;
      readonly timedOut: boolean;
      readonly found?: FoundWalk;
      readonly error?: { readonly code: ModelErrorCode; readonly message: string };
      readonly coverage: Coverage;
    }
  | { readonly type: 'failed'; readonly usage: boolean; readonly message: string };
