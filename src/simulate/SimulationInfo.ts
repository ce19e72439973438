/** What a result of `lucheck simulate` says of the walks (`CheckResult.simulation`). */
export interface SimulationInfo {
  /** fast-check's seed of the first walks (worker k draws from seed + k). */
  readonly seed: number;
  /** Walks asked for (`--runs`) and walks done. */
  readonly runs: number;
  readonly walks: number;
  /** The most steps a walk takes (`--depth`). */
  readonly depth: number;
  /** Whether each walk drew its own weights for the event types (`--swarm`). */
  readonly swarm: boolean;
  /** The walk that failed: as found, then shrunk; `seed` and `path` draw the shrunk walk again (`--seed S --path P`). */
  readonly found?: {
    readonly seed: number;
    readonly path: string;
    /** Steps of the walk as drawn, up to its failure. */
    readonly foundSteps: number;
    /** Steps after fast-check's shrinking, then after its cycles were cut (the trace's length). */
    readonly shrunkSteps: number;
    readonly steps: number;
    readonly shrinks: number;
    /** Milliseconds from the start until the failing walk ended, and spent shrinking it. */
    readonly foundMs: number;
    readonly shrinkMs: number;
  };
}

